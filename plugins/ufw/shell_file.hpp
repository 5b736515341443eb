#pragma once
/// The subset of POSIX sh that /etc/ufw/ufw.conf and /etc/default/ufw are written in: ufw-init
/// sources both files with `set -e`, so each line is either a variable assignment or a command
/// sh runs (and when that command fails, ufw-init stops before starting the firewall).
///
/// Pure: text in, assignments and errors out.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::ufw {

/// One `NAME=value` after quote removal and parameter expansion.
struct ShellAssignment {
    std::string name;
    std::string value;
    int line = 0;
    int column = 0;        ///< of NAME
    int value_column = 0;  ///< of the first byte after `=`
    std::string text;      ///< the whole line as written
};

/// Something that stops sh (and with it ufw-init): a syntax error, or a command that is not an
/// assignment and is expected to fail.
struct ShellError {
    int line = 0;
    int column = 0;
    std::string message;
    bool stops = true;  ///< sh (and ufw-init) stops here; false: the line is only ineffective
};

/// The variables the file sets, in order, and every line sh would stop at.
struct ShellFile {
    std::vector<ShellAssignment> assignments;
    /// In file order; sh stops at the first one that `stops`, the rest are reported for the
    /// linter.
    std::vector<ShellError> errors;
};

/// Parses a sourced shell file. `env` holds variables set before it (for `$NAME` expansion);
/// assignments of this file are added to it in order, up to the first error.
ShellFile parse_shell_file(std::string_view text, std::map<std::string, std::string>& env);

/// Splits `value` as an unquoted expansion is split (blanks: space, tab, newline).
std::vector<std::string> split_fields(std::string_view value);

/// `printf FORMAT ARGS…` for formats whose only conversion is `%s`: the format is reused while
/// arguments remain, and missing arguments print as empty strings (POSIX printf).
std::string shell_printf(std::string_view format, const std::vector<std::string>& args);

}  // namespace lifeline::ufw

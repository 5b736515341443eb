#pragma once
/// One fail2ban configuration file parsed as Python 3.11's ConfigParser does with the options
/// fail2ban 1.0.2 gives it (strict, `=`/`:` delimiters, full-line comments `#`/`;`, inline
/// comments only `;` after whitespace, empty lines kept inside values, option names lower-cased).
/// Pure: text in, document out.

#include <string>
#include <string_view>
#include <vector>

#include "lifeline/diagnostic.hpp"

namespace lifeline::f2b {

/// The permanent ID and slug of every error fail2ban-client itself would report for the config.
inline constexpr std::string_view k_config_error_id = "F2B001";
inline constexpr std::string_view k_config_error_slug = "config-load-error";

/// A raw (uninterpolated) option value and where it was written.
struct Value {
    std::string text;         ///< continuation lines joined with '\n', trailing whitespace removed
    SourceLocation origin;    ///< the option name's position
};

/// One option of a section, in file order.
struct Option {
    std::string name;  ///< lower-cased (ConfigParser.optionxform)
    Value value;
};

/// A `[name]` section; `DEFAULT` (exactly, case-sensitive) is kept apart.
struct Section {
    std::string name;
    SourceLocation origin;
    std::vector<Option> options;
};

/// One parsed file.
struct IniFile {
    std::string path;
    std::vector<Option> defaults;    ///< `[DEFAULT]` options
    std::vector<Section> sections;   ///< in order of first appearance
    std::vector<Diagnostic> errors;  ///< any error makes fail2ban-client refuse the configuration

    /// The section named exactly `name`, or nullptr.
    const Section* find(std::string_view name) const;
};

/// Parses `text` (the file at `path`).
IniFile parse_ini(const std::string& path, std::string_view text);

/// Python's str.strip(): ASCII whitespace and the other characters str.isspace() accepts in
/// one byte (\x1c-\x1f).
std::string_view py_strip(std::string_view s);
/// Python's str.isspace() for one byte.
bool py_isspace(char c);

}  // namespace lifeline::f2b

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

/// Python's str.strip() on UTF-8 text: every character str.isspace() accepts — ASCII
/// whitespace, \x1c-\x1f, and the Unicode spaces (U+0085, U+00A0 no-break space, U+1680,
/// U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
std::string_view py_strip(std::string_view s);
/// Python's str.isspace() for one byte.
bool py_isspace(char c);
/// The length in bytes of the str.isspace() character starting at `pos` (UTF-8), 0 if none.
size_t py_space_at(std::string_view s, size_t pos);
/// The length in bytes of the str.isspace() character ending just before `pos`, 0 if none.
size_t py_space_before(std::string_view s, size_t pos);

}  // namespace lifeline::f2b

#pragma once
/// The iptables-save / iptables-restore file parser. Pure: text and path in, document out.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"

namespace lifeline::iptables {

/// The permanent ID of the iptables model's own parse findings.
inline constexpr std::string_view k_syntax_error_id = "IPT001";
inline constexpr std::string_view k_syntax_error_slug = "restore-syntax-error";

/// Stop collecting errors after this many so hostile input keeps memory bounded.
inline constexpr size_t k_max_errors = 1000;

/// Parses a whole file. `family` is 4 (iptables) or 6 (ip6tables) and decides which addresses
/// are valid. Unlike iptables-restore, parsing goes on after an error so every line is checked;
/// the restore semantics (abort at the first failing block) are the model's business.
SaveFile parse_save_file(std::string_view text, const std::string& path, int family = 4);

/// An error inside a line: message and 1-based column.
struct LineError {
    std::string message;
    int column = 0;
};

/// Parses the rule-specification tokens `args[start…]` into `rule`; the first error, if any.
std::optional<LineError> parse_rule(const std::vector<Token>& args, size_t start, int family,
                                    Rule& rule);

}  // namespace lifeline::iptables

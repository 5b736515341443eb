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

/// Takes each rule line as soon as it is parsed, instead of its block storing it, so that a
/// large file is never held as parsed lines (XtablesState::restore_text).
class RuleLineSink {
  public:
    virtual ~RuleLineSink() = default;
    /// A rule line of `block`; `block.chains` holds the declarations before it. The sink may
    /// move from `line`.
    virtual void line(const TableBlock& block, RuleLine& line) = 0;
    /// `block`'s COMMIT line.
    virtual void commit(const TableBlock& block) = 0;
};

/// The same, handing rule lines to `sink`: the blocks of the result hold no rule lines.
SaveFile parse_save_file(std::string_view text, const std::string& path, int family,
                         RuleLineSink* sink);

/// An error inside a line: message and 1-based column.
struct LineError {
    std::string message;
    int column = 0;
};

/// Parses the rule-specification tokens `args[start…]` into `rule`; the first error, if any.
std::optional<LineError> parse_rule(const std::vector<Token>& args, size_t start, int family,
                                    Rule& rule);

}  // namespace lifeline::iptables

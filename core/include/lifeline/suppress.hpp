#pragma once
/// Inline suppressions: a comment line `# lifeline: ignore[ID or slug, …] reason="…"
/// until=YYYY-MM-DD` (or `;` for fail2ban's files) directly above a directive or rule hides that
/// line's findings of the named rules. The reason is required; `until` is optional. Findings
/// about a declared login losing access (Diagnostic::declared_login) cannot be hidden this way.
///
/// The core reports the suppressions themselves:
///   LL001 suppression-malformed  (error)   no reason, a bad date, an unknown key or no rule
///   LL002 suppression-expired    (warning) `until` has passed: the findings are shown again
///   LL003 suppression-unused     (warning) nothing on the line below is reported by those rules
///   LL004 suppression-refused    (error)   it names a finding about a declared login

#include <optional>
#include <string>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/rule.hpp"
#include "lifeline/source.hpp"

namespace lifeline {

/// One suppression comment.
struct Suppression {
    SourceLocation location;           ///< the comment's `lifeline:` marker
    std::vector<std::string> targets;  ///< rule IDs or slugs, as written
    std::string reason;
    std::optional<long> until_day;     ///< days since 1970-01-01
    std::string until_text;
    std::string error;                 ///< why the comment is malformed; empty when valid
};

/// Parses the text after a comment marker; nullopt when it is not a `lifeline:` comment.
std::optional<Suppression> parse_suppression(std::string_view comment);

/// Days since 1970-01-01 of a `YYYY-MM-DD` date; nullopt when it is not a valid date.
std::optional<long> parse_day(std::string_view date);

/// The ID prefix of the core's own rules (`lifeline rules` lists them as plugin "core").
inline constexpr std::string_view k_core_rule_prefix = "LL";

/// The rules of the suppression diagnostics, for `lifeline rules` and policies.
const std::vector<RuleInfo>& suppression_rules();

/// Applies every suppression comment of every file in `sources` to `items` (removing what they
/// hide) and appends the LL001–LL004 findings. `today` is days since 1970-01-01 (the clock is
/// read by the caller).
void apply_suppressions(std::vector<Diagnostic>& items, const SourceManager& sources, long today);

}  // namespace lifeline

#pragma once
/// The permanent IDs of the findings the sshd model itself reports, and a helper to build them.

#include <string>
#include <string_view>

#include "lifeline/diagnostic.hpp"
#include "lifeline/source.hpp"

namespace lifeline::sshd {

/// A rule ID and slug.
struct RuleRef {
    std::string_view id;
    std::string_view slug;
    Severity severity = Severity::error;
};

inline constexpr RuleRef k_unknown_keyword{"SSHD001", "unknown-keyword"};
inline constexpr RuleRef k_malformed_line{"SSHD002", "malformed-line"};
inline constexpr RuleRef k_invalid_value{"SSHD003", "invalid-value"};
inline constexpr RuleRef k_global_keyword_in_match{"SSHD004", "global-keyword-in-match"};
inline constexpr RuleRef k_invalid_match{"SSHD005", "invalid-match-condition"};
inline constexpr RuleRef k_include_too_deep{"SSHD006", "include-too-deep"};
inline constexpr RuleRef k_config_unreadable{"SSHD007", "config-unreadable"};
inline constexpr RuleRef k_auth_methods_unsatisfiable{"SSHD008", "auth-methods-unsatisfiable"};
inline constexpr RuleRef k_command_without_user{"SSHD009", "command-without-user"};
inline constexpr RuleRef k_duplicate_subsystem{"SSHD010", "duplicate-subsystem"};
inline constexpr RuleRef k_any_after_list{"SSHD011", "auth-methods-any-after-list"};
inline constexpr RuleRef k_deprecated_keyword{"SSHD012", "deprecated-keyword", Severity::warning};
inline constexpr RuleRef k_unsupported_keyword{"SSHD013", "unsupported-keyword", Severity::warning};
/// Not a lint rule: `dump -C` without `lport=` while the config tests `Match LocalPort`.
inline constexpr RuleRef k_localport_without_lport{"SSHD014", "match-localport-without-lport"};
inline constexpr RuleRef k_host_keys_unavailable{"SSHD015", "host-keys-unavailable"};
/// Not a lint rule: `-C` specs that sshd refuses.
inline constexpr RuleRef k_connection_spec_invalid{"SSHD016", "connection-spec-invalid"};
/// Reported by `dump sshd` only: the host tree's passwd has no `sshd` user.
inline constexpr RuleRef k_privsep_user_missing{"SSHD017", "privsep-user-missing"};

/// A diagnostic of `rule` at `file:line:column`.
inline Diagnostic make_diagnostic(const RuleRef& rule, const std::string& path, int line,
                                  int column, std::string message, std::string help = {},
                                  int end_column = 0) {
    Diagnostic d;
    d.rule_id = std::string(rule.id);
    d.slug = std::string(rule.slug);
    d.severity = rule.severity;
    d.location.path = path;
    d.location.line = line;
    d.location.column = column;
    d.location.end_column = end_column;
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

}  // namespace lifeline::sshd

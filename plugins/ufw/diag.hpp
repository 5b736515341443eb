#pragma once
/// The permanent IDs of the ufw plugin's findings, and a helper to build them.

#include <string>
#include <string_view>

#include "lifeline/diagnostic.hpp"

namespace lifeline::ufw {

/// A rule ID, slug and severity.
struct RuleRef {
    std::string_view id;
    std::string_view slug;
    Severity severity = Severity::error;
};

inline constexpr RuleRef k_syntax_error{"UFW001", "syntax-error"};
inline constexpr RuleRef k_invalid_setting{"UFW002", "invalid-setting"};
inline constexpr RuleRef k_ssh_port_not_allowed{"UFW003", "ssh-port-not-allowed"};
inline constexpr RuleRef k_ssh_port_rate_limited{"UFW004", "ssh-port-rate-limited",
                                                 Severity::warning};
inline constexpr RuleRef k_app_profile_wrong_port{"UFW005", "app-profile-misses-ssh-port",
                                                  Severity::warning};
inline constexpr RuleRef k_ipv6_disabled{"UFW006", "ipv6-disabled-while-sshd-on-ipv6"};
inline constexpr RuleRef k_status_disagrees{"UFW007", "status-disagrees-with-rules",
                                            Severity::warning};
inline constexpr RuleRef k_rules_file_fails{"UFW008", "rules-file-fails-to-load"};
inline constexpr RuleRef k_ssh_allow_shadowed{"UFW009", "ssh-allow-shadowed"};
inline constexpr RuleRef k_before_rules_block_ssh{"UFW010", "before-rules-block-ssh"};
inline constexpr RuleRef k_established_not_accepted{"UFW011", "established-not-accepted"};
inline constexpr RuleRef k_unknown_app_profile{"UFW012", "unknown-app-profile", Severity::warning};

/// A diagnostic of `rule` at `path:line:column`.
inline Diagnostic make_diagnostic(const RuleRef& rule, const std::string& path, int line,
                                  int column, std::string message, std::string help = {}) {
    Diagnostic d;
    d.rule_id = std::string(rule.id);
    d.slug = std::string(rule.slug);
    d.severity = rule.severity;
    d.location.path = path;
    d.location.line = line;
    d.location.column = column;
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

}  // namespace lifeline::ufw

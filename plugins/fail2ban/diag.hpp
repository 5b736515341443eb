#pragma once
/// The permanent IDs of the fail2ban plugin's findings.

#include <string_view>

#include "lifeline/diagnostic.hpp"

namespace lifeline::f2b {

/// A rule ID, slug and severity.
struct RuleRef {
    std::string_view id;
    std::string_view slug;
    Severity severity = Severity::error;
};

inline constexpr RuleRef k_config_load_error{"F2B001", "config-load-error"};
inline constexpr RuleRef k_must_login_bannable{"F2B002", "must-login-bannable", Severity::warning};
inline constexpr RuleRef k_ignoreip_replaces_default{"F2B003", "jail-ignoreip-replaces-default",
                                                     Severity::warning};
inline constexpr RuleRef k_lowercase_default{"F2B004", "lowercase-default-section",
                                             Severity::warning};
inline constexpr RuleRef k_invalid_ignoreip{"F2B005", "invalid-ignoreip"};
inline constexpr RuleRef k_sshd_jail_wrong_port{"F2B006", "sshd-jail-wrong-port",
                                                Severity::warning};
inline constexpr RuleRef k_permanent_ban_no_whitelist{"F2B007", "permanent-ban-without-whitelist",
                                                      Severity::warning};
inline constexpr RuleRef k_maxretry_within_max_auth_tries{
    "F2B008", "maxretry-within-max-auth-tries", Severity::warning};
/// `lint --live` only: fail2ban-server's current bans.
inline constexpr RuleRef k_must_login_banned_now{"F2B009", "must-login-banned-now"};
inline constexpr RuleRef k_live_bans_unavailable{"F2B010", "live-bans-unavailable",
                                                 Severity::info};

}  // namespace lifeline::f2b

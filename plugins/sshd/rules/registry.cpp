// The sorted list of sshd rules. Add a rule: write rules/<slug>.cpp with its check function and
// rules/<slug>.md with the standard headings, declare the check below and add a row in ID order.
#include <algorithm>

#include "rule.hpp"
#include "sshd_rule_docs.hpp"

namespace lifeline::sshd {

// Declarations of the check functions of rules SSHD020 and later go here (outside the
// anonymous namespace: each is defined in its own rules/<slug>.cpp).
void check_setting_after_trailing_match(RuleContext&);
void check_include_after_settings(RuleContext&);
void check_include_matches_nothing(RuleContext&);
void check_comma_in_user_list(RuleContext&);
void check_match_auth_method_disabled(RuleContext&);
void check_no_usable_auth_method(RuleContext&);
void check_socket_port_mismatch(RuleContext&);
void check_root_password_login(RuleContext&);
void check_password_authentication_enabled(RuleContext&);
void check_negation_only_pattern(RuleContext&);
void check_host_pattern_without_usedns(RuleContext&);
void check_unknown_percent_token(RuleContext&);
void check_max_auth_tries_low(RuleContext&);
void check_sshd_not_to_be_run(RuleContext&);
void check_allow_lists_admit_nobody(RuleContext&);
void check_host_key_algorithms_without_key(RuleContext&);
void check_listens_only_on_loopback(RuleContext&);
void check_session_disabled(RuleContext&);
void check_locked_account_with_usepam_no(RuleContext&);
void check_sshd_opts_override(RuleContext&);
void check_root_login_permitted(RuleContext&);
void check_empty_passwords_permitted(RuleContext&);
void check_x11_forwarding_enabled(RuleContext&);
void check_max_auth_tries_high(RuleContext&);
void check_login_grace_time_long(RuleContext&);
void check_client_alive_disabled(RuleContext&);
void check_rhosts_not_ignored(RuleContext&);
void check_hostbased_authentication_enabled(RuleContext&);
void check_weak_ciphers(RuleContext&);
void check_weak_macs(RuleContext&);
void check_weak_kex_algorithms(RuleContext&);
void check_log_level_unsuitable(RuleContext&);
void check_tcp_forwarding_enabled(RuleContext&);
void check_max_startups_permissive(RuleContext&);
void check_max_sessions_high(RuleContext&);
void check_user_environment_permitted(RuleContext&);
void check_no_login_banner(RuleContext&);
void check_pam_disabled(RuleContext&);
void check_access_not_restricted(RuleContext&);
void check_kbd_interactive_enabled(RuleContext&);
void check_running_listeners_differ(RuleContext&);

namespace {

using lifeline::Severity;

const SshdRule k_rules[] = {
    {{"SSHD001", "unknown-keyword", Severity::error,
      "a keyword sshd does not know stops it from starting", sshd_rule_doc("unknown-keyword")},
     nullptr},
    {{"SSHD002", "malformed-line", Severity::error,
      "a missing or extra argument, or an unterminated quote, stops sshd",
      sshd_rule_doc("malformed-line")},
     nullptr},
    {{"SSHD003", "invalid-value", Severity::error, "a value sshd rejects stops it from starting",
      sshd_rule_doc("invalid-value")},
     nullptr},
    {{"SSHD004", "global-keyword-in-match", Severity::error,
      "a global-only keyword inside a Match block stops sshd",
      sshd_rule_doc("global-keyword-in-match")},
     nullptr},
    {{"SSHD005", "invalid-match-condition", Severity::error,
      "a Match line sshd cannot parse stops it from starting",
      sshd_rule_doc("invalid-match-condition")},
     nullptr},
    {{"SSHD006", "include-too-deep", Severity::error,
      "Include nesting deeper than 16 (often a loop) stops sshd", sshd_rule_doc("include-too-deep")},
     nullptr},
    {{"SSHD007", "config-unreadable", Severity::error,
      "the configuration or an included file cannot be read", sshd_rule_doc("config-unreadable")},
     nullptr},
    {{"SSHD008", "auth-methods-unsatisfiable", Severity::error,
      "global AuthenticationMethods need a disabled method, so sshd refuses to start",
      sshd_rule_doc("auth-methods-unsatisfiable")},
     nullptr},
    {{"SSHD009", "command-without-user", Severity::error,
      "AuthorizedKeysCommand/AuthorizedPrincipalsCommand without its User stops sshd",
      sshd_rule_doc("command-without-user")},
     nullptr},
    {{"SSHD010", "duplicate-subsystem", Severity::error,
      "a Subsystem defined twice stops sshd 9.2", sshd_rule_doc("duplicate-subsystem")},
     nullptr},
    {{"SSHD011", "auth-methods-any-after-list", Severity::error,
      "AuthenticationMethods any after a list stops sshd 9.2 (bz3657)",
      sshd_rule_doc("auth-methods-any-after-list")},
     nullptr},
    {{"SSHD012", "deprecated-keyword", Severity::warning,
      "a deprecated keyword is ignored by sshd", sshd_rule_doc("deprecated-keyword")},
     nullptr},
    {{"SSHD013", "unsupported-keyword", Severity::warning,
      "a keyword this sshd build does not support is ignored",
      sshd_rule_doc("unsupported-keyword")},
     nullptr},
    {{"SSHD015", "host-keys-unavailable", Severity::error,
      "no HostKey can be loaded, so sshd exits", sshd_rule_doc("host-keys-unavailable")},
     nullptr},
    {{"SSHD020", "setting-after-trailing-match", Severity::warning,
      "a line meant to be global sits inside the Match block above it",
      sshd_rule_doc("setting-after-trailing-match")},
     check_setting_after_trailing_match},
    {{"SSHD021", "include-after-settings", Severity::warning,
      "a drop-in setting is ignored because the including file set it before the Include",
      sshd_rule_doc("include-after-settings")},
     check_include_after_settings},
    {{"SSHD022", "include-matches-nothing", Severity::warning,
      "an Include names a file or directory that does not exist",
      sshd_rule_doc("include-matches-nothing")},
     check_include_matches_nothing},
    {{"SSHD023", "comma-in-user-list", Severity::error,
      "a comma in AllowUsers/DenyUsers/AllowGroups/DenyGroups makes one pattern no name matches",
      sshd_rule_doc("comma-in-user-list")},
     check_comma_in_user_list},
    {{"SSHD024", "match-auth-method-disabled", Severity::error,
      "an AuthenticationMethods list in a Match block needs a method disabled there",
      sshd_rule_doc("match-auth-method-disabled")},
     check_match_auth_method_disabled},
    {{"SSHD025", "no-usable-auth-method", Severity::error,
      "no authentication method can succeed in a context",
      sshd_rule_doc("no-usable-auth-method")},
     check_no_usable_auth_method},
    {{"SSHD026", "socket-port-mismatch", Severity::error,
      "ssh.socket is enabled and listens on other ports than sshd_config's Port",
      sshd_rule_doc("socket-port-mismatch")},
     check_socket_port_mismatch},
    {{"SSHD027", "root-password-login", Severity::warning,
      "root may log in with a password",
      sshd_rule_doc("root-password-login")},
     check_root_password_login},
    {{"SSHD028", "password-authentication-enabled", Severity::warning,
      "password authentication is enabled for every connection",
      sshd_rule_doc("password-authentication-enabled")},
     check_password_authentication_enabled},
    {{"SSHD029", "negation-only-pattern", Severity::warning,
      "a pattern list with only negated entries matches nothing",
      sshd_rule_doc("negation-only-pattern")},
     check_negation_only_pattern},
    {{"SSHD030", "host-pattern-without-usedns", Severity::warning,
      "a host-name pattern never matches while UseDNS is no",
      sshd_rule_doc("host-pattern-without-usedns")},
     check_host_pattern_without_usedns},
    {{"SSHD031", "unknown-percent-token", Severity::error,
      "an unknown %-token makes every login that expands the path fail",
      sshd_rule_doc("unknown-percent-token")},
     check_unknown_percent_token},
    {{"SSHD032", "max-auth-tries-low", Severity::warning,
      "MaxAuthTries below 3 cuts off clients that offer several keys",
      sshd_rule_doc("max-auth-tries-low")},
     check_max_auth_tries_low},
    {{"SSHD033", "sshd-not-to-be-run", Severity::error,
      "/etc/ssh/sshd_not_to_be_run keeps Debian's ssh.service from starting",
      sshd_rule_doc("sshd-not-to-be-run")},
     check_sshd_not_to_be_run},
    {{"SSHD034", "allow-lists-admit-nobody", Severity::error,
      "no login account passes the Allow/Deny user and group lists",
      sshd_rule_doc("allow-lists-admit-nobody")},
     check_allow_lists_admit_nobody},
    {{"SSHD035", "host-key-algorithms-without-key", Severity::error,
      "HostKeyAlgorithms admits no type of the available host keys, so every key exchange fails",
      sshd_rule_doc("host-key-algorithms-without-key")},
     check_host_key_algorithms_without_key},
    {{"SSHD036", "listens-only-on-loopback", Severity::error,
      "sshd listens only on loopback, so nobody can connect from another machine",
      sshd_rule_doc("listens-only-on-loopback")},
     check_listens_only_on_loopback},
    {{"SSHD037", "session-disabled", Severity::error,
      "MaxSessions 0 refuses every shell, command and sftp session",
      sshd_rule_doc("session-disabled")},
     check_session_disabled},
    {{"SSHD038", "locked-account-with-usepam-no", Severity::warning,
      "with UsePAM no, sshd refuses accounts locked in /etc/shadow even with a key",
      sshd_rule_doc("locked-account-with-usepam-no")},
     check_locked_account_with_usepam_no},
    {{"SSHD039", "sshd-opts-override", Severity::warning,
      "SSHD_OPTS in /etc/default/ssh overrides sshd_config on the running daemon",
      sshd_rule_doc("sshd-opts-override")},
     check_sshd_opts_override},
    {{"SSHD040", "root-login-permitted", Severity::warning,
      "PermitRootLogin is not no, so root can log in over SSH",
      sshd_rule_doc("root-login-permitted")},
     check_root_login_permitted},
    {{"SSHD041", "empty-passwords-permitted", Severity::error,
      "PermitEmptyPasswords yes lets accounts with an empty password in without a secret",
      sshd_rule_doc("empty-passwords-permitted")},
     check_empty_passwords_permitted},
    {{"SSHD042", "x11-forwarding-enabled", Severity::warning,
      "X11Forwarding yes (and DisableForwarding not yes)",
      sshd_rule_doc("x11-forwarding-enabled")},
     check_x11_forwarding_enabled},
    {{"SSHD043", "max-auth-tries-high", Severity::warning,
      "MaxAuthTries above 4 gives each connection more guesses",
      sshd_rule_doc("max-auth-tries-high")},
     check_max_auth_tries_high},
    {{"SSHD044", "login-grace-time-long", Severity::warning,
      "LoginGraceTime 0 or above 60 seconds lets unauthenticated connections linger",
      sshd_rule_doc("login-grace-time-long")},
     check_login_grace_time_long},
    {{"SSHD045", "client-alive-disabled", Severity::warning,
      "ClientAliveInterval or ClientAliveCountMax 0: sessions of vanished clients never end",
      sshd_rule_doc("client-alive-disabled")},
     check_client_alive_disabled},
    {{"SSHD046", "rhosts-not-ignored", Severity::warning,
      "IgnoreRhosts is not yes, so ~/.rhosts and ~/.shosts count",
      sshd_rule_doc("rhosts-not-ignored")},
     check_rhosts_not_ignored},
    {{"SSHD047", "hostbased-authentication-enabled", Severity::warning,
      "HostbasedAuthentication yes trusts client hosts instead of users",
      sshd_rule_doc("hostbased-authentication-enabled")},
     check_hostbased_authentication_enabled},
    {{"SSHD048", "weak-ciphers", Severity::warning,
      "Ciphers admits a weak (CBC) cipher",
      sshd_rule_doc("weak-ciphers")},
     check_weak_ciphers},
    {{"SSHD049", "weak-macs", Severity::warning,
      "MACs admits a weak MAC (sshd 9.2's default list does)",
      sshd_rule_doc("weak-macs")},
     check_weak_macs},
    {{"SSHD050", "weak-kex-algorithms", Severity::warning,
      "KexAlgorithms admits a weak (SHA-1) key exchange",
      sshd_rule_doc("weak-kex-algorithms")},
     check_weak_kex_algorithms},
    {{"SSHD051", "log-level-unsuitable", Severity::warning,
      "LogLevel is not INFO or VERBOSE",
      sshd_rule_doc("log-level-unsuitable")},
     check_log_level_unsuitable},
    {{"SSHD052", "tcp-forwarding-enabled", Severity::warning,
      "AllowTcpForwarding is not no (and DisableForwarding not yes)",
      sshd_rule_doc("tcp-forwarding-enabled")},
     check_tcp_forwarding_enabled},
    {{"SSHD053", "max-startups-permissive", Severity::warning,
      "MaxStartups is less strict than 10:30:60 (the default 10:30:100 is)",
      sshd_rule_doc("max-startups-permissive")},
     check_max_startups_permissive},
    {{"SSHD054", "max-sessions-high", Severity::warning,
      "MaxSessions above 10",
      sshd_rule_doc("max-sessions-high")},
     check_max_sessions_high},
    {{"SSHD055", "user-environment-permitted", Severity::warning,
      "PermitUserEnvironment lets users set environment variables",
      sshd_rule_doc("user-environment-permitted")},
     check_user_environment_permitted},
    {{"SSHD056", "no-login-banner", Severity::warning,
      "Banner none: no warning before login",
      sshd_rule_doc("no-login-banner")},
     check_no_login_banner},
    // Declared logins: checked in entry.cpp with the shared facts (access/intent_check.cpp).
    {{"SSHD057", "must-login-denied", Severity::error,
      "sshd refuses a login declared as one that must keep working (--access, must_login)",
      sshd_rule_doc("must-login-denied")},
     nullptr},
    {{"SSHD058", "must-not-login-admitted", Severity::error,
      "sshd admits a login a policy's must_not_login says must be refused",
      sshd_rule_doc("must-not-login-admitted")},
     nullptr},
    {{"SSHD059", "pam-disabled", Severity::warning,
      "UsePAM no: PAM's account and session checks do not run",
      sshd_rule_doc("pam-disabled")},
     check_pam_disabled},
    {{"SSHD060", "access-not-restricted", Severity::warning,
      "no AllowUsers, AllowGroups, DenyUsers or DenyGroups restricts who logs in",
      sshd_rule_doc("access-not-restricted")},
     check_access_not_restricted},
    {{"SSHD061", "kbd-interactive-enabled", Severity::warning,
      "KbdInteractiveAuthentication yes with UsePAM yes opens password logins through PAM",
      sshd_rule_doc("kbd-interactive-enabled")},
     check_kbd_interactive_enabled},
    // Reported by SSHD027, SSHD028, SSHD040 and SSHD061 in place of their own finding.
    {{"SSHD062", "hardening-conflicts-with-must-login", Severity::info,
      "a hardening rule's fix would lock out a declared login, so it is not enforced",
      sshd_rule_doc("hardening-conflicts-with-must-login")},
     nullptr},
    // `lint --live` only: the running sshd's sockets (`ss -tlnpH`); SSHD071 is reported by
    // SSHD070's check when they cannot be read. IDs from 070 up: 060+ went to the hardening set.
    {{"SSHD070", "running-listeners-differ", Severity::warning,
      "the running sshd listens elsewhere than its configuration says",
      sshd_rule_doc("running-listeners-differ"), true},
     check_running_listeners_differ},
    {{"SSHD071", "live-listeners-unavailable", Severity::info,
      "`lint --live` could not read the running sshd's listening sockets",
      sshd_rule_doc("live-listeners-unavailable"), true},
     nullptr},
};

std::vector<lifeline::RuleInfo> make_infos() {
    std::vector<lifeline::RuleInfo> out;
    for (const auto& r : k_rules) out.push_back(r.info);
    return out;
}

}  // namespace

std::span<const SshdRule> all_rules() { return k_rules; }

std::span<const lifeline::RuleInfo> all_rule_infos() {
    static const std::vector<lifeline::RuleInfo> k_infos = make_infos();
    return k_infos;
}

const SshdRule* find_rule(std::string_view id) {
    for (const auto& r : k_rules)
        if (r.info.id == id) return &r;
    return nullptr;
}

}  // namespace lifeline::sshd

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

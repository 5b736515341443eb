// The sorted list of fail2ban rules. Add a rule: write rules/<slug>.cpp with its check function
// and rules/<slug>.md with the standard headings, give it a RuleRef in diag.hpp, declare the
// check below and add a row in ID order.
#include <algorithm>

#include "fail2ban_rule_docs.hpp"
#include "rule.hpp"

namespace lifeline::f2b {

void check_must_login_bannable(RuleContext&);
void check_ignoreip_replaces_default(RuleContext&);
void check_lowercase_default(RuleContext&);
void check_invalid_ignoreip(RuleContext&);
void check_sshd_jail_wrong_port(RuleContext&);
void check_permanent_ban_no_whitelist(RuleContext&);
void check_maxretry_within_max_auth_tries(RuleContext&);
void check_must_login_banned_now(RuleContext&);

namespace {

RuleInfo info(const RuleRef& r, std::string_view summary, bool live_only = false) {
    return {r.id, r.slug, r.severity, summary, fail2ban_rule_doc(r.slug), live_only};
}

const F2bRule k_rules[] = {
    {info(k_config_load_error,
          "fail2ban-client refuses the jail configuration (syntax or interpolation): no jail starts"),
     nullptr},
    {info(k_must_login_bannable,
          "a jail can ban the source of a login that must keep working: it is not in ignoreip"),
     check_must_login_bannable},
    {info(k_ignoreip_replaces_default,
          "a jail's ignoreip replaces [DEFAULT]'s, so the addresses listed there can be banned"),
     check_ignoreip_replaces_default},
    {info(k_lowercase_default,
          "[default] is a jail, not [DEFAULT]: its settings reach no other jail"),
     check_lowercase_default},
    {info(k_invalid_ignoreip,
          "an ignoreip entry fail2ban reads differently from what it says (TAB, bad length or "
          "mask, not an address)"),
     check_invalid_ignoreip},
    {info(k_sshd_jail_wrong_port,
          "the sshd jail bans ports sshd does not listen on: its bans never stop an attack"),
     check_sshd_jail_wrong_port},
    {info(k_permanent_ban_no_whitelist,
          "a permanent ban (bantime = -1) on sshd's port with an empty ignoreip"),
     check_permanent_ban_no_whitelist},
    {info(k_maxretry_within_max_auth_tries,
          "the sshd jail's maxretry is at or below sshd's MaxAuthTries"),
     check_maxretry_within_max_auth_tries},
    // `lint --live` only: fail2ban-server's current bans (live.cpp); F2B010 is reported by
    // entry.cpp when they cannot be read.
    {info(k_must_login_banned_now,
          "a source of a login that must keep working is banned by fail2ban right now", true),
     check_must_login_banned_now},
    {info(k_live_bans_unavailable,
          "`lint --live` could not read fail2ban-server's current bans", true),
     nullptr},
};

}  // namespace

std::span<const F2bRule> all_rules() {
    return k_rules;
}

std::span<const RuleInfo> all_rule_infos() {
    static const std::vector<RuleInfo> k_infos = [] {
        std::vector<RuleInfo> v;
        for (const auto& r : k_rules) v.push_back(r.info);
        return v;
    }();
    return k_infos;
}

std::string jail_label(const Jail& jail) {
    return "[" + jail.name + "]";
}

Diagnostic& RuleContext::report(const RuleRef& rule, const SourceLocation& at,
                                std::string message, std::string help) {
    Diagnostic d;
    d.rule_id = std::string(rule.id);
    d.slug = std::string(rule.slug);
    d.severity = rule.severity;
    d.location = at;
    d.location.path = shown_path(host, at.path);
    d.message = std::move(message);
    d.help = std::move(help);
    out.report(std::move(d));
    return out.items().back();
}

std::vector<int> RuleContext::ssh_ports(int family) const {
    std::vector<int> ports;
    for (const SshListener& l : facts.ssh_listeners)
        if ((family == 0 || l.family == family) &&
            std::find(ports.begin(), ports.end(), l.port) == ports.end())
            ports.push_back(l.port);
    if (ports.empty()) ports.push_back(22);
    return ports;
}

}  // namespace lifeline::f2b

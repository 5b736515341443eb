// The sorted list of ufw rules. Add a rule: write rules/<slug>.cpp with its check function and
// rules/<slug>.md with the standard headings, give it a RuleRef in diag.hpp, declare the check
// below and add a row in ID order.
#include "rule.hpp"
#include "ufw_rule_docs.hpp"

namespace lifeline::ufw {

void check_ssh_port_not_allowed(RuleContext&);
void check_ssh_port_rate_limited(RuleContext&);
void check_app_profile_misses_ssh_port(RuleContext&);
void check_ipv6_disabled(RuleContext&);
void check_status_disagrees(RuleContext&);
void check_rules_file_fails(RuleContext&);
void check_ssh_allow_shadowed(RuleContext&);
void check_before_rules_block_ssh(RuleContext&);
void check_established_not_accepted(RuleContext&);
void check_unknown_app_profile(RuleContext&);

namespace {

RuleInfo info(const RuleRef& r, std::string_view summary) {
    return {r.id, r.slug, r.severity, summary, ufw_rule_doc(r.slug)};
}

const UfwRule k_rules[] = {
    {info(k_syntax_error, "a line ufw cannot read: settings, application profiles, tuples"),
     nullptr},
    {info(k_invalid_setting, "a value in ufw.conf or /etc/default/ufw that ufw-init mishandles"),
     nullptr},
    {info(k_ssh_port_not_allowed, "ufw is enabled and no rule admits sshd's port"),
     check_ssh_port_not_allowed},
    {info(k_ssh_port_rate_limited,
          "`limit` on sshd's port refuses the 6th new connection within 30 s per source"),
     check_ssh_port_rate_limited},
    {info(k_app_profile_wrong_port,
          "an SSH application profile rule opens a port sshd does not listen on"),
     check_app_profile_misses_ssh_port},
    {info(k_ipv6_disabled, "IPV6=no drops all IPv6 while sshd listens on IPv6"),
     check_ipv6_disabled},
    {info(k_status_disagrees,
          "a tuple comment (what `ufw status` shows) disagrees with the rules under it"),
     check_status_disagrees},
    {info(k_rules_file_fails, "a rules file fails to load: the policy applies without its rules"),
     check_rules_file_fails},
    {info(k_ssh_allow_shadowed,
          "a deny or reject rule before the allow of sshd's port takes some of its sources"),
     check_ssh_allow_shadowed},
    {info(k_before_rules_block_ssh, "before.rules drops or rejects new connections to sshd"),
     check_before_rules_block_ssh},
    {info(k_established_not_accepted,
          "packets of an established SSH session (or its replies) are dropped"),
     check_established_not_accepted},
    {info(k_unknown_app_profile, "a rule names an application profile no file defines"),
     check_unknown_app_profile},
};

}  // namespace

std::span<const UfwRule> all_rules() {
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

}  // namespace lifeline::ufw

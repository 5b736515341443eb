// UFW006 ipv6-disabled-while-sshd-on-ipv6: with IPV6 other than yes, ufw-init drops every IPv6
// packet but loopback's, so sshd's IPv6 sockets are unreachable.
#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {

void check_ipv6_disabled(RuleContext& ctx) {
    if (!ctx.model.start.started || ctx.model.settings.ipv6_enabled()) return;
    for (const SshTarget& t : ssh_targets(ctx.facts)) {
        if (t.family != 6) continue;
        const Setting& v6 = ctx.model.settings.ipv6;
        std::string value = v6.set ? "IPV6=" + v6.value : std::string("IPV6 is not set");
        ctx.report(k_ipv6_disabled, v6.set ? v6.file : ctx.model.settings.defaults_path, v6.line,
                   v6.column,
                   value +
                       ": ufw drops every IPv6 packet except on loopback, so sshd's IPv6 "
                       "listener on port " +
                       std::to_string(t.port) + " cannot be reached over IPv6",
                   "set IPV6=yes (and allow the port in user6.rules), or `AddressFamily inet` "
                   "in sshd_config if IPv6 logins are not wanted");
        return;
    }
}

}  // namespace lifeline::ufw

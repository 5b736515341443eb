// SSHD052 tcp-forwarding-enabled: AllowTcpForwarding other than no (the default is yes) where
// DisableForwarding is not yes, globally or in a Match block's context (CIS: "Ensure sshd
// DisableForwarding is enabled"; DevSec sshd-39).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_tcp_forwarding_enabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD052")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& tcp = c.options.allow_tcp_forwarding;
        if (tcp.v <= 0 || c.options.disable_forwarding.v == 1) return;
        if (!done.first(tcp.from, c.global)) return;
        std::string head = tcp.from ? "AllowTcpForwarding " + tcp.from->args.front().text
                                    : "AllowTcpForwarding is not set and defaults to yes";
        ctx.report(rule, value_location(ctx, tcp.from),
                   head + c.where +
                       ": users can tunnel TCP connections through this host, past the firewall",
                   "set AllowTcpForwarding no, or DisableForwarding yes to turn off every kind of "
                   "forwarding");
    });
}

}  // namespace lifeline::sshd

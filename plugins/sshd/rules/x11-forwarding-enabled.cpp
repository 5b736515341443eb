// SSHD042 x11-forwarding-enabled: X11Forwarding yes where DisableForwarding is not yes (CIS:
// "Ensure sshd DisableForwarding is enabled"; DevSec sshd-42), globally or in a Match block's
// context.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_x11_forwarding_enabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD042")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& x11 = c.options.x11_forwarding;
        if (x11.v != 1 || c.options.disable_forwarding.v == 1) return;
        if (!done.first(x11.from, c.global)) return;
        ctx.report(rule, value_location(ctx, x11.from),
                   "X11Forwarding yes" + c.where +
                       ": a client that forwards its display exposes it to anyone with root on "
                       "this server",
                   "set X11Forwarding no, or DisableForwarding yes to turn off every kind of "
                   "forwarding");
    });
}

}  // namespace lifeline::sshd

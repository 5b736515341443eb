// SSHD045 client-alive-disabled: ClientAliveInterval 0 (the default) or ClientAliveCountMax 0,
// globally or in a Match block's context: sshd never drops a session whose client is gone (CIS:
// "Ensure sshd ClientAliveInterval and ClientAliveCountMax are configured"; DevSec sshd-36,
// sshd-37).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_client_alive_disabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD045")->info;
    const std::string help =
        "set ClientAliveInterval (e.g. 300) and ClientAliveCountMax (e.g. 3) "
        "above 0";
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& interval = c.options.client_alive_interval;
        const IntOpt& count = c.options.client_alive_count_max;
        if (interval.v == 0) {
            if (!done.first(interval.from, c.global)) return;
            std::string head = interval.from ? "ClientAliveInterval 0"
                                             : "ClientAliveInterval is not set and defaults to 0";
            ctx.report(rule, value_location(ctx, interval.from),
                       head + c.where +
                           ": sshd never checks that the client is still there, so the session "
                           "of a vanished client stays open",
                       help);
        } else if (count.v == 0) {
            if (!done.first(count.from, c.global)) return;
            ctx.report(rule, value_location(ctx, count.from),
                       "ClientAliveCountMax 0" + c.where +
                           ": sshd never closes a session whose client stopped answering",
                       help);
        }
    });
}

}  // namespace lifeline::sshd

// SSHD047 hostbased-authentication-enabled: HostbasedAuthentication yes, globally or in a Match
// block's context (CIS: "Ensure sshd HostbasedAuthentication is disabled"; DevSec sshd-25).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_hostbased_authentication_enabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD047")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& hostbased = c.options.hostbased_authentication;
        if (hostbased.v != 1 || !done.first(hostbased.from, c.global)) return;
        ctx.report(rule, value_location(ctx, hostbased.from),
                   "HostbasedAuthentication yes" + c.where +
                       ": a login is granted because of the client host, not the user: whoever "
                       "controls a trusted host can log in as the users it vouches for",
                   "set HostbasedAuthentication no (the default) and give users keys");
    });
}

}  // namespace lifeline::sshd

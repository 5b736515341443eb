// SSHD043 max-auth-tries-high: MaxAuthTries above 4 (option `max`), globally (the default is 6)
// or in a Match block's context (CIS: "Ensure sshd MaxAuthTries is configured"; DevSec sshd-19).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_max_auth_tries_high(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD043")->info;
    const long long max = int_option(ctx, rule, "max", 4);
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& tries = c.options.max_authtries;
        if (tries.v <= max || !done.first(tries.from, c.global)) return;
        std::string n = std::to_string(tries.v);
        std::string head =
            tries.from ? "MaxAuthTries " + n : "MaxAuthTries is not set and defaults to " + n;
        ctx.report(rule, value_location(ctx, tries.from),
                   head + c.where + ", above " + std::to_string(max) +
                       ": each connection may guess that many passwords or keys",
                   "set MaxAuthTries " + std::to_string(max) +
                       " (keep it at 3 or more: every key a client offers counts, see SSHD032)");
    });
}

}  // namespace lifeline::sshd

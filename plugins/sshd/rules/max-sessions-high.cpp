// SSHD054 max-sessions-high: MaxSessions above 10 (option `max`), globally or in a Match block's
// context (CIS: "Ensure sshd MaxSessions is configured"; DevSec sshd-20).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_max_sessions_high(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD054")->info;
    const long long max = int_option(ctx, rule, "max", 10);
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& sessions = c.options.max_sessions;
        if (sessions.v <= max || !done.first(sessions.from, c.global)) return;
        std::string n = std::to_string(sessions.v);
        std::string head =
            sessions.from ? "MaxSessions " + n : "MaxSessions is not set and defaults to " + n;
        ctx.report(rule, value_location(ctx, sessions.from),
                   head + c.where + ", above " + std::to_string(max) +
                       ": one authenticated connection can open that many shells, commands and "
                       "tunnels",
                   "set MaxSessions " + std::to_string(max) + " or less (not 0, see SSHD037)");
    });
}

}  // namespace lifeline::sshd

// SSHD046 rhosts-not-ignored: IgnoreRhosts no or shosts-only, globally or in a Match block's
// context (CIS: "Ensure sshd IgnoreRhosts is enabled"; DevSec sshd-23).
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_rhosts_not_ignored(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD046")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& ignore = c.options.ignore_rhosts;
        if (ignore.v == 1 || ignore.v < 0 || !done.first(ignore.from, c.global)) return;
        std::string file = ignore.v == 2 ? "~/.shosts" : "~/.rhosts and ~/.shosts";
        ctx.report(rule, value_location(ctx, ignore.from),
                   "IgnoreRhosts " + std::string(ignore.v == 2 ? "shosts-only" : "no") + c.where +
                       ": users' " + file +
                       " files can let other hosts' users in with host-based authentication",
                   "set IgnoreRhosts yes (the default)");
    });
}

}  // namespace lifeline::sshd

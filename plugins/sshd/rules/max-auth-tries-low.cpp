// SSHD032 max-auth-tries-low: every offered key counts as an attempt, so a MaxAuthTries below 3
// disconnects clients whose agent holds several keys before the right one is tried.
#include <set>
#include <string>

#include "apply.hpp"
#include "rule.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD032")->info;
}

constexpr long long k_minimum = 3;

void check_value(RuleContext& ctx, const IntOpt& v, std::set<const Directive*>& done) {
    if (!v.from || v.v < 0 || v.v >= k_minimum || !done.insert(v.from).second) return;
    ctx.report(info(), *v.from,
               "MaxAuthTries " + std::to_string(v.v) +
                   " is below 3: a client whose agent offers several keys is disconnected before "
                   "it reaches the right one",
               "keep the default (6) or at least 3");
}

}  // namespace

void check_max_auth_tries_low(RuleContext& ctx) {
    std::set<const Directive*> done;
    check_value(ctx, ctx.global().options().max_authtries, done);
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (mb.valid && !mb.is_all)
            check_value(ctx, ctx.block_context(int(b)).max_authtries, done);
    }
}

}  // namespace lifeline::sshd

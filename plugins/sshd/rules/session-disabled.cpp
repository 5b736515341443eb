// SSHD037 session-disabled: MaxSessions 0 refuses every session channel, so no shell, command
// or sftp session opens (only port forwarding works), for every connection of the context.
#include <set>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD037")->info;
}

void check_value(RuleContext& ctx, const IntOpt& v, std::set<const Directive*>& done) {
    if (v.v != 0 || !v.from || !done.insert(v.from).second) return;
    ctx.report(info(), *v.from,
               "MaxSessions 0 lets no session open: every shell, command and sftp session is "
               "refused, only port forwarding works",
               "keep the default (10), or at least 1");
}

}  // namespace

void check_session_disabled(RuleContext& ctx) {
    std::set<const Directive*> done;
    check_value(ctx, ctx.global().options().max_sessions, done);
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (mb.valid && !mb.is_all) check_value(ctx, ctx.block_context(int(b)).max_sessions, done);
    }
}

}  // namespace lifeline::sshd

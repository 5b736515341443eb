// UFW010 before-rules-block-ssh: a line of before.rules (or before6.rules) drops or rejects new
// connections to sshd's port. before.rules runs before every rule of the ufw command.
#include <set>

#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {

void check_before_rules_block_ssh(RuleContext& ctx) {
    std::set<std::pair<std::string, int>> seen;
    for (const SshTarget& t : ssh_targets(ctx.facts)) {
        if (!governs(ctx.model, t.family)) continue;
        const std::string& before = ctx.model.rules(t.family).before.path;
        for (const nf::Part& p :
             nf::partition(ctx.ruleset(), new_connection(t), everything(t.family))) {
            nf::Outcome o = inbound_outcome(p.evaluation);
            if (loopback_only(p) || (o != nf::Outcome::drop && o != nf::Outcome::reject)) continue;
            const nf::Step* s = deciding_step(p.evaluation);
            if (!s || s->origin.file != before || s->origin.line <= 0) continue;
            if (!seen.insert({before, s->origin.line}).second) continue;
            std::string name = t.family == 6 ? "before6.rules" : "before.rules";
            ctx.report(k_before_rules_block_ssh, before, s->origin.line, s->origin.column,
                       name + " " + nf::to_string(o) + "s new connections to sshd's port " +
                           std::to_string(t.port) +
                           "/tcp: it runs before every rule added with "
                           "the ufw command, so no `ufw allow` can admit SSH",
                       "remove the line, or restrict it to the sources it is meant for");
        }
    }
}

}  // namespace lifeline::ufw

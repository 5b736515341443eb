// UFW004 ssh-port-rate-limited: a new SSH connection is accepted, but a history-dependent rule
// (ufw's `limit`: `-m recent --update --seconds 30 --hitcount 6`) would refuse it.
#include <set>

#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {

void check_ssh_port_rate_limited(RuleContext& ctx) {
    std::set<std::pair<std::string, int>> seen;
    for (const SshTarget& t : ssh_targets(ctx.facts)) {
        if (!governs(ctx.model, t.family)) continue;
        for (const nf::Part& p :
             nf::partition(ctx.ruleset(), new_connection(t), everything(t.family))) {
            if (loopback_only(p) || inbound_outcome(p.evaluation) != nf::Outcome::accept) continue;
            for (const auto& [outcome, step] : p.evaluation.risks) {
                if (outcome != nf::Outcome::drop && outcome != nf::Outcome::reject) continue;
                const Tuple* tuple = tuple_at(ctx.model, step.origin.file, step.origin.line);
                int line = tuple ? tuple->line : step.origin.line;
                if (!seen.insert({step.origin.file, line}).second) continue;
                std::string port = std::to_string(t.port);
                std::string message =
                    tuple && tuple->action == "limit"
                        ? "`" + describe(*tuple) + "` rate-limits sshd's port " + port +
                              "/tcp: ufw refuses a source's 6th new connection within 30 "
                              "seconds, and every limited port shares one list (DEFAULT), so "
                              "automation opening many SSH connections (Ansible without "
                              "ControlPersist, scp loops) gets refused"
                        : "new connections to sshd's port " + port + "/tcp are " +
                              past_tense(outcome) + " depending on connection history (" +
                              step.note + ")";
                ctx.report(k_ssh_port_rate_limited, step.origin.file, line,
                           tuple ? 1 : step.origin.column, std::move(message),
                           "`ufw allow " + port +
                               "/tcp` from the admins' networks instead, or reuse connections "
                               "(ssh ControlMaster/ControlPersist)");
            }
        }
    }
}

}  // namespace lifeline::ufw

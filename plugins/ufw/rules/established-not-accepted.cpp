// UFW011 established-not-accepted: new SSH connections get in, but the packets of an
// established session — arriving, or sshd's replies leaving through OUTPUT — are dropped,
// typically because before.rules lost its RELATED,ESTABLISHED accept. The session that applies
// the change freezes.
#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {
namespace {

/// The first remote source of `parts` that is dropped or rejected, with its evaluation.
const nf::Part* blocked(const std::vector<nf::Part>& parts) {
    for (const nf::Part& p : parts) {
        nf::Outcome o = inbound_outcome(p.evaluation);
        if (!loopback_only(p) && (o == nf::Outcome::drop || o == nf::Outcome::reject)) return &p;
    }
    return nullptr;
}

}  // namespace

void check_established_not_accepted(RuleContext& ctx) {
    for (int family : {4, 6}) {
        for (const SshTarget& t : ssh_targets(ctx.facts)) {
            if (t.family != family || !governs(ctx.model, family)) continue;
            bool opens = false;
            for (const nf::Part& p :
                 nf::partition(ctx.ruleset(), new_connection(t), everything(family)))
                opens |= !loopback_only(p) && inbound_outcome(p.evaluation) == nf::Outcome::accept;
            if (!opens) continue;  // UFW003's business
            auto in = nf::partition(ctx.ruleset(), established(t), everything(family));
            nf::Ruleset replies = reply_view(ctx.ruleset());
            auto out = nf::partition(replies, established(t), everything(family));
            const nf::Part* bad = blocked(in);
            std::string what = "packets of an established SSH session arriving on port " +
                               std::to_string(t.port) + " are " +
                               past_tense(bad ? bad->evaluation.outcome : nf::Outcome::drop);
            std::string effect = "the session that enables or reloads ufw freezes";
            if (!bad) {
                bad = blocked(out);
                if (!bad) continue;
                // The SYN-ACK already is a reply in state ESTABLISHED: no handshake completes.
                what = "sshd's replies on port " + std::to_string(t.port) +
                       " (the SYN-ACK included) are " + past_tense(bad->evaluation.outcome);
                effect =
                    "no SSH connection can complete, and the session that enables or "
                    "reloads ufw freezes";
            }
            const std::string& before = ctx.model.rules(family).before.path;
            const nf::Step* s = deciding_step(bad->evaluation);
            bool at_line = s && s->origin.file == before && s->origin.line > 0;
            ctx.report(k_established_not_accepted, before, at_line ? s->origin.line : 0,
                       at_line ? s->origin.column : 0,
                       what + " (" + decided_by(bad->evaluation) + "): " + effect,
                       "keep `-A ufw" + std::string(family == 6 ? "6" : "") +
                           "-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT` "
                           "and the -output one near the top of the file");
            break;
        }
    }
}

}  // namespace lifeline::ufw

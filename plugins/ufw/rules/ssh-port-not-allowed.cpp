// UFW003 ssh-port-not-allowed: ufw starts at boot, and for a family sshd listens on, every new
// connection to sshd's port from a remote source ends in a drop or reject.
#include <set>

#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {

void check_ssh_port_not_allowed(RuleContext& ctx) {
    for (const SshTarget& t : ssh_targets(ctx.facts)) {
        if (!governs(ctx.model, t.family)) continue;  // IPv6 lock-down: UFW006
        auto parts = nf::partition(ctx.ruleset(), new_connection(t), everything(t.family));
        const nf::Part* blocked = nullptr;
        bool open = false;
        for (const nf::Part& p : parts) {
            if (loopback_only(p)) continue;
            nf::Outcome o = inbound_outcome(p.evaluation);
            if (o == nf::Outcome::accept || o == nf::Outcome::unknown) open = true;
            if ((o == nf::Outcome::drop || o == nf::Outcome::reject) && !blocked) blocked = &p;
        }
        if (open || !blocked) continue;
        std::string port = std::to_string(t.port);
        const Setting& en = ctx.model.settings.enabled;
        ctx.report(k_ssh_port_not_allowed, en.file, en.line, en.column,
                   std::string("ufw is enabled and no ufw rule admits sshd's port ") + port +
                       "/tcp over " + (t.family == 4 ? "IPv4" : "IPv6") +
                       ": every new SSH connection ends in a " +
                       nf::to_string(blocked->evaluation.outcome) + " (" +
                       decided_by(blocked->evaluation) + ")",
                   "`ufw allow " + port + "/tcp` (or `ufw allow from ADMIN_NETWORK to any port " +
                       port + " proto tcp`) before the firewall starts");
    }
}

}  // namespace lifeline::ufw

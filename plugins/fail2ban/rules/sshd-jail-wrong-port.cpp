// F2B006 sshd-jail-wrong-port: an enabled jail reading sshd's log bans only ports sshd does
// not listen on, so an attacker it bans keeps trying passwords.
#include "rule.hpp"

namespace lifeline::f2b {

void check_sshd_jail_wrong_port(RuleContext& ctx) {
    if (!ctx.facts.sshd_present || ctx.facts.ssh_listeners.empty()) return;
    std::vector<int> ports = ctx.ssh_ports();
    for (const JailView& view : ctx.model.jails) {
        const Jail& j = *view.jail;
        if (!j.enabled || !view.sshd_filter || view.reach.scope != BanReach::Scope::ports) continue;
        std::vector<int> missed;
        for (int p : ports)
            if (!view.reach.blocks(p)) missed.push_back(p);
        if (missed.size() != ports.size()) continue;
        std::string list;
        for (int p : missed) list += (list.empty() ? "" : ", ") + std::to_string(p);
        SourceLocation at = j.port ? j.port->origin : view.reach.origin;
        Diagnostic& d = ctx.report(
            k_sshd_jail_wrong_port, at,
            "jail " + jail_label(j) + " bans port " + view.reach.describe() +
                ", but sshd listens on " + list + ": its bans never stop a login attempt",
            "set `port = " + list + "` in " + jail_label(j) +
                " (a [DEFAULT] port does not override jail.conf's `port = ssh`)");
        const nf::Origin& o = ctx.facts.ssh_listeners.front().origin;
        if (o.line > 0)
            d.related.push_back({{ctx.host.path(o.file), o.line, o.column}, "sshd's port"});
    }
}

}  // namespace lifeline::f2b

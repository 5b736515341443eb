// F2B007 permanent-ban-without-whitelist: bantime = -1 on a jail that bans sshd's port while
// ignoreip lists nothing: one bad day locks the admin out for good (the ban is restored from
// fail2ban's database after every restart).
#include "rule.hpp"

namespace lifeline::f2b {

void check_permanent_ban_no_whitelist(RuleContext& ctx) {
    std::vector<int> ports = ctx.ssh_ports();
    for (const JailView& view : ctx.model.jails) {
        const Jail& j = *view.jail;
        if (!j.enabled || !j.bantime_permanent || !view.ignores.empty()) continue;
        bool reaches = false;
        for (int p : ports) reaches |= view.reach.blocks(p);
        if (!reaches) continue;
        ctx.report(k_permanent_ban_no_whitelist, j.bantime->origin,
                   "jail " + jail_label(j) +
                       " bans forever (bantime = -1) and ignores no address: a mistyped "
                       "password or a misconfigured client bans the admin permanently, and the "
                       "ban returns after every restart",
                   "list the management networks in ignoreip, or use a finite bantime with "
                   "bantime.increment");
    }
}

}  // namespace lifeline::f2b

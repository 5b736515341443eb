// F2B008 maxretry-within-max-auth-tries: the sshd jail bans after no more failures than sshd
// allows in a single connection. A client whose agent offers many keys, retried by a script or
// a few parallel Ansible connections, then gets the admin banned.
#include "rule.hpp"

namespace lifeline::f2b {

void check_maxretry_within_max_auth_tries(RuleContext& ctx) {
    int tries = ctx.facts.ssh_max_auth_tries;
    if (tries <= 0) return;
    std::vector<int> ports = ctx.ssh_ports();
    for (const JailView& view : ctx.model.jails) {
        const Jail& j = *view.jail;
        if (!j.enabled || !view.sshd_filter || view.maxretry > tries) continue;
        bool reaches = false;
        for (int p : ports) reaches |= view.reach.blocks(p);
        if (!reaches) continue;
        SourceLocation at = j.maxretry_raw ? j.maxretry_raw->origin : j.origin;
        Diagnostic& d = ctx.report(
            k_maxretry_within_max_auth_tries, at,
            "jail " + jail_label(j) + " bans after " + std::to_string(view.maxretry) +
                " failures, no more than sshd's MaxAuthTries " + std::to_string(tries) +
                ": a client offering many keys, retried a few times, gets its address banned",
            "set maxretry above MaxAuthTries (e.g. " + std::to_string(tries + 2) +
                "), or list the admins' networks in ignoreip");
        const nf::Origin& o = ctx.facts.ssh_max_auth_tries_origin;
        if (o.line > 0)
            d.related.push_back({{ctx.host.path(o.file), o.line, o.column}, "sshd's MaxAuthTries"});
    }
}

}  // namespace lifeline::f2b

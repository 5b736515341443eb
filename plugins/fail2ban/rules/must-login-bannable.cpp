// F2B002 must-login-bannable: a login declared with --access or a policy's must_login comes
// from sources an enabled jail can ban from sshd's port, because no ignoreip entry covers them.
#include "rule.hpp"

namespace lifeline::f2b {

void check_must_login_bannable(RuleContext& ctx) {
    for (const AccessIntent& intent : ctx.facts.intents) {
        if (intent.must_not) continue;
        std::vector<int> ports = intent.port ? std::vector<int>{intent.port}
                                             : ctx.ssh_ports(intent.sources.address.family);
        for (const JailView& view : ctx.model.jails) {
            for (int port : ports) {
                Exposure e = assess(view, intent.sources, port);
                if (e.verdict != Exposure::Verdict::bannable) continue;
                const Jail& j = *view.jail;
                SourceLocation at = j.ignoreip_raw ? j.ignoreip_raw->origin : j.origin;
                std::string source = net::format_network(intent.sources);
                std::string msg = "jail " + jail_label(j) + " can ban " + source + " (" +
                                  intent.text + ") from port " + std::to_string(port) + ": " +
                                  (j.ignoreip.empty() ? "it has no ignoreip"
                                                      : "no ignoreip entry covers it");
                if (!e.caveat.empty()) msg += ", " + e.caveat;
                Diagnostic& d = ctx.report(
                    k_must_login_bannable, at, std::move(msg),
                    "add " + source + " to ignoreip (in [DEFAULT], or in " + jail_label(j) +
                        " as `ignoreip = %(known/ignoreip)s " + source + "`)");
                d.declared_login = true;
                if (!intent.origin.path.empty())
                    d.related.push_back({intent.origin, "the login is declared here"});
                break;
            }
        }
    }
}

}  // namespace lifeline::f2b

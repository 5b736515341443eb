// F2B009 must-login-banned-now: `lint --live` found an address of a declared login (--access,
// a policy's must_login) in a jail's current ban list, and that jail's bans block sshd's port.
#include "rule.hpp"

namespace lifeline::f2b {
namespace {

const JailView* find_jail(const Fail2banModel& m, const std::string& name) {
    for (const JailView& v : m.jails)
        if (v.jail->name == name) return &v;
    return nullptr;
}

}  // namespace

void check_must_login_banned_now(RuleContext& ctx) {
    if (!ctx.bans || !ctx.bans->read) return;
    for (const AccessIntent& intent : ctx.facts.intents) {
        if (intent.must_not) continue;
        std::vector<int> ports = intent.port ? std::vector<int>{intent.port}
                                             : ctx.ssh_ports(intent.sources.address.family);
        for (const auto& [jail, ids] : ctx.bans->jails) {
            const JailView* view = find_jail(ctx.model, jail);
            for (const std::string& id : ids) {
                // A jail can ban IDs that are not addresses (a filter's <F-ID>): those never
                // match a network.
                auto addr = net::parse_ip(id);
                if (!addr || !net::contains(intent.sources, *addr)) continue;
                int port = ports.front();
                if (view) {
                    bool blocks = false;
                    for (int p : ports)
                        if (view->reach.blocks(p) && !blocks) blocks = true, port = p;
                    if (!blocks) continue;  // its actions do not block sshd's port
                }
                // The ports the bans reach, when more than the one named: "22 (22,2222)".
                std::string reach = view ? view->reach.describe() : std::string();
                std::string how = view ? "whose bans block port " + std::to_string(port) +
                                             (reach == std::to_string(port) ? std::string()
                                                                            : " (" + reach + ")")
                                       : "which no configuration file defines (added at run "
                                         "time): its bans are assumed to block port " +
                                             std::to_string(port);
                SourceLocation at = view ? view->jail->origin
                                         : SourceLocation{"/etc/fail2ban/jail.conf", 0, 0, 0, 0};
                bool declared = !intent.origin.path.empty();
                Diagnostic& d = ctx.report(
                    k_must_login_banned_now, at,
                    (declared ? "must_login " : "--access ") + intent.text + ": " + id +
                        " is banned right now by jail [" + jail + "], " + how +
                        ": the login from there fails until the ban ends",
                    "unban it (`fail2ban-client set " + jail + " unbanip " + id +
                        "`) and add " + net::format_network(intent.sources) +
                        " to ignoreip so it is not banned again");
                d.declared_login = true;
                if (declared) d.related.push_back({intent.origin, "the login is declared here"});
            }
        }
    }
}

}  // namespace lifeline::f2b

// UFW005 app-profile-misses-ssh-port: a rule made from an SSH application profile (OpenSSH is
// fixed to 22/tcp) opens ports none of sshd's listeners use.
#include <set>

#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {
namespace {

bool names_ssh(std::string name) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name.find("ssh") != std::string::npos;
}

}  // namespace

void check_app_profile_misses_ssh_port(RuleContext& ctx) {
    if (!ctx.facts.sshd_present) return;
    for (int family : {4, 6}) {
        if (!governs(ctx.model, family)) continue;
        std::set<int> ports;
        for (const SshTarget& t : ssh_targets(ctx.facts))
            if (t.family == family) ports.insert(t.port);
        if (ports.empty()) continue;
        const FamilyRules& fr = ctx.model.rules(family);
        for (const Tuple& t : fr.tuples.tuples) {
            if (t.dapp.empty() || !names_ssh(t.dapp) || t.direction != "in" || t.forward) continue;
            if (t.action != "allow" && t.action != "limit") continue;
            bool covers = false;
            for (int p : ports) covers |= covers_tcp_port(t, p);
            if (covers) continue;
            std::string list;
            for (int p : ports) list += (list.empty() ? "" : ", ") + std::to_string(p);
            ctx.report(k_app_profile_wrong_port, fr.user.path, t.line, 1,
                       "`" + t.action + " " + t.dapp + "` opens " + t.dport.text +
                           (t.protocol == "any" ? "" : "/" + t.protocol) +
                           " (the profile's ports), but sshd listens on port " + list +
                           ": this rule does not admit SSH",
                       "`ufw allow " + std::to_string(*ports.begin()) +
                           "/tcp`, or change the profile's ports= and run `ufw app update " +
                           t.dapp + "`");
        }
    }
}

}  // namespace lifeline::ufw

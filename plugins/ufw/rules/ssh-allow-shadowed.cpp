// UFW009 ssh-allow-shadowed: an allow (or limit) rule of sshd's port exists, but for some of
// its sources an earlier deny or reject rule of user.rules decides first.
#include <set>

#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {
namespace {

/// Shadowing rules named one by one per allow rule; the rest are counted.
constexpr int k_max_named = 3;

/// The sources a tuple admits.
net::Network sources_of(const Tuple& t, int family) {
    if (t.src == "any" || t.src == "0.0.0.0/0" || t.src == "::/0") return everything(family);
    auto slash = t.src.find('/');
    auto addr = net::parse_ip(t.src.substr(0, slash));
    if (!addr) return everything(family);
    int prefix = addr->bit_count();
    if (slash != std::string::npos) {
        std::string len = t.src.substr(slash + 1);
        bool digits = !len.empty() && len.find_first_not_of("0123456789") == std::string::npos;
        if (digits && len.size() <= 3) prefix = std::stoi(len);
    }
    return {net::mask(*addr, prefix), prefix};
}

std::string networks(const std::vector<net::Network>& ns) {
    std::string s;
    for (size_t i = 0; i < ns.size() && i < 3; ++i)
        s += (i ? ", " : "") + net::format_network(ns[i]);
    if (ns.size() > 3) s += ", …";
    return s;
}

}  // namespace

void check_ssh_allow_shadowed(RuleContext& ctx) {
    std::set<std::pair<std::string, int>> seen;
    for (const SshTarget& target : ssh_targets(ctx.facts)) {
        if (!governs(ctx.model, target.family)) continue;
        const FamilyRules& fr = ctx.model.rules(target.family);
        for (const Tuple& allow : fr.tuples.tuples) {
            if (allow.action != "allow" && allow.action != "limit") continue;
            if (allow.direction != "in" || allow.forward || allow.rule_lines.empty()) continue;
            if (!covers_tcp_port(allow, target.port)) continue;
            net::Network sources = sources_of(allow, target.family);
            if (sources.address.family != target.family) continue;
            int reported = 0, more = 0;
            for (const nf::Part& p :
                 nf::partition(ctx.ruleset(), new_connection(target), sources)) {
                nf::Outcome o = inbound_outcome(p.evaluation);
                if (loopback_only(p) || (o != nf::Outcome::drop && o != nf::Outcome::reject))
                    continue;
                const nf::Step* s = deciding_step(p.evaluation);
                if (!s || s->origin.file != fr.user.path || s->origin.line <= 0 ||
                    s->origin.line >= allow.rule_lines.front())
                    continue;
                const Tuple* deny = tuple_at(ctx.model, s->origin.file, s->origin.line);
                int line = deny ? deny->line : s->origin.line;
                if (!seen.insert({fr.user.path, line}).second) continue;
                // fail2ban's `banaction = ufw` can leave thousands of single-address rejects:
                // name the first few, count the rest.
                if (reported == k_max_named) {
                    ++more;
                    continue;
                }
                ++reported;
                std::string what = deny ? "`" + describe(*deny) + "`" : "this rule";
                ctx.report(k_ssh_allow_shadowed, fr.user.path, line, 1,
                           what + " comes before `" + describe(allow) + "` (line " +
                               std::to_string(allow.line) + ") and " + nf::to_string(o) +
                               "s new SSH connections from " + networks(p.networks) + " on port " +
                               std::to_string(target.port) +
                               ": ufw applies the first matching rule",
                           "move the allow above it (`ufw insert 1 allow …`), or narrow the "
                           "deny");
            }
            if (more > 0) {
                ctx.report(k_ssh_allow_shadowed, fr.user.path, allow.line, 1,
                           std::to_string(more) + " more deny or reject rules before `" +
                               describe(allow) + "` take sources it admits on port " +
                               std::to_string(target.port) +
                               " (fail2ban bans written by `banaction = ufw` look like this)",
                           "check that no admin or automation address is among them");
            }
        }
    }
}

}  // namespace lifeline::ufw

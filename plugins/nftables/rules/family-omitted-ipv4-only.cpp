// NFT005 family-omitted-ipv4-only: `table NAME { … }` without a family is `table ip NAME`
// (config-semantics §3.2). When it holds an input chain with policy drop and sshd also listens
// on IPv6, the policy the author meant for all traffic leaves IPv6 unfiltered.
#include "rule.hpp"

namespace lifeline::nft {
namespace {

bool drops_input(const LiveTable& t) {
    for (const auto& chain : t.chains)
        if (chain && chain->hook && chain->hook->hook == "input" && chain->hook->type == "filter" &&
            chain->policy == "drop")
            return true;
    return false;
}

}  // namespace

void check_family_omitted(const RuleContext& ctx) {
    if (!ctx.config.loaded) return;
    const SshListener* v6 = nullptr;
    for (const auto& l : ctx.facts.ssh_listeners)
        if (l.family == 6 && !v6) v6 = &l;
    if (!v6) return;
    const auto& tables = ctx.config.loaded->tables;
    for (const auto& t : tables) {
        // An ip6 or inet table that drops input covers IPv6 already.
        if (t && !t->dormant && (t->family == nf::Family::ip6 || t->family == nf::Family::inet) &&
            drops_input(*t))
            return;
    }
    std::string where = v6->origin.file.empty()
                            ? std::string("the default")
                            : v6->origin.file + ":" + std::to_string(v6->origin.line);
    for (const auto& t : tables) {
        if (!t || t->dormant || t->family_given || !drops_input(*t)) continue;
        ctx.report("NFT005", t->loc,
                   "table '" + t->name + "' has no family, so it is `table ip " + t->name +
                       "` and filters IPv4 only: its input policy drop leaves IPv6 unfiltered, "
                       "and sshd also listens on IPv6 (" +
                       where + ")",
                   "write `table inet " + t->name + "` to apply the rules to IPv4 and IPv6");
    }
}

}  // namespace lifeline::nft

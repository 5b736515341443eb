// NFT003 flush-ruleset-removes-other-tables: `flush ruleset` deletes every table of every
// family, including the iptables-nft tables other layers (ufw, iptables-persistent, Docker,
// fail2ban) rely on (config-semantics §2.6, §3.4).
#include <algorithm>

#include "rule.hpp"

namespace lifeline::nft {

void check_flush_ruleset(const RuleContext& ctx) {
    if (!ctx.config.loaded) return;
    const auto& layers = ctx.facts.firewall_layers;
    bool legacy = std::find(layers.begin(), layers.end(), "iptables-legacy") != layers.end();
    std::string others;
    for (const std::string& layer : layers) {
        // Legacy x_tables are not nf_tables tables; ufw uses the same iptables backend.
        if (layer == "nftables" || layer == "iptables-legacy" || (legacy && layer == "ufw"))
            continue;
        if (others.find(layer) != std::string::npos) continue;
        others += (others.empty() ? "" : ", ") + layer;
    }
    if (others.empty()) return;
    for (const auto& flush : ctx.config.loaded->flushes) {
        if (flush.family_given && flush.family != nf::Family::ip && flush.family != nf::Family::ip6)
            continue;  // `flush ruleset inet` leaves the ip/ip6 tables of iptables-nft alone
        ctx.report("NFT003", flush.loc,
                   "`flush ruleset` also deletes the tables of " + others +
                       " (iptables-nft keeps its rules in nf_tables): each start or reload of "
                       "nftables.service removes their rules",
                   "flush only this file's tables: replace `flush ruleset` with `table inet NAME` "
                   "and `delete table inet NAME` before each table block");
        return;
    }
}

}  // namespace lifeline::nft

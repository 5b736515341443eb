// NFT008 reload-duplicates-rules: a file that adds rules to a table it did not flush or delete
// first is not idempotent. nftables.service runs the same `nft -f` on reload, so every reload
// appends the rules once more, and a `policy` in the file silently changes the existing chain
// (config-semantics §3.4, §3.7 item 9).
#include <set>

#include "rule.hpp"

namespace lifeline::nft {

void check_reload_duplicates(const RuleContext& ctx) {
    if (!ctx.config.loaded) return;
    std::set<std::pair<int, std::string>> cleared, reported;
    std::set<int> flushed_families;
    bool flushed_all = false;
    for (const Command& c : ctx.config.doc.commands) {
        auto key = std::make_pair(int(c.family), c.table);
        using K = Command::Kind;
        if (c.kind == K::flush_ruleset) {
            if (c.family_given)
                flushed_families.insert(int(c.family));
            else
                flushed_all = true;
            continue;
        }
        if (c.kind == K::delete_table || c.kind == K::flush_table) {
            cleared.insert(key);
            continue;
        }
        bool adds_rules = (c.kind == K::rule) ||
                          (c.kind == K::chain && c.chain_body && !c.chain_body->rules.empty());
        if (c.kind == K::table && c.table_body)
            for (const ChainDecl& chain : c.table_body->chains)
                adds_rules = adds_rules || !chain.rules.empty();
        if (!adds_rules || flushed_all || flushed_families.count(int(c.family)) ||
            cleared.count(key) || !reported.insert(key).second)
            continue;
        std::string name = std::string(nf::to_string(c.family)) + " " + c.table;
        ctx.report("NFT008", c.table_loc,
                   "rules are added to table '" + name +
                       "' without flushing it first: each "
                       "reload of nftables.service (nft -f again) appends them once more, and a "
                       "policy here changes the chain already loaded",
                   "start the file with `flush ruleset`, or put `table " + name +
                       "` and `delete table " + name + "` before the table block");
    }
}

}  // namespace lifeline::nft

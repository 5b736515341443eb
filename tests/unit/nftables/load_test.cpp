// Load semantics of `nft -f` (config-semantics §3.4): batch order, merging, flushes, deletes,
// and the errors nft or the kernel raise while loading.
#include <gtest/gtest.h>

#include "nft_test_util.hpp"

namespace lifeline::nft::test {
namespace {

/// "family name: chain(policy,rules) …" for every table left after loading `text`.
std::vector<std::string> live(const std::string& text) {
    Document doc = parse_string(text, "t.nft");
    LoadResult loaded = load(doc);
    EXPECT_TRUE(doc.errors.empty() && loaded.ok());
    std::vector<std::string> out;
    for (const auto& t : loaded.tables) {
        if (!t) continue;
        std::string line = std::string(nf::to_string(t->family)) + " " + t->name + ":";
        for (const auto& c : t->chains)
            if (c)
                line += " " + c->name + "(" + (c->hook ? c->policy + "," : "") +
                        std::to_string(c->rules.size()) + ")";
        out.push_back(line);
    }
    return out;
}

TEST(NftLoad, DeclarationsMergeAndPolicyChanges) {
    EXPECT_EQ(live(R"(table inet f {
	chain input { type filter hook input priority 0; policy drop; tcp dport 22 accept; }
}
table inet f {
	chain input { policy accept; tcp dport 22 accept; }
}
)"),
              (std::vector<std::string>{"inet f: input(accept,2)"}));
}

TEST(NftLoad, FlushRulesetRemovesEveryTableLoadedBefore) {
    EXPECT_EQ(live("table ip a\ntable ip6 b\nflush ruleset\ntable inet c\n"),
              (std::vector<std::string>{"inet c:"}));
    EXPECT_EQ(live("table ip a\ntable ip6 b\nflush ruleset ip6\n"),
              (std::vector<std::string>{"ip a:"}));
}

TEST(NftLoad, DeleteTableIdiomAndFlushChain) {
    EXPECT_EQ(live(R"(table inet f
delete table inet f
table inet f {
	chain c { accept; drop; }
}
flush chain inet f c
add rule inet f c tcp dport 22 accept
insert rule inet f c ct state established accept
add rule inet f c index 0 udp dport 53 accept
)"),
              (std::vector<std::string>{"inet f: c(3)"}));
}

TEST(NftLoad, TableBlockOrderAllowsForwardReferences) {
    // Chains, then sets, then rules: a rule may name a chain or set declared later in the
    // same block, but not one of a later block.
    EXPECT_TRUE(errors_of(R"(table inet t {
	chain a { jump b; ip saddr @s accept; }
	chain b { }
	set s { type ipv4_addr; }
}
)")
                    .empty());
}

TEST(NftLoad, JumpLoopReachedFromABaseChainIsNFT002) {
    // The kernel walks the jumps below base chains after each rule: the rule that closes the
    // loop fails (checked with nft 1.0.6 on Linux 6.18).
    EXPECT_EQ(errors_of(R"(table inet t {
	chain base { type filter hook input priority 0; jump a; }
	chain a { jump b; }
	chain b { tcp dport 22 goto c; }
	chain c { ip saddr 10.0.0.1 jump a; }
}
)"),
              (std::vector<std::string>{"5:12: NFT002 jump loop: 'a' → 'b' → 'c' → 'a'"}));
    // A loop no base chain reaches loads; connecting it later fails at that command.
    std::string unreached =
        "table inet t {\n\tchain a { tcp dport vmap { 22 : jump b }; }\n"
        "\tchain b { jump { jump a; }; }\n"
        "\tchain base { type filter hook input priority 0; }\n}\n";
    EXPECT_TRUE(errors_of(unreached).empty());
    EXPECT_EQ(errors_of(unreached + "add rule inet t base jump a\n"),
              (std::vector<std::string>{"6:1: NFT002 jump loop: 'a' → 'b' → '__chain0' → 'a'"}));
}

TEST(NftLoad, SixteenLevelsBelowABaseChainIsNFT009) {
    auto nest = [](int levels) {
        std::string text =
            "table inet t {\n\tchain base { type filter hook input priority 0; "
            "jump c1; }\n";
        for (int i = 1; i < levels; ++i)
            text += "\tchain c" + std::to_string(i) + " { jump c" + std::to_string(i + 1) + "; }\n";
        return text + "\tchain c" + std::to_string(levels) + " { accept; }\n}\n";
    };
    EXPECT_TRUE(errors_of(nest(15)).empty());
    auto errors = errors_of(nest(16));
    ASSERT_EQ(errors.size(), 1u);
    std::string path = "'base'";
    for (int i = 1; i <= 16; ++i) path += " → 'c" + std::to_string(i) + "'";
    EXPECT_EQ(errors[0], "17:14: NFT009 chains nest 16 jumps deep below base chain 'base' (" +
                             path + "); the kernel allows 15");
}

TEST(NftLoad, HookChangeIsNFT007AndSameHookMerges) {
    EXPECT_EQ(
        errors_of(R"(table inet t {
	chain a { type filter hook input priority 0; }
}
table inet t {
	chain a { type filter hook input priority filter; }
	chain a { type filter hook prerouting priority 0; }
}
)"),
        (std::vector<std::string>{"6:8: NFT007 Could not process rule: Operation not supported"}));
}

TEST(NftLoad, PrioritiesByFamilyAndHook) {
    EXPECT_EQ(named_priority("dstnat", nf::Family::inet, "prerouting"), -100);
    EXPECT_EQ(named_priority("dstnat", nf::Family::inet, "input"), std::nullopt);
    EXPECT_EQ(named_priority("filter", nf::Family::bridge, "input"), -200);
    EXPECT_EQ(named_priority("raw", nf::Family::netdev, "ingress"), std::nullopt);
    EXPECT_EQ(errors_of("table ip t {\n\tchain c { type filter hook input priority dstnat; }\n}\n"),
              (std::vector<std::string>{
                  "2:35: NFT001 invalid priority expression value in this context."}));
}

TEST(NftLoad, UnmodelledCommandsAreRecorded) {
    Document doc = parse_string(
        "table inet t { chain c { accept; }; }\n"
        "delete rule inet t c handle 2\n",
        "t.nft");
    LoadResult loaded = load(doc);
    ASSERT_EQ(loaded.unmodelled.size(), 1u);
    EXPECT_EQ(loaded.unmodelled[0].first.line, 2);
}

}  // namespace
}  // namespace lifeline::nft::test

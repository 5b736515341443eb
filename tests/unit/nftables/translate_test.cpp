// Translation to the normalised netfilter graph: dependencies, verdict maps, sets, flags,
// marks, nat, base chains and origins.
#include <gtest/gtest.h>

#include "nft_test_util.hpp"

namespace lifeline::nft::test {
namespace {

using Lines = std::vector<std::string>;

std::string chain_in(const std::string& family, const std::string& body) {
    return "table " + family + " t {\n\tchain c {\n\t\ttype filter hook input priority 0;\n" +
           body + "\t}\n}\n";
}

TEST(NftTranslate, InetAddsFamilyAndProtocolDependencies) {
    EXPECT_EQ(rules_of(chain_in("inet", "\t\tip saddr 10.0.0.0/8 tcp dport 22 accept\n"), "c"),
              (Lines{"nfproto=4 saddr=10.0.0.0/8 l4proto=6 dport=22 -> accept"}));
    // In an ip table the family is implied by the table.
    EXPECT_EQ(rules_of(chain_in("ip", "\t\tip saddr 10.0.0.0/8 tcp dport 22 accept\n"), "c"),
              (Lines{"saddr=10.0.0.0/8 l4proto=6 dport=22 -> accept"}));
    // th has no protocol dependency; tcp dport alone matches both families.
    EXPECT_EQ(rules_of(chain_in("inet", "\t\tth dport 22 drop\n\t\ttcp dport 22 drop\n"), "c"),
              (Lines{"dport=22 -> drop", "l4proto=6 dport=22 -> drop"}));
}

TEST(NftTranslate, VerdictMapsExpandIntoRulesSharingTheOrigin) {
    auto tables = tables_of(R"(table inet t {
	chain c {
		type filter hook input priority 0;
		ct state new tcp dport vmap { 22 : accept, 23 : drop, 8080 : jump w }
	}
	chain w { accept; }
}
)");
    ASSERT_FALSE(tables.empty());
    const auto& rules = tables[0].chains[0].rules;
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(rule_text(rules[0]), "ct_state=8 l4proto=6 dport=22 -> accept");
    EXPECT_EQ(rule_text(rules[1]), "ct_state=8 l4proto=6 dport=23 -> drop");
    EXPECT_EQ(rule_text(rules[2]), "ct_state=8 l4proto=6 dport=8080 -> jump w");
    EXPECT_EQ(rules[2].origin.line, 4);
    EXPECT_EQ(rules[2].origin.column, 3);
    EXPECT_EQ(rules[2].origin.text,
              "ct state new tcp dport vmap { 22 : accept, 23 : drop, 8080 : jump w }");
    EXPECT_EQ(rules[2].origin.file, "/etc/nftables.conf");
}

TEST(NftTranslate, CtStateAndTcpFlagSemantics) {
    EXPECT_EQ(rules_of(chain_in("inet", R"(		ct state established,related accept
		ct state { established, related } accept
		ct state == established,related accept
		ct state != established drop
		tcp flags syn,ack accept
		tcp flags & (syn|ack) == syn accept
		tcp flags syn / syn,rst accept
		tcp flags != syn drop
)"),
                       "c"),
              (Lines{"ct_state=6 -> accept", "ct_state=6 -> accept",
                     "ct_state=0 -> accept",  // exact equality with two states never holds
                     "ct_state!=2 -> drop",
                     // any of syn, ack as disjoint alternatives
                     "l4proto=6 tcp_flags=2/2 -> accept", "l4proto=6 tcp_flags=16/18 -> accept",
                     "l4proto=6 tcp_flags=2/18 -> accept", "l4proto=6 tcp_flags=2/6 -> accept",
                     "l4proto=6 tcp_flags!=2/255 -> drop"}));
}

TEST(NftTranslate, NamedSetsStaticDynamicAndConcatenated) {
    std::string text = R"(table inet t {
	set admins { type ipv4_addr; flags interval; elements = { 192.0.2.0/24, 198.51.100.7 } }
	set banned { type ipv4_addr; flags timeout; }
	set pairs { type ipv4_addr . inet_service; elements = { 10.0.0.1 . 22, 10.0.0.2 . 2222 } }
	chain c {
		type filter hook input priority 0;
		ip saddr @admins accept
		ip saddr @banned drop
		ip saddr . tcp dport @pairs accept
	}
}
)";
    EXPECT_EQ(rules_of(text, "c"),
              (Lines{"nfproto=4 saddr=192.0.2.0/24,198.51.100.7/32 -> accept",
                     "nfproto=4 may_match=unlikely -> drop",
                     "nfproto=4 l4proto=6 saddr=10.0.0.1/32 dport=22 -> accept",
                     "nfproto=4 l4proto=6 saddr=10.0.0.2/32 dport=2222 -> accept"}));
}

TEST(NftTranslate, RangesOfAddressesBecomePrefixes) {
    EXPECT_EQ(rules_of(chain_in("ip", "\t\tip saddr 10.0.0.1-10.0.0.6 accept\n"), "c"),
              (Lines{"saddr=10.0.0.1/32,10.0.0.2/31,10.0.0.4/31,10.0.0.6/32 -> accept"}));
}

TEST(NftTranslate, HistoryDependentStatementsAreMayMatch) {
    EXPECT_EQ(rules_of(chain_in("inet", R"(		tcp dport 22 limit rate 3/minute accept
		tcp dport 22 limit rate over 3/minute drop
		ct count over 10 drop
		quota until 10 mbytes accept
)"),
                       "c"),
              (Lines{"l4proto=6 dport=22 may_match=likely -> accept",
                     "l4proto=6 dport=22 may_match=unlikely -> drop", "may_match=unlikely -> drop",
                     "may_match=likely -> accept"}));
}

TEST(NftTranslate, UnmodelledMatchesAndStatementsAreUnknown) {
    EXPECT_EQ(rules_of(chain_in("inet", R"(		icmp type echo-request accept
		meta skuid 0 accept
		fwd to "lo"
)"),
                       "c"),
              (Lines{"nfproto=4 l4proto=1 icmp_type=8 -> accept",
                     "unknown='meta skuid 0' -> accept", "-> unknown"}));
}

TEST(NftTranslate, MarksNotrackAndNat) {
    EXPECT_EQ(rules_of(chain_in("inet", R"(		meta mark set 0x10
		meta mark set mark | 0x4
		meta mark & 0xff == 0x2 accept
		notrack
)"),
                       "c"),
              (Lines{"mark:=16/4294967295 -> continue", "mark:=4/4 -> continue",
                     "mark=2/255 -> accept", "notrack -> continue"}));
    std::string nat = R"(table ip n {
	chain c {
		type nat hook prerouting priority dstnat;
		tcp dport 2222 redirect to :22
		tcp dport 80 dnat to 10.0.0.5
	}
}
)";
    EXPECT_EQ(rules_of(nat, "c"), (Lines{"l4proto=6 dport=2222 port:=22 -> accept",
                                         "l4proto=6 dport=80 dnat -> accept"}));
    auto tables = tables_of(nat);
    ASSERT_EQ(tables.size(), 1u);
    EXPECT_TRUE(tables[0].chains[0].nat);
    EXPECT_EQ(tables[0].chains[0].priority, -100);
    EXPECT_EQ(tables[0].chains[0].hook, nf::Hook::prerouting);
}

TEST(NftTranslate, BaseChainsPoliciesAndAnonymousChains) {
    auto tables = tables_of(R"(table inet t {
	chain c {
		type filter hook input priority filter - 5; policy drop;
		jump { tcp dport 22 accept; }
	}
	chain r { return; }
}
table inet off { flags dormant; chain c { type filter hook input priority 0; policy drop; }; }
)");
    ASSERT_EQ(tables.size(), 1u);  // the dormant table sees no packet
    const auto& c = tables[0].chains[0];
    EXPECT_TRUE(c.base);
    EXPECT_EQ(c.priority, -5);
    EXPECT_EQ(c.policy, nf::Verdict::drop);
    EXPECT_EQ(c.policy_origin.line, 3);
    EXPECT_EQ(rule_text(c.rules[0]), "-> jump __chain0");
    ASSERT_EQ(tables[0].chains.size(), 3u);
    EXPECT_EQ(tables[0].chains[2].name, "__chain0");
    EXPECT_FALSE(tables[0].chains[1].base);
    EXPECT_EQ(tables[0].source, "nftables");
}

TEST(NftTranslate, FlushRulesetDeletesEarlierNfTablesTables) {
    Document doc = parse_string("flush ruleset ip\ntable inet t\n", "/etc/nftables.conf");
    LoadResult loaded = load(doc);
    std::vector<nf::Table> earlier(3);
    earlier[0].family = nf::Family::ip, earlier[0].name = "filter",
    earlier[0].source = "iptables-nft";
    earlier[1].family = nf::Family::ip, earlier[1].name = "filter";
    earlier[1].source = "iptables-legacy";
    earlier[2].family = nf::Family::ip6, earlier[2].name = "filter", earlier[2].source = "ufw";
    apply_flushes(loaded, earlier);
    ASSERT_EQ(earlier.size(), 2u);
    EXPECT_EQ(earlier[0].source, "iptables-legacy");
    EXPECT_EQ(earlier[1].family, nf::Family::ip6);  // `flush ruleset ip` leaves ip6 alone
}

}  // namespace
}  // namespace lifeline::nft::test

// The parser's document: commands in batch order, blocks, hook specs, rules and values.
#include <gtest/gtest.h>

#include "nft_test_util.hpp"

namespace lifeline::nft::test {
namespace {

TEST(NftParser, TableBlockWithChainsSetsAndRules) {
    Document doc = parse_string(R"(flush ruleset
table inet filter {
	set admins { type ipv4_addr; flags interval; elements = { 192.0.2.0/24 } }
	chain input {
		type filter hook input priority filter - 5; policy drop;
		ct state established,related accept
		tcp dport { 22, 2222 } ip saddr @admins accept comment "ssh"
	}
}
)",
                                "t.nft");
    ASSERT_TRUE(doc.errors.empty());
    ASSERT_EQ(doc.commands.size(), 2u);
    EXPECT_EQ(doc.commands[0].kind, Command::Kind::flush_ruleset);
    const Command& t = doc.commands[1];
    EXPECT_EQ(t.kind, Command::Kind::table);
    EXPECT_EQ(t.family, nf::Family::inet);
    EXPECT_TRUE(t.family_given);
    EXPECT_EQ(t.table, "filter");
    ASSERT_TRUE(t.table_body);
    ASSERT_EQ(t.table_body->sets.size(), 1u);
    EXPECT_EQ(t.table_body->sets[0].key_types, std::vector<std::string>{"ipv4_addr"});
    EXPECT_EQ(t.table_body->sets[0].flags, unsigned(k_set_interval));
    const ChainDecl& c = t.table_body->chains.at(0);
    ASSERT_TRUE(c.hook);
    EXPECT_EQ(c.hook->hook, "input");
    EXPECT_EQ(c.hook->priority_name, "filter");
    EXPECT_EQ(c.hook->priority_offset, -5);
    EXPECT_EQ(c.hook->priority_text, "filter - 5");
    EXPECT_EQ(c.policy, "drop");
    ASSERT_EQ(c.rules.size(), 2u);
    const RuleDecl& r = c.rules[1];
    EXPECT_EQ(r.text, "tcp dport { 22, 2222 } ip saddr @admins accept comment \"ssh\"");
    EXPECT_EQ(r.comment, "ssh");
    EXPECT_EQ(r.loc.line, 7);
    EXPECT_EQ(r.loc.column, 3);
    ASSERT_EQ(r.statements.size(), 3u);
    EXPECT_EQ(r.statements[0].lhs.selector, Selector::dport);
    EXPECT_EQ(r.statements[0].lhs.l4proto, 6);
    EXPECT_EQ(r.statements[0].rhs.kind, Value::Kind::set);
    EXPECT_EQ(r.statements[1].rhs.kind, Value::Kind::set_ref);
    EXPECT_EQ(r.statements[1].rhs.text, "admins");
    EXPECT_EQ(r.statements[2].kind, Statement::Kind::verdict);
    EXPECT_EQ(r.statements[2].word, "accept");
}

TEST(NftParser, OmittedFamilyIsIp) {
    Document doc = parse_string("table filter {\n}\n", "t.nft");
    ASSERT_TRUE(doc.errors.empty());
    EXPECT_EQ(doc.commands.at(0).family, nf::Family::ip);
    EXPECT_FALSE(doc.commands.at(0).family_given);
}

TEST(NftParser, CommandForms) {
    Document doc = parse_string(R"(add table inet t
add chain inet t c { type filter hook input priority 0; }
add rule inet t c tcp dport 22 accept
insert rule inet t c index 0 ct state established accept
inet t c udp dport 53 accept
add element inet t s { 1.2.3.4 }
flush chain inet t c
delete table inet t
flush ruleset ip6
replace rule inet t c handle 4 drop
list ruleset
)",
                                "t.nft");
    ASSERT_TRUE(doc.errors.empty()) << doc.errors.front().message;
    using K = Command::Kind;
    std::vector<K> kinds;
    for (const auto& c : doc.commands) kinds.push_back(c.kind);
    EXPECT_EQ(kinds, (std::vector<K>{K::table, K::chain, K::rule, K::rule, K::rule, K::element,
                                     K::flush_chain, K::delete_table, K::flush_ruleset,
                                     K::unmodelled, K::noop}));
    EXPECT_TRUE(doc.commands[3].insert);
    EXPECT_EQ(doc.commands[3].index, 0u);
    EXPECT_EQ(doc.commands[4].family, nf::Family::inet);  // `add rule` without the words
    EXPECT_EQ(doc.commands[8].family, nf::Family::ip6);
    EXPECT_TRUE(doc.commands[8].family_given);
}

TEST(NftParser, ListRulesetOutputParses) {
    // The shape `nft list ruleset` prints: tabs, counters, iptables-nft warnings.
    Document doc =
        parse_string(R"(# Warning: table ip filter is managed by iptables-nft, do not touch!
table ip filter {
	chain INPUT {
		type filter hook input priority filter; policy drop;
		ct state related,established counter packets 12 bytes 3400 accept
		iifname "lo" counter packets 0 bytes 0 accept
		meta l4proto tcp tcp dport { 22, 80, 443 } counter packets 0 bytes 0 jump f2b-sshd
	}

	chain f2b-sshd {
		ip saddr 203.0.113.5 counter packets 0 bytes 0 reject
		counter packets 0 bytes 0 return
	}
}
table inet f {
	set s {
		type ipv4_addr
		size 65535
		flags dynamic,timeout
		timeout 5m
	}

	chain c {
		type filter hook input priority -1; policy accept;
		ip saddr @s drop
	}
}
)",
                     "list.txt");
    EXPECT_TRUE(doc.errors.empty()) << doc.errors.front().message;
    EXPECT_EQ(doc.commands.size(), 2u);
}

TEST(NftParser, ErrorRecoverySkipsToTheNextSeparator) {
    // As bison's `error stmt_separator`: the broken statement ends at the newline; the rest of
    // the block is still checked.
    auto errors = errors_of(R"(table inet t {
	chain c {
		tcp dprot 22 accept
		ct state bogus,new accept
		udp dport 53 accept
	}
}
)");
    // nft still evaluates what parsed, so the bad conntrack state is reported as well.
    EXPECT_EQ(errors, (std::vector<std::string>{"3:7: NFT001 syntax error, unexpected string",
                                                "4:12: NFT001 Could not parse conntrack state"}));
}

TEST(NftParser, EndOfFileInsideABlockStops) {
    auto errors = errors_of("table inet t {\n\tchain c {\n\t\taccept\n");
    EXPECT_EQ(errors,
              (std::vector<std::string>{"4:1: NFT001 syntax error, unexpected end of file"}));
}

TEST(NftParser, HostileInputIsBounded) {
    std::string deep(100000, '{');
    auto errors = errors_of("table inet t { chain c { tcp dport " + deep);
    ASSERT_FALSE(errors.empty());
    EXPECT_EQ(errors.front(), "1:100: NFT001 syntax error, expressions nested too deeply");
    std::string anon = "table inet t { chain c {\n";
    for (int i = 0; i < 5000; ++i) anon += "jump { ";
    EXPECT_FALSE(errors_of(anon).empty());
    std::string many;
    for (int i = 0; i < 100; ++i) many += "bogus line\n";
    EXPECT_EQ(errors_of(many).size(), k_max_parse_errors);
}

}  // namespace
}  // namespace lifeline::nft::test

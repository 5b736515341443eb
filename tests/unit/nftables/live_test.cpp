// The live nftables ruleset: `nft -j list ruleset` rendered as nft syntax, checked against the
// text listing of the same kernel ruleset (`nft -a list ruleset`, captured from the real
// nft 1.0.6 in a throw-away namespace, see data/live/README.md).
#include <gtest/gtest.h>

#include <sstream>

#include "fake_process.hpp"
#include "nftables/json_render.hpp"
#include "nftables/live.hpp"
#include "nftables/parser.hpp"
#include "nftables/translate.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::nft {
namespace {

using test::FakeProcessRunner;
using test::read_test_file;

std::string data(const std::string& name) {
    return read_test_file(std::string(LIFELINE_UNIT_TEST_DIR) + "/nftables/data/live/" + name);
}

/// The normalised graph of `text`'s table `family name`, origins cut off: what the firewall
/// layer evaluates, independent of how the rules were spelled.
std::string graph_of(const std::string& text, const std::string& family, const std::string& name) {
    Document doc = parse_string(text, "t.nft");
    EXPECT_TRUE(doc.errors.empty()) << (doc.errors.empty() ? "" : doc.errors.front().message);
    LoadResult loaded = load(doc);
    EXPECT_TRUE(loaded.ok());
    nf::Ruleset rs;
    for (auto& t : translate(doc, loaded))
        if (nf::to_string(t.family) == family && t.name == name) rs.tables.push_back(std::move(t));
    std::ostringstream out;
    nf::dump(rs, 0, out);
    std::string graph, line;
    std::istringstream in(out.str());
    while (std::getline(in, line)) graph += line.substr(0, line.find("\t#")) + '\n';
    return graph;
}

/// The `table FAMILY NAME { … }` block of a listing.
std::string table_block(const std::string& listing, const std::string& header) {
    size_t at = listing.find(header);
    EXPECT_NE(at, std::string::npos) << header;
    size_t end = listing.find("\n}", at);
    return listing.substr(at, end + 3 - at);
}

TEST(NftJsonRender, InetTableAsNftListsIt) {
    RenderedRuleset r = render_json_ruleset(data("nft-j-list-ruleset.json"));
    ASSERT_TRUE(r.error.empty()) << r.error;
    EXPECT_EQ(table_block(r.text, "table inet filter"),
              "table inet filter {\n"
              "\tset admins {\n"
              "\t\ttype ipv4_addr\n"
              "\t\tflags interval\n"
              "\t\telements = { 192.0.2.0/24, 203.0.113.7 }\n"
              "\t}\n"
              "\tchain input {\n"
              "\t\ttype filter hook input priority 0; policy drop;\n"
              "\t\tct state established,related accept\n"
              "\t\tct state invalid drop\n"
              "\t\tmeta iifname == \"lo\" accept\n"
              "\t\tmeta iifname == \"eth*\" tcp dport { 80, 443 } accept\n"
              "\t\tip saddr @admins tcp dport == 22 accept\n"
              "\t\tip6 saddr fd00::/8 tcp dport == 22 accept\n"
              "\t\ttcp dport == 2222 ct state new limit rate 5/minute accept\n"
              "\t\tmeta l4proto == icmp accept\n"
              "\t\ttcp flags & (syn | ack) == syn tcp dport == 23 reject with tcp reset\n"
              "\t\ttcp dport vmap { 25 : drop, 26 : jump extra }\n"
              "\t\tcounter drop\n"
              "\t}\n"
              "\tchain extra {\n"
              "\t\tudp dport == 53 accept\n"
              "\t\treturn\n"
              "\t}\n"
              "}\n");
}

TEST(NftJsonRender, SameGraphAsTheTextListing) {
    // The oracle: nft's own text listing of the same kernel ruleset.
    std::string listing = table_block(data("nft-a-list-ruleset.txt"), "table inet filter");
    RenderedRuleset r = render_json_ruleset(data("nft-j-list-ruleset.json"));
    std::string rendered = table_block(r.text, "table inet filter");
    std::string expected = graph_of(listing, "inet", "filter");
    EXPECT_EQ(graph_of(rendered, "inet", "filter"), expected);
    // And the file that was loaded gives that graph too.
    EXPECT_EQ(graph_of(data("loaded.nft"), "inet", "filter"), expected);
    EXPECT_NE(expected.find("ct state established,related accept"), std::string::npos) << expected;
}

TEST(NftJsonRender, XtStatementsAreMissingWithoutTheirText) {
    RenderedRuleset r = render_json_ruleset(data("nft-j-list-ruleset.json"));
    std::vector<std::string> missing;
    for (const JsonRule* m : r.missing()) {
        const auto& [family, table, chain, handle] = m->key;
        missing.push_back(family + " " + table + " " + chain + " " + std::to_string(handle) +
                          ": " + m->missing);
    }
    EXPECT_EQ(missing,
              (std::vector<std::string>{
                  "ip filter INPUT 6: xt match conntrack (an iptables-nft rule: iptables-save "
                  "shows it)",
                  "ip filter INPUT 10: xt match multiport (an iptables-nft rule: iptables-save "
                  "shows it)",
                  "ip filter SSH 12: xt match recent (an iptables-nft rule: iptables-save shows it)",
                  "ip6 filter INPUT 4: xt target REJECT (an iptables-nft rule: iptables-save "
                  "shows it)",
              }));
}

TEST(NftJsonRender, TextsByHandle) {
    auto texts = rule_texts_by_handle(data("nft-a-list-ruleset.txt"));
    EXPECT_EQ(texts.size(), 26u);  // the listing's 26 `# handle N` rule lines
    EXPECT_EQ(texts.at({"inet", "filter", "input", 13}),
              "tcp flags syn / syn,ack tcp dport 23 reject with tcp reset");
    EXPECT_EQ(texts.at({"ip", "filter", "SSH", 12}), "xt match recent counter packets 0 bytes 0");
    EXPECT_EQ(texts.at({"ip6", "filter", "INPUT", 3}),
              "ip6 saddr 2001:db8::/32 tcp dport 22 counter packets 0 bytes 0 accept");
}

TEST(NftJsonRender, NotAListing) {
    EXPECT_EQ(render_json_ruleset("[1, 2]").error,
              "not a libnftables JSON listing ({\"nftables\": [...]})");
    EXPECT_EQ(render_json_ruleset("{\"nftables\": [").error,
              "not a libnftables JSON listing ({\"nftables\": [...]})");
}

TEST(NftJsonRender, StatementsAndExpressions) {
    // Each object as libnftables-json(5) documents it, and the nft syntax it reads back as.
    const char* json = R"({"nftables": [
      {"table": {"family": "inet", "name": "t", "handle": 1, "flags": ["dormant"]}},
      {"map": {"family": "inet", "name": "m", "table": "t", "type": ["ipv4_addr", "inet_service"],
               "map": "verdict", "elem": [[{"concat": ["10.0.0.1", 22]}, {"accept": null}]]}},
      {"chain": {"family": "inet", "table": "t", "name": "pre", "handle": 2, "type": "nat",
                 "hook": "prerouting", "prio": -100, "policy": "accept"}},
      {"rule": {"family": "inet", "table": "t", "chain": "pre", "handle": 3, "expr": [
        {"match": {"op": "!=", "left": {"payload": {"protocol": "th", "field": "dport"}},
                   "right": {"range": [1000, 2000]}}},
        {"match": {"op": "==", "left": {"&": [{"meta": {"key": "mark"}}, 255]}, "right": 1}},
        {"match": {"op": "==", "left": {"fib": {"result": "type", "flags": ["daddr"]}},
                   "right": "local"}},
        {"match": {"op": "==", "left": {"ct": {"key": "saddr", "dir": "original", "family": "ip"}},
                   "right": {"prefix": {"addr": "10.0.0.0", "len": 8}}}},
        {"limit": {"rate": 10, "rate_unit": "mbytes", "per": "second", "burst": 2,
                   "burst_unit": "mbytes", "inv": true}},
        {"log": {"prefix": "in: ", "level": "info"}},
        {"mangle": {"key": {"meta": {"key": "mark"}}, "value": 7}},
        {"redirect": {"port": 2222}}]}},
      {"rule": {"family": "inet", "table": "t", "chain": "pre", "handle": 4, "expr": [
        {"vmap": {"key": {"concat": [{"payload": {"protocol": "ip", "field": "saddr"}},
                                     {"payload": {"protocol": "tcp", "field": "dport"}}]},
                  "data": "@m"}},
        {"dnat": {"family": "ip", "addr": "192.0.2.1", "port": 22}}],
        "comment": "to the bastion"}},
      {"rule": {"family": "inet", "table": "t", "chain": "pre", "handle": 5, "expr": [
        {"ct count": {"val": 4, "inv": true}}, {"quota": {"val": 10, "val_unit": "mbytes"}},
        {"set": {"op": "add", "elem": {"payload": {"protocol": "ip", "field": "saddr"}},
                 "set": "@seen"}},
        {"reject": {"type": "icmpx", "expr": "admin-prohibited"}}]}},
      {"rule": {"family": "inet", "table": "t", "chain": "pre", "handle": 6, "expr": [
        {"dup": {"addr": "192.0.2.9"}}]}}
    ]})";
    RenderedRuleset r = render_json_ruleset(json);
    ASSERT_TRUE(r.error.empty()) << r.error;
    EXPECT_EQ(r.text,
              "table inet t {\n"
              "\tflags dormant\n"
              "\tmap m {\n"
              "\t\ttype ipv4_addr . inet_service : verdict\n"
              "\t\telements = { 10.0.0.1 . 22 : accept }\n"
              "\t}\n"
              "\tchain pre {\n"
              "\t\ttype nat hook prerouting priority -100; policy accept;\n"
              "\t\tth dport != 1000-2000 meta mark & 255 == 1 fib daddr type == local "
              "ct original ip saddr 10.0.0.0/8 limit rate over 10 mbytes/second burst 2 mbytes "
              "log prefix \"in: \" level info meta mark set 7 redirect to :2222\n"
              "\t\tip saddr . tcp dport vmap @m dnat ip to 192.0.2.1:22 comment \"to the bastion\"\n"
              "\t\tct count over 4 quota 10 mbytes add @seen { ip saddr } reject with icmpx type "
              "admin-prohibited\n"
              "\t}\n"
              "}\n");
    ASSERT_EQ(r.missing().size(), 1u);
    EXPECT_EQ(r.missing()[0]->missing, "statement `dup`");
    // The rendering is nft syntax lifeline reads without an error.
    Document doc = parse_string(r.text, "t.nft");
    EXPECT_TRUE(doc.errors.empty()) << (doc.errors.empty() ? "" : doc.errors.front().message);
}

TEST(NftLive, ReadsTheRulesetAndNamesIptablesTables) {
    FakeProcessRunner runner;
    runner.on("nft -j list ruleset", data("nft-j-list-ruleset.json"), 0,
              data("nft-j-list-ruleset.err"));  // empty: only text listings warn
    runner.on("nft -a list ruleset", data("nft-a-list-ruleset.txt"), 0,
              data("nft-list-ruleset.err"));
    SourceManager sources;
    LiveRuleset live = read_live_ruleset(runner, sources);
    ASSERT_TRUE(live.read) << live.failure;
    EXPECT_EQ(live.iptables_tables,
              (std::vector<std::pair<std::string, std::string>>{{"ip", "filter"}, {"ip6", "filter"}}));
    // nft's text listing translates the xt conntrack, multiport and REJECT of handles 6, 10
    // (ip) and 4 (ip6) into nft syntax, so those rules come from the text; `xt match recent`
    // (ip SSH handle 12) has no translation and is not nft input either: left out.
    ASSERT_EQ(live.missing.size(), 1u);
    EXPECT_EQ(live.missing[0].key, (RuleKey{"ip", "filter", "SSH", 12}));
    EXPECT_EQ(live.missing[0].missing, "neither its JSON nor its text listing reads as nft syntax");
    EXPECT_EQ(live.from_text, 3);
    EXPECT_EQ(runner.calls(), (std::vector<std::string>{"nft -j list ruleset", "nft -a list ruleset"}));
    ASSERT_NE(sources.find(std::string(k_live_source)), nullptr);
    std::vector<std::string> tables;
    for (const auto& t : translate(live.doc, *live.loaded))
        tables.push_back(std::string(nf::to_string(t.family)) + " " + t.name);
    EXPECT_EQ(tables, (std::vector<std::string>{"ip filter", "ip6 filter", "inet filter"}));
}

TEST(NftLive, NotInstalledAndNotRoot) {
    FakeProcessRunner none;
    SourceManager sources;
    LiveRuleset a = read_live_ruleset(none, sources);
    EXPECT_FALSE(a.read);
    EXPECT_TRUE(a.not_installed);
    EXPECT_EQ(a.failure, "nft is not installed (not found in /usr/local/sbin, /usr/local/bin, "
                         "/usr/sbin, /usr/bin, /sbin, /bin)");
    FakeProcessRunner nobody;
    nobody.on("nft -j list ruleset", "", 1, data("nft-not-root.err"));
    LiveRuleset b = read_live_ruleset(nobody, sources);
    EXPECT_FALSE(b.read);
    EXPECT_FALSE(b.not_installed);
    EXPECT_EQ(b.failure,
              "`nft -j list ruleset` exited with status 1: netlink: Error: cache initialization "
              "failed: Operation not permitted");
    FakeProcessRunner slow;
    slow.fail("nft -j list ruleset", sys::RunStatus::timed_out);
    EXPECT_EQ(read_live_ruleset(slow, sources).failure,
              "`nft -j list ruleset` did not finish in time and was stopped");
}

TEST(NftLive, EmptyKernel) {
    FakeProcessRunner runner;
    runner.on("nft -j list ruleset",
              "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": "
              "\"Lester Gooch #5\", \"json_schema_version\": 1}}]}\n");
    SourceManager sources;
    LiveRuleset live = read_live_ruleset(runner, sources);
    ASSERT_TRUE(live.read) << live.failure;
    EXPECT_TRUE(translate(live.doc, *live.loaded).empty());
    EXPECT_EQ(runner.calls(), (std::vector<std::string>{"nft -j list ruleset"}));
}

TEST(NftLive, UncoveredRuleTakesItsTextByHandle) {
    // `dup` is not rendered from JSON; the text listing of the same handle is used instead.
    const char* json = R"({"nftables": [
      {"table": {"family": "inet", "name": "t", "handle": 1}},
      {"chain": {"family": "inet", "table": "t", "name": "c", "handle": 1, "type": "filter",
                 "hook": "input", "prio": 0, "policy": "drop"}},
      {"rule": {"family": "inet", "table": "t", "chain": "c", "handle": 2, "expr": [
        {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}},
                   "right": 22}}, {"dup": {"addr": "192.0.2.9"}}, {"accept": null}]}}]})";
    FakeProcessRunner runner;
    runner.on("nft -j list ruleset", json);
    runner.on("nft -a list ruleset",
              "table inet t { # handle 1\n\tchain c { # handle 1\n\t\ttype filter hook input "
              "priority filter; policy drop;\n\t\ttcp dport 22 dup to 192.0.2.9 accept # handle 2\n"
              "\t}\n}\n");
    SourceManager sources;
    LiveRuleset live = read_live_ruleset(runner, sources);
    ASSERT_TRUE(live.read) << live.failure;
    EXPECT_EQ(live.from_text, 1);
    EXPECT_TRUE(live.missing.empty());
    EXPECT_NE(sources.find(std::string(k_live_source))->text().find("tcp dport 22 dup to 192.0.2.9 accept"),
              std::string::npos);
}

TEST(NftLive, ManagedTablesFromWarnings) {
    EXPECT_EQ(iptables_managed_tables(data("nft-list-ruleset.err")),
              (std::vector<std::pair<std::string, std::string>>{{"ip", "filter"}, {"ip6", "filter"}}));
    EXPECT_TRUE(iptables_managed_tables("").empty());
}

}  // namespace
}  // namespace lifeline::nft

// The live iptables rules: real `iptables-save` outputs (captured from iptables 1.8.9 in
// throw-away namespaces, data/live/README.md) replayed through a fake runner, and IPT008's
// comparison of the live tables with the files that produced them.
#include <gtest/gtest.h>

#include "fake_process.hpp"
#include "iptables/live.hpp"
#include "iptables/live_diff.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::iptables {
namespace {

using test::FakeProcessRunner;
using test::read_test_file;

std::string data(const std::string& name) {
    return read_test_file(std::string(LIFELINE_UNIT_TEST_DIR) + "/iptables/data/live/" + name);
}

/// The files' state, restored as at boot.
XtablesState restored(const std::string& text, int family, const std::string& path) {
    XtablesState s(family, true);
    SaveFile parsed;
    RestoreResult r = s.restore_text(text, path, path, parsed);
    EXPECT_TRUE(r.ok) << r.failed_message;
    EXPECT_TRUE(parsed.errors.empty());
    return s;
}

/// compare_live's findings as "file-line|live-line: message".
std::vector<std::string> differences(const std::string& file, const std::string& live,
                                     int family = 4,
                                     const std::vector<std::string>& ignore = {"f2b-*"}) {
    std::vector<std::string> out;
    for (const auto& d : compare_live(restored(file, family, "/etc/iptables/rules.v4"),
                                      restored(live, family, "<iptables-save>"), ignore))
        out.push_back(std::to_string(d.file_at.line) + "|" + std::to_string(d.live_at.line) +
                      ": " + d.message);
    return out;
}

/// `text` with `line` (1-based) replaced by `with` ("" deletes it).
std::string edit(std::string text, int line, const std::string& with) {
    size_t start = 0;
    for (int i = 1; i < line; ++i) start = text.find('\n', start) + 1;
    size_t end = text.find('\n', start) + 1;
    return text.replace(start, end - start, with.empty() ? "" : with + "\n");
}

TEST(IptablesLive, BackendFromTheHeader) {
    EXPECT_EQ(save_backend_is_legacy(data("iptables-save-nft.txt")), false);
    EXPECT_EQ(save_backend_is_legacy(data("iptables-legacy-save.txt")), true);
    EXPECT_EQ(save_backend_is_legacy(""), std::nullopt);
}

TEST(IptablesLive, ReadsBothFamilies) {
    FakeProcessRunner runner;
    runner.on("iptables-save", data("iptables-save-nft.txt"))
        .on("ip6tables-save", data("ip6tables-save-nft.txt"));
    SourceManager sources;
    LiveRules live = read_live_rules(runner, sources, true, true);
    ASSERT_EQ(live.families.size(), 2u);
    const LiveSave& v4 = live.families[0].primary;
    EXPECT_TRUE(v4.read) << v4.failure;
    EXPECT_FALSE(v4.legacy);  // the header says nf_tables, whatever the alternatives default
    EXPECT_EQ(v4.source, "<iptables-save>");
    const LiveChain* ssh = v4.state.tables().at("filter").find("SSH");
    ASSERT_NE(ssh, nullptr);
    ASSERT_EQ(ssh->rules.size(), 4u);
    EXPECT_EQ(ssh->rules[1].origin.file, "<iptables-save>");
    EXPECT_EQ(ssh->rules[1].origin.line, 14);
    EXPECT_EQ(ssh->rules[1].origin.text,
              "-A SSH -m recent --set --name ssh --mask 255.255.255.255 --rsource");
    EXPECT_TRUE(live.families[1].primary.read);
    EXPECT_FALSE(live.families[0].legacy_extra);
    EXPECT_TRUE(live.sets.sets.empty());
    EXPECT_EQ(runner.calls(), (std::vector<std::string>{"iptables-save", "ip6tables-save"}));
    ASSERT_NE(sources.find("<ip6tables-save>"), nullptr);
}

TEST(IptablesLive, LegacyTablesNextToNft) {
    FakeProcessRunner runner;
    runner.on("iptables-save", data("iptables-save-nft.txt"), 0,
              data("iptables-nft-save-legacy-warning.err"))
        .on("iptables-legacy-save", data("iptables-legacy-save.txt"))
        .on("ip6tables-save", "");
    SourceManager sources;
    LiveRules live = read_live_rules(runner, sources, false, false);
    ASSERT_TRUE(live.families[0].legacy_extra);
    EXPECT_TRUE(live.families[0].legacy_extra->read);
    EXPECT_TRUE(live.families[0].legacy_extra->legacy);
    EXPECT_EQ(live.families[0].legacy_extra->source, "<iptables-legacy-save>");
    EXPECT_TRUE(live.families[1].primary.read);  // nothing loaded: an empty output
    EXPECT_TRUE(live.families[1].primary.state.tables().empty());
    EXPECT_EQ(runner.calls(), (std::vector<std::string>{"iptables-save", "iptables-legacy-save",
                                                        "ip6tables-save"}));
}

TEST(IptablesLive, NotInstalledNotRootUnreadable) {
    FakeProcessRunner runner;
    runner.on("iptables-save", "", 4, data("iptables-save-not-root.err"))
        // An output the model refuses (the real ip6tables-restore 1.8.9 refuses it too, with
        // "invalid mask `129' specified" at line 2). An unknown `-m` module would not do: the
        // model keeps such a match as unknown instead of failing.
        .on("ip6tables-save", "*filter\n-A INPUT -s 2001:db8::/129 -j ACCEPT\nCOMMIT\n");
    SourceManager sources;
    LiveRules live = read_live_rules(runner, sources, false, false);
    const LiveSave& v4 = live.families[0].primary;
    EXPECT_FALSE(v4.read);
    EXPECT_FALSE(v4.not_installed);
    EXPECT_EQ(v4.failure,
              "`iptables-save` exited with status 4: iptables-save v1.8.9 (nf_tables): Could not "
              "fetch rule set generation id: Permission denied (you must be root)");
    const LiveSave& v6 = live.families[1].primary;
    EXPECT_FALSE(v6.read);
    EXPECT_EQ(v6.failure,
              "lifeline cannot read line 2 of `ip6tables-save`'s output (invalid mask `129' "
              "specified)");
    FakeProcessRunner none;
    LiveRules absent = read_live_rules(none, sources, false, false);
    EXPECT_TRUE(absent.families[0].primary.not_installed);
    EXPECT_EQ(absent.families[0].primary.failure,
              "iptables-save is not installed (not found in /usr/local/sbin, /usr/local/bin, "
              "/usr/sbin, /usr/bin, /sbin, /bin)");
}

TEST(IptablesLive, SetMatchesReadIpsetSave) {
    FakeProcessRunner runner;
    runner.on("iptables-save",
              "*filter\n:INPUT DROP [0:0]\n-A INPUT -m set --match-set admins src -j ACCEPT\n"
              "COMMIT\n")
        .on("ip6tables-save", "")
        .on("ipset save", "create admins hash:net family inet hashsize 1024 maxelem 65536\n"
                          "add admins 192.0.2.0/24\n");
    SourceManager sources;
    LiveRules live = read_live_rules(runner, sources, false, false);
    EXPECT_TRUE(live.sets_failure.empty()) << live.sets_failure;
    ASSERT_EQ(live.sets.sets.count("admins"), 1u);
    EXPECT_EQ(live.sets.sets.at("admins").members.size(), 1u);
    FakeProcessRunner no_ipset;
    no_ipset.on("iptables-save", "*filter\n-A INPUT -m set --match-set admins src -j ACCEPT\nCOMMIT\n")
        .on("ip6tables-save", "");
    EXPECT_EQ(read_live_rules(no_ipset, sources, false, false).sets_failure,
              "ipset is not installed (not found in /usr/local/sbin, /usr/local/bin, "
              "/usr/sbin, /usr/bin, /sbin, /bin)");
}

// The files and what iptables-save prints after loading them are the same ruleset: `--dport 22`
// vs `-m tcp --dport 22`, `-s a,b` vs two rules, REJECT's default, recent's printed defaults.
TEST(IptablesLiveDiff, FilesEqualTheirOwnSaveOutput) {
    EXPECT_EQ(differences(data("rules.v4"), data("iptables-save-nft.txt")),
              std::vector<std::string>{});
    EXPECT_EQ(differences(data("rules.v6"), data("ip6tables-save-nft.txt"), 6),
              std::vector<std::string>{});
}

TEST(IptablesLiveDiff, RuleInsertedByHand) {
    // Live line 7 (`-A INPUT -i lo -j ACCEPT`) gets a drop before it.
    std::string live = edit(data("iptables-save-nft.txt"), 7,
                            "-A INPUT -s 198.51.100.0/24 -j DROP\n-A INPUT -i lo -j ACCEPT");
    EXPECT_EQ(differences(data("rules.v4"), live),
              (std::vector<std::string>{
                  "2|7: the running kernel has 1 rule in chain INPUT of table filter that the "
                  "file does not load, first `-A INPUT -s 198.51.100.0/24 -j DROP` "
                  "(<iptables-save>:7)"}));
}

TEST(IptablesLiveDiff, RuleDeletedChangedAndPolicy) {
    std::string save = data("iptables-save-nft.txt");
    // The last rule of SSH (`-A SSH -j ACCEPT`, file line 14) is gone live.
    EXPECT_EQ(differences(data("rules.v4"), edit(save, 16, "")),
              (std::vector<std::string>{"14|0: 1 rule of chain SSH of table filter from this one "
                                        "on is not in the running kernel"}));
    // The port of the second source's rule differs: iptables-restore made two rules of line 9.
    EXPECT_EQ(differences(data("rules.v4"),
                          edit(save, 11, "-A INPUT -s 10.0.0.2/32 -p tcp -m tcp --dport 81 -j ACCEPT")),
              (std::vector<std::string>{
                  "9|11: rule 5 of chain INPUT of table filter differs in the running kernel: it "
                  "has `-A INPUT -s 10.0.0.2/32 -p tcp -m tcp --dport 81 -j ACCEPT` "
                  "(<iptables-save>:11) here"}));
    EXPECT_EQ(differences(data("rules.v4"), edit(save, 3, ":INPUT ACCEPT [0:0]")),
              (std::vector<std::string>{"2|3: the running kernel's policy of filter INPUT is "
                                        "ACCEPT, the file sets DROP"}));
}

TEST(IptablesLiveDiff, TablesAndChainsOnlyOnOneSide) {
    std::string save = data("iptables-save-nft.txt");
    std::string with_nat = save + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                                  ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n"
                                  "-A PREROUTING -p tcp -m tcp --dport 2222 -j REDIRECT "
                                  "--to-ports 22\nCOMMIT\n";
    EXPECT_EQ(differences(data("rules.v4"), with_nat),
              (std::vector<std::string>{"0|19: table nat is loaded (<iptables-save>:19) but no "
                                        "file creates it"}));
    // An empty nat table (`iptables -t nat -L` creates one) is no difference.
    std::string empty_nat = save + "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                                   ":OUTPUT ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\nCOMMIT\n";
    EXPECT_EQ(differences(data("rules.v4"), empty_nat), std::vector<std::string>{});
    // fail2ban's chain and the jump to it are ignored by default (ignore_chains).
    std::string f2b = edit(save, 6, ":SSH - [0:0]\n:f2b-sshd - [0:0]");
    f2b = edit(f2b, 8, "-A INPUT -p tcp -m multiport --dports 22 -j f2b-sshd\n-A INPUT -i lo -j ACCEPT");
    f2b = edit(f2b, 18, "-A SSH -j ACCEPT\n-A f2b-sshd -s 203.0.113.9/32 -j REJECT "
                        "--reject-with icmp-port-unreachable\n-A f2b-sshd -j RETURN");
    EXPECT_EQ(differences(data("rules.v4"), f2b), std::vector<std::string>{});
    EXPECT_EQ(differences(data("rules.v4"), f2b, 4, {}),
              (std::vector<std::string>{
                  "2|8: the running kernel has 1 rule in chain INPUT of table filter that the "
                  "file does not load, first `-A INPUT -p tcp -m multiport --dports 22 -j "
                  "f2b-sshd` (<iptables-save>:8)",
                  "0|7: chain f2b-sshd of table filter is loaded (<iptables-save>:7) but no "
                  "file creates it"}));
    // A user chain of the file that is not live.
    EXPECT_EQ(differences(data("rules.v4") , "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n"
                                             ":OUTPUT ACCEPT [0:0]\nCOMMIT\n"),
              (std::vector<std::string>{
                  "6|0: 6 rules of chain INPUT of table filter from this one on are not in the "
                  "running kernel",
                  "5|0: chain SSH of table filter is not in the running kernel"}));
}

TEST(IptablesLiveDiff, SplitPatterns) {
    EXPECT_EQ(split_patterns("f2b-*, DOCKER  DOCKER-*"),
              (std::vector<std::string>{"f2b-*", "DOCKER", "DOCKER-*"}));
    EXPECT_TRUE(split_patterns("").empty());
}

}  // namespace
}  // namespace lifeline::iptables

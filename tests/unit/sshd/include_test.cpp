// Include expansion: paths, glob order, scoping of Match across files, depth limit.
// Expected values: config-semantics.md §1.4 ([E] items, re-checked with sshd -T 9.2p1).
#include <gtest/gtest.h>

#include "include_glob.hpp"
#include "test_host.hpp"

namespace lifeline::sshd::test {
namespace {

const UserDb k_no_users;

TEST(SshdInclude, GlobIsBytewiseSortedAndSkipsDotFiles) {
    TestHost h;
    for (const char* n : {"a", "_x", "B", "9", "10", "01", ".hidden"})
        h.file(std::string("/etc/ssh/sshd_config.d/") + n + ".conf", "");
    h.file("/etc/ssh/sshd_config.d/readme", "");
    auto paths = glob_host(h.host, "/etc/ssh/sshd_config.d/*.conf");
    std::vector<std::string> want = {"01", "10", "9", "B", "_x", "a"};
    ASSERT_EQ(paths.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i)
        EXPECT_EQ(paths[i], "/etc/ssh/sshd_config.d/" + want[i] + ".conf");
    EXPECT_EQ(glob_host(h.host, "/etc/ssh/sshd_config.d/.*.conf").size(), 1u);
    EXPECT_TRUE(glob_host(h.host, "/etc/ssh/nothing/*.conf").empty());
    EXPECT_EQ(glob_host(h.host, "/etc/ssh/sshd_config.d/[0-9]*.conf").size(), 3u);
}

TEST(SshdInclude, RelativePathsAreUnderEtcSshAndFirstValueWins) {
    TestHost h;
    h.config("Include sshd_config.d/*.conf\nPasswordAuthentication no\n");
    h.file("/etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty());
    ASSERT_EQ(cfg.includes.size(), 1u);
    EXPECT_EQ(cfg.includes[0].resolved_pattern, "/etc/ssh/sshd_config.d/*.conf");
    ASSERT_EQ(cfg.includes[0].matched_host_paths.size(), 1u);
    Effective global = evaluate_global(cfg);
    const Setting& s = global.get("passwordauthentication");
    ASSERT_EQ(s.values, std::vector<std::string>{"yes"});
    ASSERT_NE(s.from, nullptr);
    EXPECT_EQ(s.from->path(), "/etc/ssh/sshd_config.d/50-cloud-init.conf");
    EXPECT_EQ(s.from->include_chain.size(), 1u);
}

TEST(SshdInclude, MissingIncludeIsSilent) {
    TestHost h;
    h.config("Include /nonexistent/file\nInclude nothing*\n");
    EXPECT_TRUE(error_messages(h.load()).empty());
}

TEST(SshdInclude, MatchEndsAtEndOfIncludedFile) {
    TestHost h;
    h.config("Include sshd_config.d/*.conf\nPasswordAuthentication no\n");
    h.file("/etc/ssh/sshd_config.d/a.conf", "Match User bob\n  X11Forwarding yes\n");
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty());
    Connection alice;
    alice.user = "alice";
    // The main file's line after the Include is global again.
    EXPECT_EQ(value_of(cfg, alice, k_no_users, "PasswordAuthentication"), "no");
    EXPECT_EQ(value_of(cfg, alice, k_no_users, "X11Forwarding"), "no");
    Connection bob;
    bob.user = "bob";
    EXPECT_EQ(value_of(cfg, bob, k_no_users, "X11Forwarding"), "yes");
}

TEST(SshdInclude, IncludeInsideMatchContributesToTheBlock) {
    TestHost h;
    h.config("Match User alice\nInclude sshd_config.d/*.conf\n");
    h.file("/etc/ssh/sshd_config.d/a.conf", "PasswordAuthentication no\n");
    Config cfg = h.load();
    Connection alice, bob;
    alice.user = "alice";
    bob.user = "bob";
    EXPECT_EQ(value_of(cfg, alice, k_no_users, "passwordauthentication"), "no");
    EXPECT_EQ(value_of(cfg, bob, k_no_users, "passwordauthentication"), "yes");
}

TEST(SshdInclude, GlobalKeywordInIncludeInsideMatchIsFatal) {
    TestHost h;
    h.config("Match User bob\nInclude sshd_config.d/*.conf\n");
    h.file("/etc/ssh/sshd_config.d/a.conf", "Port 2222\n");
    Config cfg = h.load();
    EXPECT_EQ(
        error_messages(cfg),
        std::vector<std::string>{"SSHD004 Directive 'Port' is not allowed within a Match block"});
    EXPECT_EQ(cfg.errors[0].location.path, "/etc/ssh/sshd_config.d/a.conf");
}

TEST(SshdInclude, MatchInsideNonMatchingIncludeNeverMatches) {
    TestHost h;
    h.config("Match User bob\nInclude sshd_config.d/*.conf\n");
    h.file("/etc/ssh/sshd_config.d/a.conf", "Match User alice\n  X11Forwarding yes\n");
    Config cfg = h.load();
    Connection alice;
    alice.user = "alice";
    Effective e = evaluate(cfg, alice, k_no_users);
    EXPECT_EQ(e.get("x11forwarding").values, std::vector<std::string>{"no"});
    ASSERT_EQ(e.blocks().size(), 2u);
    EXPECT_TRUE(e.blocks()[1].never_match);
    EXPECT_FALSE(e.blocks()[1].matched);
    // Inside a matching block it is evaluated normally.
    TestHost h2;
    h2.config("Match User alice\nInclude sshd_config.d/*.conf\n");
    h2.file("/etc/ssh/sshd_config.d/a.conf", "Match User alice\n  X11Forwarding yes\n");
    Config cfg2 = h2.load();
    EXPECT_EQ(value_of(cfg2, alice, k_no_users, "x11forwarding"), "yes");
}

TEST(SshdInclude, SelfInclusionIsTooDeep) {
    TestHost h;
    h.config("Include /etc/ssh/sshd_config\n");
    EXPECT_EQ(error_messages(h.load()),
              std::vector<std::string>{"SSHD006 Too many recursive configuration includes"});
}

TEST(SshdInclude, SixteenLevelsAreAllowed) {
    TestHost h;
    h.config("Include /etc/ssh/l1\n");
    for (int i = 1; i <= 16; ++i)
        h.file("/etc/ssh/l" + std::to_string(i),
               i < 16 ? "Include /etc/ssh/l" + std::to_string(i + 1) + "\n" : "Port 2222\n");
    Config ok = h.load();
    EXPECT_TRUE(error_messages(ok).empty());
    h.file("/etc/ssh/l16", "Include /etc/ssh/l17\n").file("/etc/ssh/l17", "Port 2222\n");
    TestHost deeper;
    deeper.config("Include /etc/ssh/l1\n");
    for (int i = 1; i <= 17; ++i)
        deeper.file("/etc/ssh/l" + std::to_string(i),
                    i < 17 ? "Include /etc/ssh/l" + std::to_string(i + 1) + "\n" : "Port 2222\n");
    EXPECT_EQ(error_messages(deeper.load()),
              std::vector<std::string>{"SSHD006 Too many recursive configuration includes"});
}

TEST(SshdInclude, UnreadableMatchedFileIsAnError) {
    TestHost h;
    h.config("Include sshd_config.d/*.conf\n");
    h.file("/etc/ssh/sshd_config.d/a.conf", "Port 2222\n");
    h.fs.make_unreadable("/etc/ssh/sshd_config.d/a.conf");
    auto msgs = error_messages(h.load());
    ASSERT_EQ(msgs.size(), 1u);
    EXPECT_EQ(msgs[0], "SSHD007 /etc/ssh/sshd_config.d/a.conf: Permission denied");
}

}  // namespace
}  // namespace lifeline::sshd::test

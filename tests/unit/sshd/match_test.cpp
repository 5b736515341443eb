// OpenSSH pattern matching: wildcards, pattern lists, address lists, user@host.
// Expected values: config-semantics.md §1.5/§1.8 (each [E] item re-checked with sshd -T).
#include "match.hpp"

#include <gtest/gtest.h>

namespace lifeline::sshd {
namespace {

TEST(SshdMatch, Wildcards) {
    EXPECT_TRUE(match_pattern("alice", "alice"));
    EXPECT_TRUE(match_pattern("alice", "a*"));
    EXPECT_TRUE(match_pattern("alice", "*"));
    EXPECT_TRUE(match_pattern("", "*"));
    EXPECT_TRUE(match_pattern("alice", "al?ce"));
    EXPECT_FALSE(match_pattern("alice", "Alice"));  // case-sensitive
    EXPECT_FALSE(match_pattern("alice", "a?"));
    EXPECT_TRUE(match_pattern("LC_ALL", "LC_*"));
    EXPECT_FALSE(match_pattern("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", "*a*a*a*a*a*a*a*a*a*a*a*a*c"));
}

TEST(SshdMatch, PatternListNegationWins) {
    EXPECT_EQ(match_pattern_list("alice", "alice,bob"), 1);
    EXPECT_EQ(match_pattern_list("carol", "alice,bob"), 0);
    EXPECT_EQ(match_pattern_list("root", "*,!root"), -1);
    EXPECT_EQ(match_pattern_list("alice", "*,!root"), 1);
    // A list of negations only never matches anybody.
    EXPECT_EQ(match_pattern_list("alice", "!root"), 0);
    EXPECT_EQ(match_hostname("WEB.Example.COM", "*.example.com"), 1);
    EXPECT_EQ(match_hostname("web.example.com", "*.EXAMPLE.com"), 1);
}

TEST(SshdMatch, AddressLists) {
    std::string a = "10.1.2.3";
    EXPECT_EQ(addr_match_list(&a, "10.0.0.0/8"), 1);
    EXPECT_EQ(addr_match_list(&a, "10.0.0.0/8,!10.1.0.0/16"), -1);
    EXPECT_EQ(addr_match_list(&a, "192.168.0.0/16"), 0);
    EXPECT_EQ(addr_match_list(&a, "10.1.*"), 1);
    EXPECT_EQ(addr_match_list(&a, "10.1.2.3"), 1);
    // Host bits set, or a mask too long for the family: the list is invalid.
    EXPECT_EQ(addr_match_list(nullptr, "10.0.0.1/8"), -2);
    EXPECT_EQ(addr_match_list(nullptr, "10.0.0.0/33"), -2);
    EXPECT_EQ(addr_match_list(nullptr, "10.0.0.0/8,,10.1.0.0/16"), -2);
    EXPECT_EQ(addr_match_list(nullptr, "10.0.0.0/8,2001:db8::/32"), 0);
    std::string v6 = "2001:db8::7";
    EXPECT_EQ(addr_match_list(&v6, "2001:db8::/32"), 1);
    EXPECT_EQ(addr_match_list(&v6, "10.0.0.0/8"), 0);
    std::string name = "not-an-ip";
    EXPECT_EQ(addr_match_list(&name, "*"), 0);
}

TEST(SshdMatch, AllowUsersEntries) {
    std::string alice = "alice", bob = "bob", ip = "10.1.2.3", host = "10.1.2.3";
    // The user part is one wildcard pattern: "alice,bob" matches nobody.
    EXPECT_EQ(match_user(&alice, &host, &ip, "alice,bob"), 0);
    EXPECT_EQ(match_user(&alice, &host, &ip, "alice,"), 0);
    EXPECT_EQ(match_user(&alice, &host, &ip, "al*"), 1);
    EXPECT_EQ(match_user(&bob, &host, &ip, "bob@10.0.0.0/8"), 1);
    EXPECT_EQ(match_user(&bob, &host, &ip, "bob@192.0.2.0/24"), 0);
    EXPECT_EQ(match_user(&bob, &host, &ip, "bob@*,!10.1.2.3"), 0);
    // With UseDNS no the "host name" is the address: name patterns never match.
    EXPECT_EQ(match_user(&bob, &host, &ip, "bob@*.corp.example"), 0);
    EXPECT_EQ(match_user(nullptr, nullptr, nullptr, "bob@10.0.0.1/8"), -1);
    EXPECT_EQ(match_user(nullptr, nullptr, nullptr, "bob@10.0.0.0/8"), 0);
}

TEST(SshdMatch, GroupListNegationOnAnyGroup) {
    std::vector<std::string> groups = {"alice", "sudo", "staff"};
    EXPECT_EQ(match_group_list(groups, "sudo"), 1);
    EXPECT_EQ(match_group_list(groups, "wheel"), 0);
    EXPECT_EQ(match_group_list(groups, "*,!staff"), 0);
    EXPECT_EQ(match_group_list({}, "*"), 0);
}

}  // namespace
}  // namespace lifeline::sshd

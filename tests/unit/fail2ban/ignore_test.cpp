// ignoreip entries as fail2ban 1.0.2's IPAddr reads them. Expected values follow ipdns.py
// (__wrap_ipstr, __init, masktoplen) step by step, and the TAB cases the reference confirmed
// with a running fail2ban-server (config-semantics.md §5.3).
#include <gtest/gtest.h>

#include "fail2ban/ignore.hpp"

namespace lifeline::f2b {
namespace {

net::Network net_of(std::string_view text) {
    return *net::parse_network(text);
}

TEST(IgnoreEntry, AddressesAndNetworks) {
    IgnoreEntry a = parse_ignore_entry("203.0.113.7");
    EXPECT_EQ(a.kind, IgnoreEntry::Kind::network);
    EXPECT_EQ(net::format_network(a.network), "203.0.113.7/32");
    EXPECT_TRUE(a.problem.empty());
    // Host bits are masked silently.
    IgnoreEntry b = parse_ignore_entry("10.1.2.3/8");
    EXPECT_EQ(net::format_network(b.network), "10.0.0.0/8");
    EXPECT_TRUE(b.problem.empty());
    // A dotted mask becomes its length; brackets around IPv6 are dropped.
    EXPECT_EQ(net::format_network(parse_ignore_entry("192.0.2.0/255.255.255.0").network),
              "192.0.2.0/24");
    EXPECT_EQ(net::format_network(parse_ignore_entry("[2001:db8::1]").network),
              "2001:db8::1/128");
    // IPv4-mapped IPv6 without a length is read as IPv4.
    EXPECT_EQ(net::format_network(parse_ignore_entry("::ffff:198.51.100.9").network),
              "198.51.100.9/32");
}

TEST(IgnoreEntry, TabJoinedEntries) {
    // "127.0.0.1/8<TAB>203.0.113.7": the mask part is no address, IPAddr(...)'s value 0 maps to
    // length 0, so the entry is 0.0.0.0/0.
    IgnoreEntry all = parse_ignore_entry("127.0.0.1/8\t203.0.113.7");
    EXPECT_EQ(all.kind, IgnoreEntry::Kind::network);
    EXPECT_EQ(net::format_network(all.network), "0.0.0.0/0");
    EXPECT_NE(all.problem.find("every IPv4 address"), std::string::npos);
    EXPECT_TRUE(ignores_all(all, net_of("198.51.100.0/24")));
    // "::1<TAB>198.51.100.7": no slash, not an address: a host name that never resolves.
    IgnoreEntry none = parse_ignore_entry("::1\t198.51.100.7");
    EXPECT_EQ(none.kind, IgnoreEntry::Kind::name);
    EXPECT_NE(none.problem.find("ignores nothing"), std::string::npos);
    EXPECT_FALSE(ignores_all(none, net_of("198.51.100.7/32")));
}

TEST(IgnoreEntry, MalformedLengths) {
    // int("abc") raises ValueError; a mask with a gap has no entry in MAP_ADDR2MASKPLEN.
    EXPECT_EQ(parse_ignore_entry("10.0.0.0/abc").kind, IgnoreEntry::Kind::refused);
    EXPECT_EQ(parse_ignore_entry("10.0.0.0/255.0.255.0").kind, IgnoreEntry::Kind::refused);
    // /33: the mask ~(0xFFFFFFFF >> 33) keeps every bit: the single address.
    IgnoreEntry wide = parse_ignore_entry("10.0.0.0/33");
    EXPECT_EQ(net::format_network(wide.network), "10.0.0.0/32");
    EXPECT_FALSE(wide.problem.empty());
    EXPECT_FALSE(ignores_all(wide, net_of("10.0.0.1/32")));
    // A name is kept as a name; a clean host name is not a problem.
    IgnoreEntry name = parse_ignore_entry("admin.example.org");
    EXPECT_EQ(name.kind, IgnoreEntry::Kind::name);
    EXPECT_TRUE(name.problem.empty());
    EXPECT_FALSE(parse_ignore_entry("not*an*ip").problem.empty());
}

TEST(IgnoreEntry, CoverageNeedsTheWholeNetwork) {
    IgnoreEntry e = parse_ignore_entry("203.0.113.0/25");
    EXPECT_TRUE(ignores_all(e, net_of("203.0.113.0/26")));
    EXPECT_FALSE(ignores_all(e, net_of("203.0.113.0/24")));
    EXPECT_FALSE(ignores_all(e, net_of("2001:db8::/64")));
    EXPECT_TRUE(is_self_address(net_of("127.0.0.1/32")));
    EXPECT_TRUE(is_self_address(net_of("::1/128")));
    EXPECT_FALSE(is_self_address(net_of("127.0.0.2/32")));
}

// Negative lengths (ipdns.py IPAddr.__new__/__init): -1 is CIDR_UNSPEC, the address as if no
// length was given; -2 is CIDR_RAW and matches nothing; any other negative leaves the family
// unknown and isInNet looks the address text up, which yields the address itself. Checked with
// fail2ban 1.0.2's Filter.inIgnoreIPList and a running server (tests/e2e_fail2ban).
TEST(IgnoreEntry, NegativeLengths) {
    IgnoreEntry unspec = parse_ignore_entry("10.77.0.2/-1");
    EXPECT_EQ(unspec.kind, IgnoreEntry::Kind::network);
    EXPECT_EQ(net::format_network(unspec.network), "10.77.0.2/32");
    EXPECT_NE(unspec.problem.find("single address 10.77.0.2"), std::string::npos);
    EXPECT_EQ(parse_ignore_entry("10.77.0.2/-2").kind, IgnoreEntry::Kind::nothing);
    EXPECT_EQ(net::format_network(parse_ignore_entry("10.77.0.0/-7").network), "10.77.0.0/32");
    EXPECT_EQ(net::format_network(parse_ignore_entry("2001:db8::1/-12").network),
              "2001:db8::1/128");
    EXPECT_EQ(net::format_network(parse_ignore_entry("::ffff:198.51.100.9/-1").network),
              "198.51.100.9/32");
    EXPECT_TRUE(ignores_all(parse_ignore_entry("10.77.0.2/-99"), net_of("10.77.0.2/32")));
    EXPECT_FALSE(ignores_all(parse_ignore_entry("10.77.0.2/-1"), net_of("10.77.0.3/32")));
    EXPECT_FALSE(ignores_all(parse_ignore_entry("10.77.0.2/-2"), net_of("10.77.0.2/32")));
}

}  // namespace
}  // namespace lifeline::f2b

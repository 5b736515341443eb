// lifeline::net: address parsing and prefix matching. Expected values: inet_pton/inet_ntop and
// glibc getaddrinfo(AI_NUMERICHOST) behaviour (checked with Python's socket module on Debian 12).
#include "lifeline/net.hpp"

#include <gtest/gtest.h>

namespace lifeline::net {
namespace {

std::string numeric(std::string_view s) {
    auto a = parse_numeric_host(s);
    return a ? format_ip(*a) : "<invalid>";
}

TEST(Net, NumericHostAcceptsInetAtonForms) {
    EXPECT_EQ(numeric("10"), "0.0.0.10");
    EXPECT_EQ(numeric("10.1"), "10.0.0.1");
    EXPECT_EQ(numeric("10.1.2"), "10.1.0.2");
    EXPECT_EQ(numeric("0x0a.1.2.3"), "10.1.2.3");
    EXPECT_EQ(numeric("012.0.0.1"), "10.0.0.1");
    EXPECT_EQ(numeric("1.2.65535"), "1.2.255.255");
    EXPECT_EQ(numeric("4294967295"), "255.255.255.255");
    EXPECT_EQ(numeric("4294967296"), "<invalid>");
    EXPECT_EQ(numeric("256.1.1.1"), "<invalid>");
    EXPECT_EQ(numeric("08.1.1.1"), "<invalid>");
    EXPECT_EQ(numeric("1.2.3.4 "), "<invalid>");
    EXPECT_EQ(numeric("1.2.3."), "<invalid>");
}

TEST(Net, StrictParse) {
    EXPECT_TRUE(parse_ip("192.0.2.1"));
    EXPECT_FALSE(parse_ip("10.1"));
    EXPECT_FALSE(parse_ip("010.0.0.1"));
    EXPECT_TRUE(parse_ip("2001:db8::1"));
    EXPECT_FALSE(parse_ip("1:2:3:4:5:6:7:8:9"));
    EXPECT_FALSE(parse_ip(":::"));
}

TEST(Net, FormatsLikeInetNtop) {
    EXPECT_EQ(format_ip(*parse_ip("2001:0db8:0:0:0:0:0:1")), "2001:db8::1");
    EXPECT_EQ(format_ip(*parse_ip("::")), "::");
    EXPECT_EQ(format_ip(*parse_ip("::1")), "::1");
    EXPECT_EQ(format_ip(*parse_ip("::ffff:1.2.3.4")), "::ffff:1.2.3.4");
    EXPECT_EQ(format_ip(*parse_ip("::1.2.3.4")), "::1.2.3.4");
    EXPECT_EQ(format_ip(*parse_ip("1:0:0:1:0:0:0:1")), "1:0:0:1::1");
    EXPECT_EQ(format_ip(*parse_ip("1:0:1:1:1:1:1:1")), "1:0:1:1:1:1:1:1");
}

TEST(Net, Networks) {
    NetworkError e;
    EXPECT_FALSE(parse_network("10.0.0.1/8", &e));
    EXPECT_EQ(e, NetworkError::host_bits);
    EXPECT_FALSE(parse_network("10.0.0.0/33", &e));
    EXPECT_EQ(e, NetworkError::too_long);
    auto n = parse_network("10.0.0.0/8");
    ASSERT_TRUE(n);
    EXPECT_TRUE(contains(*n, *parse_ip("10.255.0.1")));
    EXPECT_FALSE(contains(*n, *parse_ip("11.0.0.1")));
    EXPECT_FALSE(contains(*n, *parse_ip("::1")));
    EXPECT_EQ(format_network(*parse_network("2001:db8::/32")), "2001:db8::/32");
}

}  // namespace
}  // namespace lifeline::net

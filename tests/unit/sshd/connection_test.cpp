// `-C` connection specs, parsed as sshd 9.2's parse_server_match_testspec does (messages are
// sshd's own, checked with `sshd -T -C`).
#include "connection.hpp"

#include <gtest/gtest.h>

namespace lifeline::sshd {
namespace {

TEST(SshdConnection, FieldsAndMerging) {
    std::string err;
    auto c = parse_connection_specs({"user=alice,addr=10.1.2.3", "host=web,lport=ssh"}, err);
    ASSERT_TRUE(c) << err;
    EXPECT_EQ(c->user, "alice");
    EXPECT_EQ(c->addr, "10.1.2.3");
    EXPECT_EQ(c->host, "web");
    EXPECT_EQ(c->lport, 22);
    EXPECT_FALSE(c->laddr);
    EXPECT_FALSE(c->rdomain);
}

TEST(SshdConnection, StopsAtFirstEmptyField) {
    std::string err;
    auto c = parse_connection_spec("user=a,,host=b", err);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->user, "a");
    EXPECT_FALSE(c->host);
}

TEST(SshdConnection, Errors) {
    std::string err;
    EXPECT_FALSE(parse_connection_spec("foo=1", err));
    EXPECT_EQ(err, "Invalid test mode specification foo=1");
    EXPECT_FALSE(parse_connection_spec("user=a,lport=abc", err));
    EXPECT_EQ(err, "Invalid port 'abc' in test mode specification lport=abc");
}

}  // namespace
}  // namespace lifeline::sshd

// fail2ban-server's current bans: real `fail2ban-client banned` outputs of fail2ban 1.0.2
// (data/live/README.md) replayed through a fake runner.
#include <gtest/gtest.h>

#include "fail2ban/live.hpp"
#include "fake_process.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::f2b {
namespace {

using test::FakeProcessRunner;
using test::read_test_file;

std::string data(const std::string& name) {
    return read_test_file(std::string(LIFELINE_UNIT_TEST_DIR) + "/fail2ban/data/live/" + name);
}

TEST(Fail2banLive, ParsesTheBannedLists) {
    auto lists = parse_banned(data("banned.out"));
    ASSERT_TRUE(lists);
    EXPECT_EQ(*lists, (BannedLists{{"sshd", {"192.0.2.7", "2001:db8::5", "203.0.113.9"}},
                                   {"recidive", {"192.0.2.7"}}}));
    EXPECT_EQ(*parse_banned(data("banned-empty.out")),
              (BannedLists{{"sshd", {}}, {"recidive", {}}}));
    EXPECT_EQ(*parse_banned("[]\n"), BannedLists{});
    // repr() switches to double quotes for a string holding a single quote, and escapes.
    EXPECT_EQ(*parse_banned("[{\"it's\": ['a\\\\b']}]"), (BannedLists{{"it's", {"a\\b"}}}));
}

TEST(Fail2banLive, RejectsOtherText) {
    std::string error;
    EXPECT_FALSE(parse_banned("Server replied: pong", &error));
    EXPECT_EQ(error, "expected '[' at byte 1");
    EXPECT_FALSE(parse_banned("[{'sshd': ['192.0.2.7']}", &error));
    EXPECT_EQ(error, "expected ']' at byte 25");
    EXPECT_FALSE(parse_banned("[{'sshd': [1]}]", &error));
    EXPECT_EQ(error, "expected a quoted string at byte 12");
}

TEST(Fail2banLive, ReadsThroughTheClient) {
    FakeProcessRunner runner;
    runner.on("fail2ban-client banned", data("banned.out"));
    LiveBans bans = read_live_bans(runner);
    EXPECT_TRUE(bans.read) << bans.failure;
    EXPECT_EQ(bans.jails.size(), 2u);
    EXPECT_EQ(runner.calls(), std::vector<std::string>{"fail2ban-client banned"});
}

TEST(Fail2banLive, NotRunningIsSaidAsSuch) {
    FakeProcessRunner runner;
    runner.on("fail2ban-client banned", "", 255, data("not-running.err"));
    LiveBans bans = read_live_bans(runner);
    EXPECT_FALSE(bans.read);
    EXPECT_TRUE(bans.not_running);
    EXPECT_FALSE(bans.not_installed);
    // The client's own log line ends the message, without its time stamp and pid (which
    // differ on every run) and with its runs of blanks made one.
    EXPECT_EQ(bans.failure,
              "`fail2ban-client banned` exited with status 255: ERROR Failed to access socket "
              "path: /var/run/fail2ban/fail2ban.sock. Is fail2ban running?");
    FakeProcessRunner none;
    LiveBans absent = read_live_bans(none);
    EXPECT_TRUE(absent.not_installed);
    EXPECT_FALSE(absent.not_running);
    FakeProcessRunner odd;
    odd.on("fail2ban-client banned", "Sorry but the command is invalid\n");
    LiveBans unread = read_live_bans(odd);
    EXPECT_FALSE(unread.read);
    EXPECT_EQ(unread.failure,
              "lifeline cannot read `fail2ban-client banned`'s output (expected '[' at byte 1)");
}

}  // namespace
}  // namespace lifeline::f2b

// The running sshd's sockets: real `ss -tlnpH` outputs of iproute2 6.1.0 (data/live/README.md).
#include <gtest/gtest.h>

#include "fake_process.hpp"
#include "live_listeners.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::sshd {
namespace {

using test::FakeProcessRunner;
using test::read_test_file;

std::string data(const std::string& name) {
    return read_test_file(std::string(LIFELINE_UNIT_TEST_DIR) + "/sshd/data/live/" + name);
}

std::vector<std::string> shown(const std::vector<LiveSocket>& sockets) {
    std::vector<std::string> out;
    for (const auto& s : sockets) {
        std::string names;
        for (const auto& p : s.processes) names += (names.empty() ? "" : ",") + p;
        out.push_back(std::to_string(s.line) + " " + s.endpoint() + (s.dual_stack ? " dual " : " ") +
                      names);
    }
    return out;
}

TEST(SsListeners, LoopbackSshd) {
    // sshd_config-loopback: Port 2222 and 22 on 127.0.0.1 and ::1.
    EXPECT_EQ(shown(parse_ss_listeners(data("ss-tlnpH-loopback.txt"))),
              (std::vector<std::string>{"1 127.0.0.1:22 sshd", "2 127.0.0.1:2222 sshd",
                                        "3 [::1]:2222 sshd", "4 [::1]:22 sshd"}));
}

TEST(SsListeners, WildcardLinkLocalAndDualStack) {
    EXPECT_EQ(shown(parse_ss_listeners(data("ss-tlnpH-mixed.txt"))),
              (std::vector<std::string>{"1 127.0.0.1:8023 python3", "2 0.0.0.0:22 sshd",
                                        "3 [::]:8022 dual python3", "4 [::]:22 sshd",
                                        "5 [fe80::1%lo]:2200 sshd"}));
}

TEST(SsListeners, HeaderProcessesAndJunk) {
    auto s = parse_ss_listeners(
        "State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n"
        "LISTEN 0 128 0.0.0.0%eth0:22 0.0.0.0:* users:((\"sshd\",pid=5,fd=3),(\"sshd\",pid=9,fd=3))\n"
        "LISTEN 0 128 [::]:80 [::]:*\n"
        "garbage\n");
    EXPECT_EQ(shown(s), (std::vector<std::string>{"2 0.0.0.0%eth0:22 sshd,sshd", "3 [::]:80 "}));
}

TEST(SsListeners, ThroughTheRunner) {
    FakeProcessRunner runner;
    runner.on("ss -tlnpH", data("ss-tlnpH-loopback.txt"));
    SourceManager sources;
    LiveListeners live = read_live_listeners(runner, sources);
    EXPECT_TRUE(live.read);
    EXPECT_EQ(live.sockets.size(), 4u);
    ASSERT_NE(sources.find(std::string(k_ss_source)), nullptr);
    FakeProcessRunner none;
    LiveListeners absent = read_live_listeners(none, sources);
    EXPECT_TRUE(absent.not_installed);
    EXPECT_EQ(absent.failure, "ss is not installed (not found in /usr/local/sbin, /usr/local/bin, "
                              "/usr/sbin, /usr/bin, /sbin, /bin)");
}

}  // namespace
}  // namespace lifeline::sshd

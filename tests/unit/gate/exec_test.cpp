// The gate's real Exec with /bin/sh: stdin fed, both outputs collected, a deadline, the
// environment added through env(1), and a spawned child's stdout read line by line.
#include "exec.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace lifeline::gate {
namespace {

using namespace std::chrono_literals;

TEST(GateExec, FeedsStdinAndCollectsBothOutputs) {
    auto exec = make_real_exec();
    auto r = exec->run({"sh", "-c", "cat; echo oops >&2; exit 3"}, "line 1\nline 2\n", 5s);
    EXPECT_EQ(r.status, sys::RunStatus::exited);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_EQ(r.out, "line 1\nline 2\n");
    EXPECT_EQ(r.err, "oops\n");
}

TEST(GateExec, ALargeInputTheProgramIgnoresDoesNotHang) {
    auto exec = make_real_exec();
    auto r = exec->run({"sh", "-c", "exit 0"}, std::string(1 << 20, 'x'), 5s);
    EXPECT_EQ(r.status, sys::RunStatus::exited);
}

TEST(GateExec, DeadlineAndMissingProgram) {
    auto exec = make_real_exec();
    auto r = exec->run({"sleep", "10"}, "", 200ms);
    EXPECT_EQ(r.status, sys::RunStatus::timed_out);
    r = exec->run({"lifeline-no-such-program"}, "", 1s);
    EXPECT_EQ(r.status, sys::RunStatus::not_found);
}

TEST(GateExec, SpawnedChildLinesEnvironmentAndStop) {
    auto exec = make_real_exec();
    std::string err;
    auto child = exec->spawn({"sh", "-c", "echo \"$LIFELINE_HOST\"; while :; do echo hb; sleep 0.1; done"},
                             {{"LIFELINE_HOST", "alice@[2001:db8::7]:22"}}, true, err);
    ASSERT_TRUE(child) << err;
    for (int i = 0; i < 50 && child->lines().size() < 3; ++i) std::this_thread::sleep_for(50ms);
    auto lines = child->lines();
    ASSERT_GE(lines.size(), 3u);
    EXPECT_EQ(lines[0], "alice@[2001:db8::7]:22");
    EXPECT_EQ(lines[1], "hb");
    EXPECT_TRUE(child->last_line_at());
    EXPECT_FALSE(child->wait_for(10ms));
    child->stop();
    EXPECT_EQ(child->wait_for(10ms), 128 + 15);  // SIGTERM
}

TEST(GateExec, SpawnedChildExitStatus) {
    auto exec = make_real_exec();
    std::string err;
    auto child = exec->spawn({"sh", "-c", "exit 7"}, {}, false, err);
    ASSERT_TRUE(child) << err;
    EXPECT_EQ(child->wait_for(5s), 7);
    EXPECT_FALSE(exec->spawn({"lifeline-no-such-program"}, {}, false, err));
    EXPECT_EQ(err, "lifeline-no-such-program: command not found");
}

}  // namespace
}  // namespace lifeline::gate

// The real ProcessRunner against real programs (coreutils, sh): exit statuses, both pipes, the
// reduced environment, the timeout, the output bound; the cache and the failure descriptions.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "lifeline/sys/process.hpp"

namespace lifeline::sys {
namespace {

using namespace std::chrono_literals;

TEST(RealProcessRunner, RunsByNameWithoutAShell) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"echo", "a  b", "$HOME", "*"});
    EXPECT_EQ(r.status, RunStatus::exited);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.out, "a  b $HOME *\n");  // arguments reach the program as they are
    EXPECT_EQ(r.err, "");
}

TEST(RealProcessRunner, ExitStatusAndStderr) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"sh", "-c", "echo out; echo oops >&2; exit 3"});
    EXPECT_EQ(r.status, RunStatus::exited);
    EXPECT_EQ(r.exit_code, 3);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.out, "out\n");
    EXPECT_EQ(r.err, "oops\n");
    EXPECT_EQ(describe_failure({"sh", "-c", "x"}, r), "`sh -c x` exited with status 3: oops");
}

TEST(RealProcessRunner, EnvironmentIsPathAndLocaleOnly) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"sh", "-c", "echo \"$LC_ALL|$PATH|${HOME-unset}\""});
    EXPECT_EQ(r.out, "C|/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|unset\n");
}

TEST(RealProcessRunner, StdinIsClosed) {
    auto runner = make_real_process_runner();
    auto start = std::chrono::steady_clock::now();
    RunResult r = runner->run({"cat"}, 5000ms);
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.out, "");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(RealProcessRunner, NotInstalled) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"lifeline-no-such-tool", "x"});
    EXPECT_EQ(r.status, RunStatus::not_found);
    EXPECT_EQ(describe_failure({"lifeline-no-such-tool"}, r),
              "lifeline-no-such-tool is not installed (not found in /usr/local/sbin, "
              "/usr/local/bin, /usr/sbin, /usr/bin, /sbin, /bin)");
    EXPECT_EQ(runner->run({"/nonexistent/tool"}).status, RunStatus::not_found);
    // A file without execute permission is not a program.
    std::string plain = ::testing::TempDir() + "lifeline-process-test.txt";
    { std::ofstream(plain) << "#!/bin/sh\n"; }
    std::filesystem::permissions(plain, std::filesystem::perms::owner_read |
                                            std::filesystem::perms::owner_write);
    EXPECT_EQ(runner->run({plain}).status, RunStatus::not_found);
    std::filesystem::remove(plain);
    EXPECT_EQ(runner->run({}).status, RunStatus::failed_to_start);
}

TEST(RealProcessRunner, TimeoutKillsIt) {
    auto runner = make_real_process_runner();
    auto start = std::chrono::steady_clock::now();
    RunResult r = runner->run({"sleep", "30"}, 300ms);
    auto took = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(r.status, RunStatus::timed_out);
    EXPECT_GE(took, 300ms);
    EXPECT_LT(took, 5s);
    EXPECT_EQ(describe_failure({"sleep", "30"}, r),
              "`sleep 30` did not finish in time and was stopped");
}

TEST(RealProcessRunner, OutputIsBounded) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"head", "-c", "70000000", "/dev/zero"}, 20000ms);
    EXPECT_EQ(r.status, RunStatus::output_too_large);
    EXPECT_LE(r.out.size(), k_max_command_output);
    // Just under the bound is fine.
    RunResult ok = runner->run({"head", "-c", "1000000", "/dev/zero"}, 20000ms);
    EXPECT_TRUE(ok.ok());
    EXPECT_EQ(ok.out.size(), 1000000u);
}

TEST(RealProcessRunner, KilledBySignal) {
    auto runner = make_real_process_runner();
    RunResult r = runner->run({"sh", "-c", "kill -9 $$"});
    EXPECT_EQ(r.status, RunStatus::signalled);
    EXPECT_EQ(describe_failure({"sh"}, r), "`sh` was killed by a signal");
}

/// Counts the runs it is asked for.
class CountingRunner final : public ProcessRunner {
  public:
    RunResult run(const std::vector<std::string>& argv, std::chrono::milliseconds) const override {
        ++calls;
        RunResult r;
        r.status = RunStatus::exited;
        r.exit_code = 0;
        r.out = argv.back() + std::to_string(calls);
        return r;
    }
    mutable int calls = 0;
};

TEST(CachingProcessRunner, EachCommandRunsOnce) {
    CountingRunner inner;
    CachingProcessRunner cache(inner);
    EXPECT_EQ(cache.run({"a", "x"}).out, "x1");
    EXPECT_EQ(cache.run({"a", "y"}).out, "y2");
    EXPECT_EQ(cache.run({"a", "x"}).out, "x1");  // the same snapshot for every layer
    EXPECT_EQ(inner.calls, 2);
}

TEST(DescribeFailure, LastStderrLineShortened) {
    RunResult r;
    r.status = RunStatus::exited;
    r.exit_code = 1;
    r.err = "first\nsecond  \n\n";
    EXPECT_EQ(describe_failure({"t"}, r), "`t` exited with status 1: second");
    r.err = std::string(300, 'x');
    EXPECT_EQ(describe_failure({"t"}, r), "`t` exited with status 1: " + std::string(197, 'x') + "...");
    r.err.clear();
    EXPECT_EQ(describe_failure({"t"}, r), "`t` exited with status 1");
    r.status = RunStatus::failed_to_start;
    r.error = "Permission denied";
    EXPECT_EQ(describe_failure({"t"}, r), "`t` could not be started: Permission denied");
    r.status = RunStatus::output_too_large;
    EXPECT_EQ(describe_failure({"t"}, r), "`t` printed more than 64 MiB and was stopped");
}

}  // namespace
}  // namespace lifeline::sys

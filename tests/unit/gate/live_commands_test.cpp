// The post-check's live state: the script that runs the plugins' commands on the host, run here
// by the real sh, and its output read back; the recorded runner that notes what is missing.
#include "live_commands.hpp"

#include <gtest/gtest.h>

#include "lifeline/sys/process.hpp"

namespace lifeline::gate {
namespace {

sys::RunResult run_script(const std::string& script) {
    sys::RunOptions o;
    o.input = script;
    return sys::run_program({"/bin/sh", "-s"}, std::chrono::seconds(30), o);
}

TEST(LiveCommands, TheScriptRunsEachCommandAsTheRealRunnerWouldAndItsOutputReadsBack) {
    const std::vector<Argv> commands = {
        {"printf", "two\\nlines, one 'quoted'\\n"},
        {"sh", "-c", "echo to stderr >&2; echo \"$LC_ALL:$HOME\"; exit 3"},
        {"no-such-tool-lifeline-test"},
        {"printf", ""},
    };
    auto r = run_script(live_commands_script(commands));
    ASSERT_TRUE(r.ok()) << r.err;
    RecordedRunner runner;
    std::string error;
    ASSERT_TRUE(parse_live_results(r.out, commands, runner, error)) << error << "\n" << r.out;
    auto a = runner.run(commands[0]);
    EXPECT_TRUE(a.ok());
    EXPECT_EQ(a.out, "two\nlines, one 'quoted'\n");
    auto b = runner.run(commands[1]);
    EXPECT_EQ(b.status, sys::RunStatus::exited);
    EXPECT_EQ(b.exit_code, 3);
    EXPECT_EQ(b.out, "C:\n");  // LC_ALL=C and nothing else of this environment (no HOME)
    EXPECT_EQ(b.err, "to stderr\n");
    EXPECT_EQ(runner.run(commands[2]).status, sys::RunStatus::not_found);
    auto d = runner.run(commands[3]);
    EXPECT_TRUE(d.ok());
    EXPECT_EQ(d.out, "");
    EXPECT_TRUE(runner.take_missing().empty());
}

TEST(LiveCommands, TheRunnerNotesEachMissingCommandOnce) {
    RecordedRunner runner;
    const Argv nft = {"nft", "-j", "list", "ruleset"};
    EXPECT_EQ(runner.run(nft).status, sys::RunStatus::failed_to_start);
    runner.run(nft);
    runner.run({"ss", "-tlnpH"});
    EXPECT_EQ(runner.take_missing(), (std::vector<Argv>{nft, {"ss", "-tlnpH"}}));
    EXPECT_TRUE(runner.take_missing().empty());
    sys::RunResult ok;
    ok.status = sys::RunStatus::exited;
    ok.exit_code = 0;
    ok.out = "{}";
    runner.record(nft, ok);
    EXPECT_EQ(runner.run(nft).out, "{}");
    EXPECT_TRUE(runner.take_missing().empty());
}

TEST(LiveCommands, MalformedOutputIsAnErrorNotAGuess) {
    const std::vector<Argv> commands = {{"a"}, {"b"}};
    RecordedRunner runner;
    std::string error;
    EXPECT_FALSE(parse_live_results("garbage\n", commands, runner, error));
    EXPECT_NE(error.find("expected a `@@` header"), std::string::npos);
    EXPECT_FALSE(parse_live_results("@@ 0 0 10 0\nshort", commands, runner, error));
    EXPECT_NE(error.find("cut short"), std::string::npos);
    EXPECT_FALSE(parse_live_results("@@ 7 0 0 0\n", commands, runner, error));  // no command 7
    EXPECT_FALSE(parse_live_results("@@ 0 x 0 0\n", commands, runner, error));
    EXPECT_NE(error.find("malformed status"), std::string::npos);
    // What came before the fault is kept; the rest stays missing.
    EXPECT_FALSE(parse_live_results("@@ 0 0 2 0\nok@@ 1", commands, runner, error));
    EXPECT_EQ(runner.run({"a"}).out, "ok");
}

}  // namespace
}  // namespace lifeline::gate

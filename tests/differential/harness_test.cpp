// Checks of the differential harness itself: a comparison that cannot see a difference, or a
// generator that is not reproducible, would make the differential suite worthless.

#include <gtest/gtest.h>

#include "batch.hpp"
#include "compare.hpp"
#include "config_generator.hpp"
#include "expectations.hpp"
#include "line_style.hpp"
#include "rng.hpp"

namespace lifeline::differential {
namespace {

RunResult ok(std::string out) {
    return RunResult{true, 0, std::move(out), ""};
}
RunResult failed(int code, std::string err) {
    return RunResult{true, code, "", std::move(err)};
}

TEST(HarnessCompare, SameLinesInAnotherOrderAgree) {
    auto c = compare_runs(ok("port 22\nusepam no\n"), ok("usepam no\n\nport 22\n"));
    EXPECT_EQ(c.verdict, Verdict::agree);
}

TEST(HarnessCompare, ReportsMissingAndExtraLines) {
    auto c = compare_runs(ok("port 22\npasswordauthentication no\n"),
                          ok("port 22\npasswordauthentication yes\n"));
    EXPECT_EQ(c.verdict, Verdict::output_mismatch);
    EXPECT_EQ(c.diff.missing, std::vector<std::string>{"passwordauthentication no"});
    EXPECT_EQ(c.diff.extra, std::vector<std::string>{"passwordauthentication yes"});
}

TEST(HarnessCompare, ExitStatusClassMustAgree) {
    EXPECT_EQ(compare_runs(failed(255, "x"), ok("port 22\n")).verdict, Verdict::exit_mismatch);
    EXPECT_EQ(compare_runs(ok("port 22\n"), failed(1, "x")).verdict, Verdict::exit_mismatch);
    // Both reject: the codes (255 vs 1) and outputs are not compared.
    EXPECT_EQ(compare_runs(failed(255, "a"), failed(1, "b")).verdict, Verdict::agree);
    EXPECT_EQ(compare_runs(RunResult{}, ok("")).verdict, Verdict::no_result);
}

TEST(HarnessCompare, ErrorLabelDropsFileAndLine) {
    EXPECT_EQ(error_label("/etc/ssh/sshd_config line 3: Bad SSH2 cipher spec 'x'.\nmore"),
              "Bad SSH2 cipher spec 'x'.");
    EXPECT_EQ(error_label("/etc/ssh/sshd_config: line 7: Bad configuration option: Foo\n"),
              "Bad configuration option: Foo");
    EXPECT_EQ(error_label("Invalid Match address argument '10.0.0.1/8' at line 2"),
              "Invalid Match address argument '10.0.0.1/8'");
}

TEST(HarnessExpectations, ParsesEveryVerb) {
    auto e = parse_expectations(
        "# comment\nplain exit 255\n* exit nonzero\nuser=a has port 22\n"
        "user=a lacks x y\nplain stderr Bad Match condition\n");
    ASSERT_EQ(e.size(), 5u);
    EXPECT_EQ(e[0].kind, Expectation::Kind::exit_code);
    EXPECT_EQ(e[0].code, 255);
    EXPECT_EQ(e[1].kind, Expectation::Kind::exit_nonzero);
    EXPECT_EQ(e[2].kind, Expectation::Kind::has);
    EXPECT_EQ(e[2].text, "port 22");
    EXPECT_EQ(e[3].text, "x y");
    EXPECT_EQ(e[4].kind, Expectation::Kind::stderr_contains);
    EXPECT_EQ(e[4].line, 6);
}

TEST(HarnessExpectations, RejectsMalformedLines) {
    EXPECT_THROW(parse_expectations("plain exit maybe\n"), std::runtime_error);
    EXPECT_THROW(parse_expectations("plain shows x\n"), std::runtime_error);
    EXPECT_THROW(parse_expectations("plain has\n"), std::runtime_error);
}

TEST(HarnessExpectations, ChecksAgainstARun) {
    auto e = parse_expectations("plain has port 22\nplain lacks port 2222\nplain exit 0\n");
    RunResult r = ok("port 22\n");
    for (const auto& x : e) EXPECT_EQ(check_expectation(x, r), "");
    r = ok("port 2222\n");
    EXPECT_NE(check_expectation(e[0], r), "");
    EXPECT_NE(check_expectation(e[1], r), "");
    EXPECT_TRUE(applies_to(e[0], ""));
    EXPECT_FALSE(applies_to(e[0], "user=a"));
}

TEST(HarnessGenerator, RngIsSplitmix64) {
    Rng r(0);
    EXPECT_EQ(r.next(), 0xE220A8397B1DCDAFULL);
}

TEST(HarnessGenerator, SameSeedSameTree) {
    for (int i = 0; i < 20; ++i) {
        auto seed = derive_seed(42, static_cast<std::uint64_t>(i));
        Case a = generate_case(seed, i);
        Case b = generate_case(seed, i);
        EXPECT_EQ(a.files, b.files);
        EXPECT_EQ(a.specs, b.specs);
        EXPECT_EQ(a.invalid_reason, b.invalid_reason);
        ASSERT_FALSE(a.files.empty());
        EXPECT_EQ(a.files.front().first, "etc/ssh/sshd_config");
        EXPECT_EQ(a.specs.front(), "");  // the plain run comes first
    }
    EXPECT_NE(generate_case(derive_seed(42, 0), 0).files,
              generate_case(derive_seed(42, 1), 1).files);
}

TEST(HarnessGenerator, EveryTreeHasTheSshdPrivsepUser) {
    for (int i = 0; i < 50; ++i) {
        Case c = generate_case(derive_seed(7, static_cast<std::uint64_t>(i)), i);
        bool found = false;
        for (const auto& [path, text] : c.files) {
            if (path == "etc/passwd") found = text.find("\nsshd:x:") != std::string::npos;
        }
        EXPECT_TRUE(found) << c.name;
    }
}

TEST(HarnessGenerator, RoughlyAQuarterIsInvalid) {
    int invalid = 0;
    for (int i = 0; i < 400; ++i) {
        invalid +=
            generate_case(derive_seed(1, static_cast<std::uint64_t>(i)), i).intended_valid ? 0 : 1;
    }
    EXPECT_GT(invalid, 60);
    EXPECT_LT(invalid, 140);
}

TEST(HarnessStyle, SplitSampleKeepsQuotedGroups) {
    EXPECT_EQ(split_sample("a \"b c\" d\\ e 'f g'"),
              (std::vector<std::string>{"a", "\"b c\"", "d\\ e", "'f g'"}));
}

TEST(HarnessBatch, ShellQuoteSurvivesSingleQuotes) {
    EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
    EXPECT_EQ(shell_quote(""), "''");
}

}  // namespace
}  // namespace lifeline::differential

// Walks every rule fixture: each bad tree yields exactly its inline expectations, each good tree
// yields nothing.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <fstream>

#include "fixtures.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using namespace lifeline::test;

namespace {

class RuleFixture : public ::testing::TestWithParam<FixtureCase> {};

/// A policy file under /tmp, removed when the test ends.
class ScratchPolicy {
  public:
    explicit ScratchPolicy(const std::string& text) {
        char tmpl[] = "/tmp/lifeline-fixture-XXXXXX.yaml";
        int fd = ::mkstemps(tmpl, 5);
        if (fd >= 0) ::close(fd);
        m_path = tmpl;
        std::ofstream(m_path) << text;
    }
    ~ScratchPolicy() {
        std::error_code ec;
        fs::remove(m_path, ec);
    }
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

TEST_P(RuleFixture, FindingsMatchExpectations) {
    const FixtureCase& fx = GetParam();
    std::vector<Finding> expected = read_expectations(fx.root);
    if (fx.variant == "good") {
        ASSERT_TRUE(expected.empty()) << "a good fixture must not expect findings";
    } else {
        bool own = std::any_of(expected.begin(), expected.end(),
                               [&](const Finding& f) { return f.rule == fx.rule_id; });
        ASSERT_TRUE(own) << "the bad fixture must expect at least one " << fx.rule_id;
    }
    // The fixture's rule on top of the lockout pack, whatever the default pack selects: the
    // hardening rules the lockout pack leaves out report sshd's compiled-in defaults (no Banner,
    // MaxStartups 10:30:100, ...), so like a clang-tidy check they run only in their own
    // fixtures. A fixture whose rule needs policy input (must_login, must_not_login) has
    // ../policy.yaml, extending `all`; it is applied before the lockout pack, so it supplies
    // intents and options while the walker decides which rules run.
    fs::path own = fx.root.parent_path() / "policy.yaml";
    ScratchPolicy policy("extends: [\"" + (fs::exists(own) ? own.string() : std::string("all")) +
                         "\", lockout]\nselect: [" + fx.rule_id + "]\n");
    std::vector<std::string> cmd{lifeline_bin(), "lint", "--root", fx.root.string(), "--format",
                                 "json", "--fail-on", "info", "--policy", policy.path()};
    // A fixture that needs command-line input (`--access`) lists it in ../lint.args, one
    // argument per line, for both variants.
    if (std::ifstream args(fx.root.parent_path() / "lint.args"); args) {
        for (std::string line; std::getline(args, line);)
            if (!line.empty()) cmd.push_back(line);
    }
    auto r = run_command(cmd);
    ASSERT_FALSE(r.timed_out);
    ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
    std::vector<Finding> actual = parse_lint_json(r.out, fx.root);
    for (const auto& f : expected) {
        EXPECT_TRUE(std::binary_search(actual.begin(), actual.end(), f))
            << "missing finding: " << to_string(f);
    }
    for (const auto& f : actual) {
        EXPECT_TRUE(std::binary_search(expected.begin(), expected.end(), f))
            << "unexpected finding: " << to_string(f);
    }
    EXPECT_EQ(r.exit_code, actual.empty() ? 0 : 1);
}

std::string case_name(const ::testing::TestParamInfo<FixtureCase>& info) {
    std::string name = info.param.rule_id + "_" + info.param.slug + "_" + info.param.variant;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(All, RuleFixture,
                         ::testing::ValuesIn(find_fixtures(fs::path(source_dir()) / "tests" /
                                                           "fixtures")),
                         case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(RuleFixture);

}  // namespace

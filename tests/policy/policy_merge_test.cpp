// Merging: select/ignore semantics, extends order, later files winning, origins, and applying the
// effective policy to findings.

#include <gtest/gtest.h>

#include "policy_fixture.hpp"

namespace lifeline::test {
namespace {

using Strings = std::vector<std::string>;

TEST(PolicyMerge, WithoutSelectEveryRuleRuns) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "ignore: [SSHD027]\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{});
    EXPECT_EQ(PolicyFixture::selected(p),
              (Strings{"FW005", "IPT005", "NFT002", "SSHD001", "SSHD028", "SSHD032"}));
    EXPECT_EQ(p.rules.at("SSHD001").selector.origin.path, "");  // the default, no entry
    const RuleSetting& ignored = p.rules.at("SSHD027");
    EXPECT_TRUE(ignored.ignored);
    EXPECT_EQ(ignored.selector.value, "SSHD027");
    EXPECT_EQ(at(ignored.selector.origin), "/p/a.yaml:1:10");
}

TEST(PolicyMerge, InsideOneFileIgnoreWinsOverSelect) {
    PolicyFixture f;
    // The ignore list comes first in the file: order inside a file does not matter.
    Policy p = f.file("/p/a.yaml", "ignore: [root-password-login, SSHD03]\nselect: [SSHD]\n")
                   .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{});
    // SSHD03 is an ID prefix: it takes SSHD032.
    EXPECT_EQ(PolicyFixture::selected(p), (Strings{"SSHD001", "SSHD028"}));
}

TEST(PolicyMerge, ALLSelectsEveryRuleAndSlugsSelectEveryRuleWithThem) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "select: [jump-loop]\n").load("/p/a.yaml");
    EXPECT_EQ(PolicyFixture::selected(p), (Strings{"IPT005", "NFT002"}));
    PolicyFixture g;
    Policy all = g.file("/p/a.yaml", "select: [ALL]\nignore: [FW]\n").load("/p/a.yaml");
    EXPECT_EQ(PolicyFixture::selected(all).size(), 6u);
    EXPECT_FALSE(all.selected("FW005"));
    // An ID no catalog rule has cannot be named by a policy, so it is never dropped.
    EXPECT_TRUE(all.selected("X001"));
}

TEST(PolicyMerge, LaterFileWins) {
    PolicyFixture f;
    f.file("/packs/lockout.yaml", "select: [ALL]\nignore: [SSHD027, SSHD028]\nfail_on: warning\n")
        .file("/p/.lifeline.yaml",
              "extends: lockout\nselect: [SSHD027]\nignore: [jump-loop]\nfail_on: error\n");
    Policy p = f.load("/p/.lifeline.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{});
    EXPECT_EQ(p.files, (Strings{"/packs/lockout.yaml", "/p/.lifeline.yaml"}));
    // The repository file brings SSHD027 back and drops both jump-loop rules.
    EXPECT_EQ(PolicyFixture::selected(p), (Strings{"FW005", "SSHD001", "SSHD027", "SSHD032"}));
    EXPECT_EQ(at(p.rules.at("SSHD027").selector.origin), "/p/.lifeline.yaml:2:10");
    EXPECT_EQ(at(p.rules.at("SSHD028").selector.origin), "/packs/lockout.yaml:2:19");
    EXPECT_EQ(at(p.rules.at("NFT002").selector.origin), "/p/.lifeline.yaml:3:10");
    EXPECT_EQ(at(p.rules.at("FW005").selector.origin), "/packs/lockout.yaml:1:10");
    EXPECT_EQ(p.fail_on, Severity::error);
    EXPECT_EQ(at(p.fail_on_origin), "/p/.lifeline.yaml:4:10");
}

TEST(PolicyMerge, ExtendsInOrderEachFileOnce) {
    PolicyFixture f;
    f.file("/p/base.yaml",
           "fail_on: info\nrules:\n  SSHD032: {severity: error, options: {min: 3}}\n")
        .file("/p/a.yaml",
              "extends: base.yaml\nfail_on: warning\nrules:\n  SSHD032: {options: {min: 4, max: "
              "9}}\n")
        .file("/p/b.yaml", "extends: base.yaml\nfail_on: error\n")
        .file("/p/top.yaml",
              "extends: [a.yaml, b.yaml]\nrules:\n  max-auth-tries-low: {options: {max: 10}}\n");
    Policy p = f.load("/p/top.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{});
    // base is reached through a and b but applied once, before a.
    EXPECT_EQ(p.files, (Strings{"/p/base.yaml", "/p/a.yaml", "/p/b.yaml", "/p/top.yaml"}));
    EXPECT_EQ(p.fail_on, Severity::error);  // b comes after a
    EXPECT_EQ(at(p.fail_on_origin), "/p/b.yaml:2:10");
    const RuleSetting& s = p.rules.at("SSHD032");
    EXPECT_EQ(s.severity, Severity::error);
    EXPECT_EQ(at(s.severity_origin), "/p/base.yaml:3:23");
    ASSERT_EQ(s.options.size(), 2u);
    EXPECT_EQ(s.options.at("min").value, "4");
    EXPECT_EQ(at(s.options.at("min").origin), "/p/a.yaml:4:28");
    EXPECT_EQ(s.options.at("max").value, "10");
    EXPECT_EQ(at(s.options.at("max").origin), "/p/top.yaml:3:39");
    RuleOptions options = p.rule_options();
    EXPECT_EQ(options.get("SSHD032", "min"), "4");
    EXPECT_EQ(options.get("SSHD032", "max"), "10");
    EXPECT_EQ(options.get("SSHD001", "min", "none"), "none");
}

TEST(PolicyMerge, HostsComeFromTheTopLevelFileOnly) {
    PolicyFixture f;
    f.file("/p/base.yaml", "hosts: [base/*/]\n").file("/p/top.yaml", "extends: base.yaml\n");
    EXPECT_TRUE(f.load("/p/top.yaml").hosts.empty());
    EXPECT_EQ(f.load("/p/base.yaml").hosts.size(), 1u);
    EXPECT_EQ(f.diagnostics(), Strings{});
}

Diagnostic finding(std::string id, Severity severity, int line) {
    Diagnostic d;
    d.rule_id = std::move(id);
    d.severity = severity;
    d.location = {"/etc/x", line, 1};
    return d;
}

TEST(PolicyMerge, ApplyDropsUnselectedAndOverridesSeverity) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml",
                      "select: [SSHD, FW]\n"
                      "ignore: [SSHD027]\n"
                      "rules:\n"
                      "  SSHD032: {severity: error}\n"
                      "  FW005: {severity: info}\n")
                   .load("/p/a.yaml");
    ASSERT_EQ(f.diagnostics(), Strings{});
    std::vector<Diagnostic> items{
        finding("SSHD032", Severity::warning, 1), finding("SSHD027", Severity::warning, 2),
        finding("IPT005", Severity::error, 3),    finding("FW005", Severity::error, 4),
        finding("FW005", Severity::warning, 5),   finding("X001", Severity::warning, 6)};
    apply_policy(p, items);
    std::vector<std::string> got;
    for (const auto& d : items)
        got.push_back(d.rule_id + "@" + std::to_string(d.location.line) + " " +
                      std::string(severity_name(d.severity)));
    EXPECT_EQ(got, (Strings{"SSHD032@1 error", "FW005@4 info", "FW005@5 info", "X001@6 warning"}));
}

}  // namespace
}  // namespace lifeline::test

// The policy through the real CLI and plugins: must_login intents reaching the firewall layer,
// ignore and severity overrides on real findings, fail_on, discovery of .lifeline.yaml and the
// shipped packs.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "run_command.hpp"

namespace lifeline::test {
namespace {

namespace fs = std::filesystem;

/// A directory under /tmp removed with everything in it at the end of the test.
class TempDir {
  public:
    TempDir() {
        char tmpl[] = "/tmp/lifeline-policy-XXXXXX";
        if (::mkdtemp(tmpl)) m_path = tmpl;
    }
    ~TempDir() {
        std::error_code ec;
        if (!m_path.empty()) fs::remove_all(m_path, ec);
    }
    const std::string& path() const { return m_path; }
    std::string write(const std::string& name, const std::string& text) const {
        fs::path p = fs::path(m_path) / name;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }

  private:
    std::string m_path;
};

/// The FW005 fixture host: 203.0.113.128/25 is dropped before the accept of port 22
/// (tests/fixtures/firewall/FW005-access-intent-blocked/bad/etc/iptables/rules.v4 line 4).
std::string blocked_host() {
    return source_dir() + "/tests/fixtures/firewall/FW005-access-intent-blocked/bad";
}

constexpr const char* k_alice =
    "extends: lockout\n"
    "must_login:\n"
    "  - user: alice\n"
    "    from: [203.0.113.0/24]\n";

CommandResult lint(const std::vector<std::string>& extra) {
    std::vector<std::string> argv{lifeline_bin(), "lint",     "--root",
                                  blocked_host(), "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(argv);
}

TEST(PolicyCli, MustLoginBlockedByTheFirewallIsFW005AtTheRuleWithTheIntentsOrigin) {
    TempDir t;
    std::string policy = t.write("policy.yaml", k_alice);
    auto r = lint({"--policy", policy});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["diagnostics"].size(), 1u) << r.out;
    const auto& d = j["diagnostics"][0];
    EXPECT_EQ(d["rule"], "FW005");
    EXPECT_EQ(d["severity"], "error");
    EXPECT_EQ(d["path"], blocked_host() + "/etc/iptables/rules.v4");
    EXPECT_EQ(d["line"], 4);
    // The upper half of the /24 meets `-A INPUT -s 203.0.113.128/25 -j DROP` first.
    EXPECT_EQ(d["message"],
              "must_login alice@203.0.113.0/24: new connections from 203.0.113.128/25 (e.g. "
              "203.0.113.129) to port 22 are dropped at /etc/iptables/rules.v4:4 (-A INPUT -s "
              "203.0.113.128/25 -j DROP)");
    ASSERT_EQ(d["related"].size(), 1u);
    EXPECT_EQ(d["related"][0]["path"], policy);
    EXPECT_EQ(d["related"][0]["line"], 4);     // `    from: [203.0.113.0/24]`
    EXPECT_EQ(d["related"][0]["column"], 12);  // the network inside the brackets
    EXPECT_EQ(d["related"][0]["message"], "the must_login entry");
}

TEST(PolicyCli, MustNotLoginIsNotABlockedLogin) {
    TempDir t;
    std::string policy =
        t.write("policy.yaml",
                "extends: lockout\nmust_not_login:\n  - user: root\n    from: [203.0.113.0/24]\n");
    auto r = lint({"--policy", policy});
    // The firewall drops part of the network: for a login that must NOT work that is no FW005.
    // What remains is sshd's side: PermitRootLogin defaults to prohibit-password, so root with a
    // key may get in (the tree has no account files to say more): SSHD058, a warning.
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    auto diags = nlohmann::json::parse(r.out)["diagnostics"];
    ASSERT_EQ(diags.size(), 1u) << r.out;
    EXPECT_EQ(diags[0]["rule"], "SSHD058");
    EXPECT_EQ(diags[0]["severity"], "warning");
    EXPECT_EQ(diags[0]["related"][0]["message"], "the must_not_login entry");
}

TEST(PolicyCli, IgnoreRemovesTheFinding) {
    TempDir t;
    std::string policy =
        t.write("policy.yaml", std::string(k_alice) + "ignore: [access-intent-blocked]\n");
    auto r = lint({"--policy", policy});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["diagnostics"].size(), 0u);
}

TEST(PolicyCli, SeverityOverrideAndFailOn) {
    TempDir t;
    std::string policy = t.write("policy.yaml", std::string(k_alice) +
                                                    "rules:\n  FW005: {severity: warning}\n"
                                                    "fail_on: error\n");
    auto r = lint({"--policy", policy});
    // The finding stays, as a warning, and the policy's fail_on error lets lint pass.
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["diagnostics"].size(), 1u);
    EXPECT_EQ(j["diagnostics"][0]["severity"], "warning");
    // --fail-on on the command line beats the policy.
    EXPECT_EQ(lint({"--policy", policy, "--fail-on", "warning"}).exit_code, 1);
}

TEST(PolicyCli, PolicyErrorsStopLint) {
    TempDir t;
    std::string policy = t.write("policy.yaml", "extends: lockout\nmust_logon: []\n");
    auto r = lint({"--policy", policy});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find(policy + ":2:1: error: unknown key 'must_logon'; did you mean "
                                  "'must_login'? [POL003 unknown-key]"),
              std::string::npos)
        << r.err;
    auto check = run_command({lifeline_bin(), "policy", "check", policy});
    EXPECT_EQ(check.exit_code, 1);
    EXPECT_NE(check.out.find(policy + ":2:1: error: unknown key 'must_logon'"), std::string::npos)
        << check.out;
}

/// Runs lifeline in `dir` (discovery starts from the current directory).
CommandResult run_in(const std::string& dir, const std::string& args) {
    return run_command({"sh", "-c", "cd '" + dir + "' && exec '" + lifeline_bin() + "' " + args});
}

TEST(PolicyCli, RepositoryPolicyIsFoundFromASubdirectory) {
    TempDir t;
    fs::create_directories(t.path() + "/.git");
    fs::create_directories(t.path() + "/hosts/web");
    t.write(".lifeline.yaml", std::string(k_alice) + "hosts: [hosts/*/]\n");
    auto r = run_in(t.path() + "/hosts/web", "lint --format json --root '" + blocked_host() + "'");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["diagnostics"].size(), 1u);
    EXPECT_EQ(j["diagnostics"][0]["related"][0]["path"], "../../.lifeline.yaml");
    // The build-tree binary reads the source tree's packs.
    auto show = run_in(t.path() + "/hosts/web", "policy show --origin");
    EXPECT_EQ(show.exit_code, 0) << show.err;
    EXPECT_EQ(
        show.out.substr(0, show.out.find('\n')),
        "# effective policy of " + source_dir() + "/policies/lockout.yaml, ../../.lifeline.yaml");
    EXPECT_NE(show.out.find("hosts:\n  - hosts/*/  # ../../.lifeline.yaml:5:9\n"),
              std::string::npos)
        << show.out;
}

TEST(PolicyCli, WithoutPolicyTheLockoutPackRunsEveryRuleButTheHardeningOnes) {
    TempDir t;
    fs::create_directories(t.path() + "/.git");  // so discovery stops here
    auto rules = run_command({lifeline_bin(), "rules", "--format", "json"});
    ASSERT_EQ(rules.exit_code, 0);
    std::set<std::string> expected;
    for (const auto& r : nlohmann::json::parse(rules.out)) expected.insert(r["id"]);
    // The hardening rules (policies/hardening.yaml): settings looser than the CIS and DevSec
    // baselines, which never lock anyone out.
    for (const char* id :
         {"SSHD027", "SSHD028", "SSHD040", "SSHD041", "SSHD042", "SSHD043", "SSHD044", "SSHD045",
          "SSHD046", "SSHD047", "SSHD048", "SSHD049", "SSHD050", "SSHD051", "SSHD052", "SSHD053",
          "SSHD054", "SSHD055", "SSHD056", "SSHD059", "SSHD060", "SSHD061", "SSHD062"}) {
        EXPECT_EQ(expected.erase(id), 1u) << id << " is not a rule of the built plugins";
    }
    auto show = run_in(t.path(), "policy show");
    ASSERT_EQ(show.exit_code, 0) << show.err;
    std::set<std::string> selected;
    std::istringstream lines(show.out);
    for (std::string line; std::getline(lines, line);)
        if (line.rfind("  - ", 0) == 0) selected.insert(line.substr(4));
    EXPECT_EQ(selected, expected);
}

TEST(PolicyCli, ShippedPacksAreValidAgainstTheRulesOfTheBuiltPlugins) {
    // Checked as files (not by pack name), so names of rules no loaded plugin has are errors.
    for (const char* pack : {"lockout", "hardening", "fail2ban", "all"}) {
        std::string path = source_dir() + "/policies/" + pack + ".yaml";
        auto r = run_command({lifeline_bin(), "policy", "check", path});
        EXPECT_EQ(r.exit_code, 0) << path << "\n" << r.out << r.err;
        EXPECT_EQ(r.out, path + ": valid\n");
    }
}

}  // namespace
}  // namespace lifeline::test

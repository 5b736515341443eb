// The pre-commit hook in real git repositories: a commit that locks out a must_login login is
// refused at the offending file:line, a harmless one passes, a partially staged file is judged by
// what is staged (and `git commit FILE` by the temporary index git builds), only the roots the
// staged files touch are linted; `hook install` and its refusal to replace a foreign hook;
// `lint --repo` in parallel.

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "git_repo.hpp"

namespace lifeline::test {
namespace {

/// A repository with two clean hosts committed and lifeline's hook installed.
class HookTest : public ::testing::Test {
  protected:
    void SetUp() override {
        repo.write(".lifeline.yaml", k_policy);
        write_host(repo, "hosts/web1");
        write_host(repo, "hosts/web2");
        auto install = repo.lifeline({"hook", "install"});
        ASSERT_EQ(install.exit_code, 0) << install.err;
        repo.git({"add", "-A"});
        // The first commit goes through the hook too: two clean hosts pass it.
        auto commit = repo.git({"commit", "-q", "-m", "two hosts"});
        ASSERT_EQ(commit.exit_code, 0) << commit.out << commit.err;
        base = repo.head();
        ASSERT_FALSE(base.empty());
    }

    /// `git commit` (hook included), with the hook's output in `out`: git 2.36 and later send
    /// a hook's stdout to stderr, older ones do not, so both streams are joined there.
    CommandResult commit(const std::vector<std::string>& extra = {}) {
        std::vector<std::string> args{"commit", "-q", "-m", "change"};
        args.insert(args.end(), extra.begin(), extra.end());
        auto r = repo.git(args);
        r.out += r.err;
        return r;
    }

    GitRepo repo;
    std::string base;
};

constexpr const char* k_drop_alice = "-A INPUT -s 203.0.113.0/24 -j DROP\n";
constexpr const char* k_rules = "hosts/web1/etc/iptables/rules.v4";

bool has_rule(const std::string& id) {
    return run_command({lifeline_bin(), "rules", id}).exit_code == 0;
}

TEST_F(HookTest, CommitDroppingAMustLoginNetworkIsRefusedAtTheRule) {
    repo.write(k_rules, rules_v4(k_drop_alice));
    repo.git({"add", k_rules});
    auto r = commit();
    EXPECT_NE(r.exit_code, 0) << "the commit went through:\n" << r.out << r.err;
    EXPECT_EQ(repo.head(), base);
    // FW005 at the DROP line (line 5 of the staged file), path relative to the repository.
    EXPECT_NE(r.out.find("hosts/web1/etc/iptables/rules.v4:5:1: error: must_login "
                         "alice@203.0.113.0/24: new connections from 203.0.113.0/24"),
              std::string::npos)
        << r.out << r.err;
    EXPECT_NE(r.out.find("[FW005 access-intent-blocked]"), std::string::npos) << r.out;
}

TEST_F(HookTest, CommitWhoseSshdConfigShutsOutAMustLoginUserIsRefusedAtTheLine) {
    if (!has_rule("SSHD057")) GTEST_SKIP() << "this build has no SSHD057 (must-login-denied)";
    repo.write("hosts/web2/etc/ssh/sshd_config", sshd_config("AllowUsers bob\n"));
    repo.git({"add", "hosts/web2/etc/ssh/sshd_config"});
    auto r = commit();
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(repo.head(), base);
    EXPECT_NE(r.out.find("hosts/web2/etc/ssh/sshd_config:3:"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[SSHD057 must-login-denied]"), std::string::npos) << r.out;
}

TEST_F(HookTest, HarmlessCommitPasses) {
    repo.write("hosts/web1/etc/ssh/sshd_config",
               sshd_config("# reviewed 2026-11-24\nAllowUsers alice bob\n"));
    repo.write("hosts/web2/etc/motd", "Authorised use only.\n");
    repo.write("README", "host configurations\n");
    repo.git({"add", "-A"});
    auto r = commit();
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(repo.head(), base);
}

TEST_F(HookTest, PartiallyStagedFileIsJudgedByItsStagedContent) {
    // Stage the lockout, then repair only the working tree: the commit would record the
    // lockout, so it is refused though the file on disk is fine.
    repo.write(k_rules, rules_v4(k_drop_alice));
    repo.git({"add", k_rules});
    repo.write(k_rules, rules_v4());
    auto refused = commit();
    EXPECT_NE(refused.exit_code, 0) << refused.out << refused.err;
    EXPECT_NE(refused.out.find("hosts/web1/etc/iptables/rules.v4:5:1:"), std::string::npos)
        << refused.out;
    EXPECT_EQ(repo.head(), base);
    // The working tree itself is clean: the same check on disk passes.
    auto disk = repo.lifeline({"lint", "--repo"});
    EXPECT_EQ(disk.exit_code, 0) << disk.out << disk.err;

    // The reverse: the repair staged, the lockout only on disk.
    repo.git({"add", k_rules});
    repo.write(k_rules, rules_v4(k_drop_alice));
    auto staged = repo.lifeline({"lint", "--staged"});
    EXPECT_EQ(staged.exit_code, 0) << staged.out << staged.err;
    EXPECT_EQ(staged.out, "");
    repo.write(k_rules, rules_v4("# only a comment is staged\n"));
    repo.git({"add", k_rules});
    repo.write(k_rules, rules_v4(k_drop_alice));
    auto passed = commit();
    EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
    EXPECT_NE(repo.head(), base);
}

TEST_F(HookTest, CommitOfANamedFileIsJudgedByTheTemporaryIndexGitBuilds) {
    // `git commit FILE` commits the working-tree file whatever is staged, through a temporary
    // index (GIT_INDEX_FILE) that the hook must read.
    repo.write(k_rules, rules_v4(k_drop_alice));
    auto r = commit({k_rules});
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("hosts/web1/etc/iptables/rules.v4:5:1:"), std::string::npos) << r.out;
    EXPECT_EQ(repo.head(), base);
}

TEST_F(HookTest, OnlyTheRootsTheStagedFilesTouchAreLinted) {
    // web2 is broken in HEAD (committed past the hook); a change to web1 is judged alone.
    repo.write("hosts/web2/etc/iptables/rules.v4", rules_v4(k_drop_alice));
    repo.git({"add", "-A"});
    ASSERT_EQ(repo.git({"commit", "-q", "--no-verify", "-m", "broken web2"}).exit_code, 0);
    repo.write("hosts/web1/etc/motd", "hello\n");
    repo.git({"add", "-A"});
    auto json = repo.lifeline({"lint", "--staged", "--format", "json"});
    EXPECT_EQ(json.exit_code, 0) << json.out << json.err;
    auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc["roots"], nlohmann::json::array({"hosts/web1"}));
    EXPECT_EQ(doc["diagnostics"].size(), 0u);
    EXPECT_EQ(commit().exit_code, 0);
    // Touching web2 brings its finding back.
    repo.write("hosts/web2/etc/motd", "hello\n");
    repo.git({"add", "-A"});
    auto web2 = repo.lifeline({"lint", "--staged", "--format", "json"});
    EXPECT_EQ(web2.exit_code, 1) << web2.out << web2.err;
    auto doc2 = nlohmann::json::parse(web2.out);
    EXPECT_EQ(doc2["roots"], nlohmann::json::array({"hosts/web2"}));
    ASSERT_EQ(doc2["diagnostics"].size(), 1u) << web2.out;
    EXPECT_EQ(doc2["diagnostics"][0]["rule"], "FW005");
    EXPECT_EQ(doc2["diagnostics"][0]["path"], "hosts/web2/etc/iptables/rules.v4");
    EXPECT_EQ(doc2["diagnostics"][0]["line"], 5);
}

TEST_F(HookTest, AStagedPolicyChangeConcernsEveryRootAndIsReadFromTheIndex) {
    // The staged policy adds bob from a network web1's staged firewall drops; on disk the
    // policy is the old one, so only the staged policy can find it.
    std::string policy = std::string(k_policy) + "  - user: bob\n    from: [198.51.100.0/24]\n";
    repo.write(".lifeline.yaml", policy);
    repo.write(k_rules, rules_v4("-A INPUT -s 198.51.100.0/24 -j DROP\n"));
    repo.git({"add", "-A"});
    repo.write(".lifeline.yaml", k_policy);
    auto r = repo.lifeline({"lint", "--staged", "--format", "json"});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    auto doc = nlohmann::json::parse(r.out);
    EXPECT_EQ(doc["roots"], nlohmann::json::array({"hosts/web1", "hosts/web2"}));
    ASSERT_EQ(doc["diagnostics"].size(), 1u) << r.out;
    EXPECT_EQ(doc["diagnostics"][0]["path"], k_rules);
    EXPECT_EQ(doc["diagnostics"][0]["line"], 5);
    EXPECT_EQ(doc["diagnostics"][0]["rule"], "FW005");
}

TEST_F(HookTest, NothingStagedUnderARootPassesQuietly) {
    repo.write("docs/notes.md", "nothing to do with hosts\n");
    repo.git({"add", "-A"});
    auto r = repo.lifeline({"hook", "run"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST_F(HookTest, StagedRunsFromASubdirectoryWithRepositoryRelativePaths) {
    repo.write(k_rules, rules_v4(k_drop_alice));
    repo.git({"add", "-A"});
    auto r = repo.lifeline({"lint", "--staged"}, "hosts/web1/etc");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out.rfind("hosts/web1/etc/iptables/rules.v4:5:1: error:", 0), 0u) << r.out;
}

TEST(HookFirstCommit, ALockoutInTheFirstCommitIsRefused) {
    // No HEAD yet: every staged path is new, so every root is linted.
    GitRepo repo;
    repo.write(".lifeline.yaml", k_policy);
    write_host(repo, "hosts/web1");
    write_host(repo, "hosts/web2");
    repo.write("hosts/web2/etc/iptables/rules.v4", rules_v4(k_drop_alice));
    ASSERT_EQ(repo.lifeline({"hook", "install"}).exit_code, 0);
    repo.git({"add", "-A"});
    auto r = repo.git({"commit", "-q", "-m", "first"});
    EXPECT_NE(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(repo.head(), "");
    EXPECT_NE((r.out + r.err).find("hosts/web2/etc/iptables/rules.v4:5:1: error:"),
              std::string::npos)
        << r.out << r.err;
}

TEST(HookInstall, WritesTheShippedScriptPointingAtThisBinary) {
    GitRepo repo;
    auto r = repo.lifeline({"hook", "install"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string hook = repo.read(".git/hooks/pre-commit");
    struct stat st {};
    ASSERT_EQ(::stat((repo.path() + "/.git/hooks/pre-commit").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0755u);
    // hooks/pre-commit with only its binary line changed.
    std::string shipped;
    {
        std::ifstream in(source_dir() + "/hooks/pre-commit");
        std::stringstream s;
        s << in.rdbuf();
        shipped = s.str();
    }
    std::string line = "lifeline=${LIFELINE:-lifeline}";
    size_t at = shipped.find(line);
    ASSERT_NE(at, std::string::npos);
    shipped.replace(at, line.size(), "lifeline=${LIFELINE:-'" + lifeline_bin() + "'}");
    EXPECT_EQ(hook, shipped);
    // Installing again replaces lifeline's own hook.
    EXPECT_EQ(repo.lifeline({"hook", "install"}).exit_code, 0);
}

TEST(HookInstall, RefusesToReplaceAForeignHookWithoutForce) {
    GitRepo repo;
    std::string foreign = "#!/bin/sh\nexec make check\n";
    repo.write(".git/hooks/pre-commit", foreign, true);
    auto r = repo.lifeline({"hook", "install"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("exists and is not lifeline's"), std::string::npos) << r.err;
    EXPECT_EQ(repo.read(".git/hooks/pre-commit"), foreign);
    auto forced = repo.lifeline({"hook", "install", "--force"});
    EXPECT_EQ(forced.exit_code, 0) << forced.err;
    EXPECT_NE(repo.read(".git/hooks/pre-commit").find("# lifeline pre-commit hook"),
              std::string::npos);
}

TEST(HookInstall, HonoursCoreHooksPath) {
    GitRepo repo;
    repo.git({"config", "core.hooksPath", "ci/hooks"});
    auto r = repo.lifeline({"hook", "install"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(repo.read("ci/hooks/pre-commit").find("hook run"), std::string::npos);
    EXPECT_EQ(repo.read(".git/hooks/pre-commit"), "");
}

TEST(RepoLint, ParallelWorkersGiveTheSameOutputAsOne) {
    GitRepo repo;
    repo.write(".lifeline.yaml", k_policy);
    for (int i = 1; i <= 7; ++i) write_host(repo, "hosts/h" + std::to_string(i));
    repo.write("hosts/h3/etc/iptables/rules.v4", rules_v4(k_drop_alice));
    repo.write("hosts/h6/etc/iptables/rules.v4", rules_v4(k_drop_alice));
    auto one = repo.lifeline({"lint", "--repo", "-j", "1"});
    auto two = repo.lifeline({"lint", "--repo", "-j", "2"});
    EXPECT_EQ(one.exit_code, 1) << one.err;
    EXPECT_EQ(two.exit_code, 1) << two.err;
    EXPECT_EQ(one.out, two.out);
    // Root order, then the summary over all roots.
    size_t h3 = one.out.find("hosts/h3/etc/iptables/rules.v4:5:1: error:");
    size_t h6 = one.out.find("hosts/h6/etc/iptables/rules.v4:5:1: error:");
    EXPECT_NE(h3, std::string::npos) << one.out;
    EXPECT_LT(h3, h6);
    EXPECT_NE(one.out.find("2 errors, 0 warnings, 0 info in 7 host roots\n"), std::string::npos)
        << one.out;
}

TEST(RepoLint, ARootWithNothingToCheckIsAnError) {
    GitRepo repo;
    repo.write(".lifeline.yaml", k_policy);
    write_host(repo, "hosts/h1");
    repo.write("hosts/notes/README", "not a host\n");
    auto r = repo.lifeline({"lint", "--repo"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("nothing to check under host root hosts/notes"), std::string::npos)
        << r.err;
}

TEST(RepoLint, APolicyWithoutHostsIsAnError) {
    GitRepo repo;
    repo.write(".lifeline.yaml", "extends: lockout\n");
    write_host(repo, "hosts/h1");
    repo.git({"add", "-A"});
    auto r = repo.lifeline({"lint", "--staged"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("has no `hosts:`"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lifeline::test

// The repository's .pre-commit-hooks.yaml through the real pre-commit framework (Debian's
// pre-commit package): a repository of host trees that lists lifeline's hook in its
// .pre-commit-config.yaml, `pre-commit install`, then real `git commit`s: a lockout of the
// must_login user is refused with lifeline's finding, a harmless change passes.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "git_repo.hpp"

namespace lifeline::test {
namespace {

bool have_pre_commit() {
    return run_command({"sh", "-c", "command -v pre-commit"}).exit_code == 0;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

TEST(PreCommitFramework, TheHookOfPreCommitHooksYamlRefusesALockoutAndPassesTheRest) {
    if (!have_pre_commit()) {
        // CI installs it (scripts/install-deps.sh): there a missing tool is a failure.
        if (std::getenv("CI")) FAIL() << "pre-commit is not installed";
        GTEST_SKIP() << "pre-commit is not installed (apt-get install pre-commit)";
    }
    // The hook repository: this repository's .pre-commit-hooks.yaml, committed.
    GitRepo hooks;
    std::ifstream in(source_dir() + "/.pre-commit-hooks.yaml");
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_FALSE(text.str().empty());
    hooks.write(".pre-commit-hooks.yaml", text.str());
    hooks.git({"add", "-A"});
    ASSERT_EQ(hooks.git({"commit", "-q", "-m", "hooks"}).exit_code, 0);

    GitRepo repo;
    repo.write(".lifeline.yaml", k_policy);
    write_host(repo, "hosts/web1");
    write_host(repo, "hosts/web2");
    repo.write(".pre-commit-config.yaml", "repos:\n  - repo: " + hooks.path() +
                                              "\n    rev: " + trimmed(hooks.head()) +
                                              "\n    hooks:\n      - id: lifeline\n");
    repo.git({"add", "-A"});
    ASSERT_EQ(repo.git({"commit", "-q", "--no-verify", "-m", "hosts"}).exit_code, 0);
    std::string base = repo.head();

    // `language: system`: the framework runs `lifeline` from PATH.
    std::string bin = hooks.path() + "/.git/bin";
    std::filesystem::create_directories(bin);
    std::filesystem::create_symlink(lifeline_bin(), bin + "/lifeline");
    auto env = repo.env();
    env.emplace_back(
        "PATH",
        bin + ":" + std::string(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"));
    env.emplace_back("PRE_COMMIT_HOME", hooks.path() + "/.git/pre-commit-cache");
    auto in_repo = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"git", "-C", repo.path()});
        auto r = run_command(args, std::chrono::seconds(120), env);
        r.out += r.err;
        return r;
    };
    auto install = run_command({"/usr/bin/env", "-C", repo.path(), "pre-commit", "install"},
                               std::chrono::seconds(60), env);
    ASSERT_EQ(install.exit_code, 0) << install.out << install.err;

    const std::string rules = "hosts/web1/etc/iptables/rules.v4";
    repo.write(rules, rules_v4("-A INPUT -s 203.0.113.0/24 -j DROP\n"));
    in_repo({"add", rules});
    auto refused = in_repo({"commit", "-q", "-m", "lockout"});
    EXPECT_NE(refused.exit_code, 0) << refused.out;
    EXPECT_EQ(repo.head(), base);
    EXPECT_NE(refused.out.find("- hook id: lifeline"), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find("hosts/web1/etc/iptables/rules.v4:5:1: error: must_login "
                               "alice@203.0.113.0/24"),
              std::string::npos)
        << refused.out;

    repo.write(rules, rules_v4());
    repo.write("hosts/web2/etc/motd", "Authorised use only.\n");
    in_repo({"add", "-A"});
    auto passed = in_repo({"commit", "-q", "-m", "motd"});
    EXPECT_EQ(passed.exit_code, 0) << passed.out;
    EXPECT_NE(repo.head(), base);
}

}  // namespace
}  // namespace lifeline::test

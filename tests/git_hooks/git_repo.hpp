#pragma once
/// A throw-away git repository of host trees for the hook tests: real git, no user or system
/// configuration (GIT_CONFIG_GLOBAL=/dev/null), removed at the end of the test.

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "run_command.hpp"

namespace lifeline::test {

class GitRepo {
  public:
    GitRepo() {
        char tmpl[] = "/tmp/lifeline-git-XXXXXX";
        if (::mkdtemp(tmpl)) m_path = tmpl;
        git({"init", "-q", "-b", "main"});
        git({"config", "user.name", "Lifeline Test"});
        git({"config", "user.email", "test@example.org"});
        git({"config", "commit.gpgsign", "false"});
    }
    ~GitRepo() {
        std::error_code ec;
        if (!m_path.empty()) std::filesystem::remove_all(m_path, ec);
    }
    GitRepo(const GitRepo&) = delete;
    GitRepo& operator=(const GitRepo&) = delete;

    const std::string& path() const { return m_path; }

    /// Environment of every command: git sees this repository's configuration only.
    std::vector<std::pair<std::string, std::string>> env() const {
        return {{"GIT_CONFIG_GLOBAL", "/dev/null"},
                {"GIT_CONFIG_NOSYSTEM", "1"},
                {"HOME", m_path},
                {"LIFELINE", ""}};
    }
    CommandResult git(const std::vector<std::string>& args) const {
        std::vector<std::string> argv{"git", "-C", m_path};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv, std::chrono::seconds(60), env());
    }
    /// Runs lifeline in the repository (or a directory under it).
    CommandResult lifeline(const std::vector<std::string>& args,
                           const std::string& sub = "") const {
        std::vector<std::string> argv{"/usr/bin/env", "-C", m_path + (sub.empty() ? "" : "/" + sub),
                                      lifeline_bin()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv, std::chrono::seconds(60), env());
    }
    void write(const std::string& rel, const std::string& text, bool executable = false) const {
        std::filesystem::path p = std::filesystem::path(m_path) / rel;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
        ::chmod(p.c_str(), executable ? 0755 : 0644);
    }
    std::string read(const std::string& rel) const {
        std::ifstream in(std::filesystem::path(m_path) / rel, std::ios::binary);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    std::string head() const {
        auto r = git({"rev-parse", "-q", "--verify", "HEAD"});
        return r.exit_code == 0 ? r.out : "";
    }

  private:
    std::string m_path;
};

/// rules.v4 of a host that accepts ssh from everywhere; `extra` lines go before the accept
/// (line 5 is the first of them).
inline std::string rules_v4(const std::string& extra = "") {
    return "*filter\n"
           ":INPUT DROP [0:0]\n"
           ":FORWARD DROP [0:0]\n"
           ":OUTPUT ACCEPT [0:0]\n" +
           extra +
           "-A INPUT -i lo -j ACCEPT\n"
           "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
           "-A INPUT -p tcp --dport 22 -j ACCEPT\n"
           "COMMIT\n";
}

/// The sshd_config of a host: key logins only; `extra` lines appended (line 3 on).
inline std::string sshd_config(const std::string& extra = "") {
    return "PasswordAuthentication no\n"
           "PermitRootLogin prohibit-password\n" +
           extra;
}

/// A host tree lint finds nothing wrong with, where alice (and bob: a policy may add him) can
/// log in with a key from anywhere: sshd, an iptables firewall, accounts with a shell and keys.
inline void write_host(const GitRepo& repo, const std::string& root) {
    repo.write(root + "/etc/ssh/sshd_config", sshd_config());
    repo.write(root + "/etc/iptables/rules.v4", rules_v4());
    repo.write(root + "/etc/passwd",
               "root:x:0:0:root:/root:/bin/bash\n"
               "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n"
               "bob:x:1001:1001:Bob:/home/bob:/bin/bash\n");
    repo.write(root + "/etc/group", "root:x:0:\nalice:x:1000:\nbob:x:1001:\n");
    repo.write(root + "/bin/bash", "", true);
    repo.write(root + "/root/.ssh/authorized_keys",
               "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGitHookTestKeyForRoot root@laptop\n");
    repo.write(root + "/home/alice/.ssh/authorized_keys",
               "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGitHookTestKeyForAlice alice@laptop\n");
    repo.write(root + "/home/bob/.ssh/authorized_keys",
               "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGitHookTestKeyForBob bob@laptop\n");
}

/// The repository policy: every host under hosts/, alice must keep logging in from
/// 203.0.113.0/24.
inline constexpr const char* k_policy =
    "extends: lockout\n"
    "hosts: [\"hosts/*/\"]\n"
    "must_login:\n"
    "  - user: alice\n"
    "    from: [203.0.113.0/24]\n";

}  // namespace lifeline::test

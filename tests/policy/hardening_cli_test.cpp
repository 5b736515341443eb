// The hardening pack through the real CLI and plugins: Debian's shipped sshd_config against it,
// a hardened configuration that passes it, rule options, and the conflicts (SSHD062) that replace
// a hardening finding whose fix would lock out a declared login. Expected values of sshd's
// defaults were checked with the real `sshd -T` of Debian 12 (openssh-server 1:9.2p1-2+deb12u10).

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "run_command.hpp"

namespace lifeline::test {
namespace {

namespace fs = std::filesystem;

/// A host tree under /tmp, removed with everything in it at the end of the test.
class HostTree {
  public:
    HostTree() {
        char tmpl[] = "/tmp/lifeline-hardening-XXXXXX";
        if (::mkdtemp(tmpl)) m_path = tmpl;
        // Every account the configurations below admit: alice (a password in etc/shadow) and
        // root (a key), both in ssh-users, both with a login shell.
        write("etc/passwd",
              "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000:Alice:/home/alice:/bin/bash\n");
        write("etc/group", "root:x:0:\nalice:x:1000:\nssh-users:x:1001:alice,root\n");
        write("etc/shadow",
              "root:*:19000:0:99999:7:::\n"
              "alice:$6$salt$0jzuBD2vbOVDiGDVn7IKsRMsfbQeQ9Sqvqg1DwX4fN2k4rRBo2bqj/"
              "6hQpVOMyO8bEkRbqfEq0OKwWgUdDC2V.:19000:0:99999:7:::\n");
        write("root/.ssh/authorized_keys",
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq4m9XJmVb3fX0m8b0c1Vw8qkq0m3FvQwWc5w1l3g0E "
              "root@admin\n");
        write("bin/bash", "");
        fs::permissions(fs::path(m_path) / "bin/bash", fs::perms::owner_all | fs::perms::group_exec |
                                                           fs::perms::others_exec);
    }
    ~HostTree() {
        std::error_code ec;
        if (!m_path.empty()) fs::remove_all(m_path, ec);
    }
    const std::string& path() const { return m_path; }
    std::string write(const std::string& rel, const std::string& text) const {
        fs::path p = fs::path(m_path) / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }

  private:
    std::string m_path;
};

/// Passes every rule of the hardening pack (`sshd -t` accepts it).
constexpr const char* k_hardened =
    "PermitRootLogin no\n"
    "PasswordAuthentication no\n"
    "KbdInteractiveAuthentication no\n"
    "UsePAM yes\n"
    "PermitEmptyPasswords no\n"
    "DisableForwarding yes\n"
    "MaxAuthTries 4\n"
    "LoginGraceTime 60\n"
    "ClientAliveInterval 300\n"
    "ClientAliveCountMax 3\n"
    "IgnoreRhosts yes\n"
    "HostbasedAuthentication no\n"
    "MACs hmac-sha2-512-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512,hmac-sha2-256\n"
    "LogLevel VERBOSE\n"
    "MaxStartups 10:30:60\n"
    "MaxSessions 10\n"
    "PermitUserEnvironment no\n"
    "Banner /etc/issue.net\n"
    "AllowGroups ssh-users\n";

/// `k_hardened` with line `line` (1-based) replaced by `text`.
std::string hardened_with(int line, const std::string& text) {
    std::string out;
    std::istringstream in(k_hardened);
    int n = 0;
    for (std::string l; std::getline(in, l);) out += (++n == line ? text : l) + "\n";
    return out;
}

struct Lint {
    int exit_code = -1;
    nlohmann::json diagnostics;
    std::string err;
};

Lint lint(const HostTree& host, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{lifeline_bin(), "lint",     "--root",
                                  host.path(),    "--format", "json"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto r = run_command(argv);
    Lint out{r.exit_code, nlohmann::json::array(), r.err + r.out};
    if (!r.timed_out && !r.out.empty())
        out.diagnostics = nlohmann::json::parse(r.out)["diagnostics"];
    return out;
}

/// Each diagnostic as `ID line:col severity: message`.
std::vector<std::string> summary(const Lint& l) {
    std::vector<std::string> v;
    for (const auto& d : l.diagnostics)
        v.push_back(d["rule"].get<std::string>() + " " + std::to_string(d["line"].get<int>()) +
                    ":" + std::to_string(d["column"].get<int>()) + " " +
                    d["severity"].get<std::string>() + ": " + d["message"].get<std::string>());
    return v;
}

TEST(HardeningPack, HardenedConfigurationPasses) {
    HostTree host;
    host.write("etc/ssh/sshd_config", k_hardened);
    auto r = lint(host, {"--policy", "hardening"});
    EXPECT_EQ(summary(r), std::vector<std::string>{}) << r.err;
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(HardeningPack, DebianShippedSshdConfigFailsTheItemsItLeavesAtSshdDefaults) {
    const fs::path shipped = "/usr/share/openssh/sshd_config";
    if (!fs::exists(shipped)) GTEST_SKIP() << shipped << " (openssh-server) is not installed";
    HostTree host;
    std::ifstream in(shipped);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    host.write("etc/ssh/sshd_config", text);
    host.write("etc/ssh/sshd_config.d/.keep", "");
    int x11_line = 0, n = 0;
    std::istringstream lines(text);
    for (std::string l; std::getline(lines, l);)
        if (++n && l == "X11Forwarding yes") x11_line = n;
    ASSERT_GT(x11_line, 0) << "Debian's file sets X11Forwarding yes";
    auto r = lint(host, {"--policy", "hardening"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    std::set<std::string> found;
    for (const auto& d : r.diagnostics)
        found.insert(d["rule"].get<std::string>() + ":" + std::to_string(d["line"].get<int>()));
    // sshd -T for that file: passwordauthentication yes, permitrootlogin without-password,
    // maxauthtries 6, logingracetime 120, clientaliveinterval 0, macs with umac-64-etm,
    // allowtcpforwarding yes, maxstartups 10:30:100, banner none, no Allow/Deny lists; usepam yes
    // and kbdinteractiveauthentication no pass.
    std::set<std::string> expected{"SSHD028:1",
                                   "SSHD040:1",
                                   "SSHD043:1",
                                   "SSHD044:1",
                                   "SSHD045:1",
                                   "SSHD049:1",
                                   "SSHD052:1",
                                   "SSHD053:1",
                                   "SSHD056:1",
                                   "SSHD060:1",
                                   "SSHD042:" + std::to_string(x11_line)};
    EXPECT_EQ(found, expected) << ::testing::PrintToString(summary(r));
}

TEST(HardeningPack, OptionsMoveTheThresholds) {
    HostTree host;
    host.write("etc/ssh/sshd_config",
               hardened_with(7, "MaxAuthTries 3") + "Match User alice\n" + "    LogLevel INFO\n");
    std::string policy = host.write("policy.yaml",
                                    "extends: hardening\n"
                                    "rules:\n"
                                    "  SSHD043: {options: {max: 2}}\n"
                                    "  log-level-unsuitable: {options: {allowed: VERBOSE}}\n"
                                    "  SSHD054: {options: {max: many}}\n");
    auto r = lint(host, {"--policy", policy});
    EXPECT_EQ(summary(r),
              (std::vector<std::string>{
                  "SSHD054 1:1 warning: policy option SSHD054.max is 'many', not a whole number of "
                  "at least 1: the default 10 is used",
                  "SSHD043 7:1 warning: MaxAuthTries 3, above 2: each connection may guess that "
                  "many passwords or keys",
                  "SSHD051 21:5 warning: LogLevel INFO for connections matching \"Match User "
                  "alice\": the key fingerprint of each login is not logged"}))
        << r.err;
    EXPECT_EQ(r.exit_code, 1);
}

// Line 2 of k_hardened is PasswordAuthentication.
constexpr const char* k_alice_password =
    "extends: hardening\n"
    "must_login:\n"
    "  - user: alice\n"
    "    from: [203.0.113.0/24]\n"
    "    auth: password\n";

TEST(HardeningPack, PasswordLoginDeclaredTurnsSSHD028IntoAnInfoConflict) {
    HostTree host;
    host.write("etc/ssh/sshd_config", hardened_with(2, "PasswordAuthentication yes"));
    // Without the declared login: the hardening finding, which fails lint.
    auto plain = lint(host, {"--policy", "hardening"});
    EXPECT_EQ(summary(plain),
              std::vector<std::string>{"SSHD028 2:1 warning: PasswordAuthentication is yes: every "
                                       "account can be attacked by password guessing"})
        << plain.err;
    EXPECT_EQ(plain.exit_code, 1);

    std::string policy = host.write("policy.yaml", k_alice_password);
    auto r = lint(host, {"--policy", policy});
    ASSERT_EQ(summary(r),
              std::vector<std::string>{
                  "SSHD062 2:1 info: conflict with must_login alice@203.0.113.0/24 (auth "
                  "password): SSHD028 password-authentication-enabled asks for "
                  "PasswordAuthentication no, which would lock that login out, so it is not "
                  "enforced"})
        << r.err;
    const auto& d = r.diagnostics[0];
    ASSERT_EQ(d["related"].size(), 1u);
    EXPECT_EQ(d["related"][0]["path"], policy);
    EXPECT_EQ(d["related"][0]["line"], 4);     // `    from: [203.0.113.0/24]`
    EXPECT_EQ(d["related"][0]["column"], 12);  // the network inside the brackets
    EXPECT_EQ(d["related"][0]["message"], "the must_login entry");
    EXPECT_EQ(d["help"],
              "keep passwords for that login only (Match User alice Address 203.0.113.0/24 with "
              "PasswordAuthentication yes), then set PasswordAuthentication no globally; or give "
              "it a key and change the declared login");
    // Info does not reach the pack's fail_on (warning): the conflict is shown, not enforced.
    EXPECT_EQ(r.exit_code, 0);
}

TEST(HardeningPack, PasswordKeptOnlyForTheDeclaredLoginIsNoConflict) {
    HostTree host;
    host.write("etc/ssh/sshd_config", std::string(k_hardened) +
                                          "Match User alice Address 203.0.113.0/24\n"
                                          "    PasswordAuthentication yes\n");
    std::string policy = host.write("policy.yaml", k_alice_password);
    auto r = lint(host, {"--policy", policy});
    EXPECT_EQ(summary(r), std::vector<std::string>{}) << r.err;
    EXPECT_EQ(r.exit_code, 0);
}

TEST(HardeningPack, KeyLoginDeclaredLeavesSSHD028Enforced) {
    HostTree host;
    host.write("etc/ssh/sshd_config", hardened_with(2, "PasswordAuthentication yes"));
    std::string policy =
        host.write("policy.yaml",
                   "extends: hardening\nmust_login:\n  - user: alice\n    from: [203.0.113.0/24]\n"
                   "    auth: publickey\n");
    host.write("home/alice/.ssh/authorized_keys",
               "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq4m9XJmVb3fX0m8b0c1Vw8qkq0m3FvQwWc5w1l3g0E "
               "alice@laptop\n");
    auto r = lint(host, {"--policy", policy});
    ASSERT_EQ(r.diagnostics.size(), 1u) << ::testing::PrintToString(summary(r));
    EXPECT_EQ(r.diagnostics[0]["rule"], "SSHD028");
}

TEST(HardeningPack, RootLoginDeclaredConflictsOnlyWhereRootTakesPermitRootLogin) {
    HostTree host;
    // Root's login from 198.51.100.0/24 takes PermitRootLogin from line 21; 192.0.2.0/24's block
    // does not apply to it, so its line stays an SSHD040 warning.
    host.write("etc/ssh/sshd_config", std::string(k_hardened) +
                                          "Match Address 198.51.100.0/24\n"
                                          "    PermitRootLogin prohibit-password\n"
                                          "Match Address 192.0.2.0/24\n"
                                          "    PermitRootLogin prohibit-password\n");
    auto r = lint(host, {"--policy", "hardening", "--access", "root@198.51.100.0/24"});
    EXPECT_EQ(
        summary(r),
        (std::vector<std::string>{
            "SSHD062 21:5 info: conflict with --access root@198.51.100.0/24: SSHD040 "
            "root-login-permitted asks for PermitRootLogin no for connections matching \"Match "
            "Address 198.51.100.0/24\", which would lock that login out, so it is not enforced",
            "SSHD040 23:5 warning: PermitRootLogin prohibit-password for connections matching "
            "\"Match Address 192.0.2.0/24\": root can log in with a key, and root's name never "
            "has to be guessed"}))
        << r.err;
    // A command-line login has no policy entry to point at.
    ASSERT_FALSE(r.diagnostics.empty());
    EXPECT_TRUE(r.diagnostics[0]["related"].empty());
}

}  // namespace
}  // namespace lifeline::test

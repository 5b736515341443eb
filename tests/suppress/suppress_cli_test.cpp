// Inline suppressions through `lifeline lint`: comments in sshd_config, an iptables rules file and
// fail2ban's jail.local hide the named findings of the line below; malformed, expired, unused and
// refused suppressions are reported at the comment.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

namespace fs = std::filesystem;
using lifeline::test::lifeline_bin;
using lifeline::test::run_command;

namespace {

class SuppressCli : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() /
                 ("lifeline-suppress-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
    }
    void TearDown() override { fs::remove_all(m_root); }
    void write(const std::string& rel, const std::string& text) {
        fs::create_directories((m_root / rel).parent_path());
        std::ofstream(m_root / rel, std::ios::binary) << text;
    }
    /// `lint --format json` findings as "ID path-relative:line".
    std::vector<std::string> lint(std::vector<std::string> extra, int expected_exit) {
        std::vector<std::string> argv = {lifeline_bin(), "lint", "--root", m_root.string(),
                                         "--format", "json"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto r = run_command(argv);
        EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
        std::vector<std::string> out;
        const auto doc = nlohmann::json::parse(r.out);
        for (const auto& d : doc["diagnostics"]) {
            std::string path = d["path"].get<std::string>();
            path = path.substr(m_root.string().size() + 1);
            out.push_back(d["rule"].get<std::string>() + " " + path + ":" +
                          std::to_string(d["line"].get<int>()));
            m_messages.push_back(d["message"].get<std::string>());
        }
        return out;
    }

    fs::path m_root;
    std::vector<std::string> m_messages;
};

TEST_F(SuppressCli, HidesNamedFindingsAndReportsBadComments) {
    write("etc/ssh/sshd_config",
          "Port 22\n"
          "# lifeline: ignore[password-authentication-enabled] reason=\"lab box, no keys yet\" "
          "until=2099-12-31\n"
          "PasswordAuthentication yes\n"
          "# lifeline: ignore[SSHD027] reason=\"expired\" until=2020-01-01\n"
          "PermitRootLogin yes\n"
          "# lifeline: ignore[SSHD032]\n"
          "MaxAuthTries 2\n");
    // The default lockout pack leaves out SSHD027/SSHD028 (hardening): select just them (`all`
    // would add the other hardening rules, which report sshd's defaults).
    write("policy.yaml", "extends: lockout\nselect: [SSHD027, SSHD028]\n");
    auto found = lint({"--policy", (m_root / "policy.yaml").string()}, 1);
    // SSHD028 is hidden; SSHD027 comes back (its suppression expired); SSHD032 stays (the
    // comment has no reason).
    EXPECT_EQ(found, (std::vector<std::string>{"LL002 etc/ssh/sshd_config:4",
                                               "SSHD027 etc/ssh/sshd_config:5",
                                               "LL001 etc/ssh/sshd_config:6",
                                               "SSHD032 etc/ssh/sshd_config:7"}))
        << ::testing::PrintToString(m_messages);
}

TEST_F(SuppressCli, DeclaredLoginFindingsCannotBeSuppressed) {
    write("etc/ssh/sshd_config", "PasswordAuthentication no\nMaxAuthTries 4\n");
    write("etc/fail2ban/jail.conf",
          "[DEFAULT]\nenabled = false\nport = 0:65535\nprotocol = tcp\nmaxretry = 5\n"
          "banaction = iptables-multiport\n"
          "action = %(banaction)s[port=\"%(port)s\", protocol=\"%(protocol)s\"]\n"
          "filter = %(__name__)s\n\n[sshd]\nport = ssh\n");
    write("etc/fail2ban/jail.local",
          "[sshd]\nenabled = true\nmaxretry = 8\n"
          "# lifeline: ignore[F2B002] reason=\"the office is never banned\"\n"
          "ignoreip = 127.0.0.1/8\n"
          "; lifeline: ignore[F2B007] reason=\"no permanent bans here\"\n"
          "bantime = 1h\n");
    auto found = lint({"--access", "alice@203.0.113.0/24"}, 1);
    EXPECT_EQ(found, (std::vector<std::string>{"LL004 etc/fail2ban/jail.local:4",
                                               "F2B002 etc/fail2ban/jail.local:5",
                                               "LL003 etc/fail2ban/jail.local:6"}))
        << ::testing::PrintToString(m_messages);
}

TEST_F(SuppressCli, WorksInFirewallRulesFiles) {
    // IPv4 reaches sshd, IPv6 is dropped by the policy of rules.v6 line 2: FW002 there.
    write("etc/ssh/sshd_config", "PasswordAuthentication no\n");
    write("etc/iptables/rules.v4", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
    const std::string v6_tail =
        ":INPUT DROP [0:0]\n-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\nCOMMIT\n";
    write("etc/iptables/rules.v6", "*filter\n" + v6_tail);
    auto before = lint({}, 1);
    ASSERT_EQ(before, (std::vector<std::string>{"FW002 etc/iptables/rules.v6:2"}))
        << ::testing::PrintToString(m_messages);
    write("etc/iptables/rules.v6",
          "*filter\n# lifeline: ignore[ipv6-closed] reason=\"IPv6 is off on this network\"\n" +
              v6_tail);
    EXPECT_EQ(lint({}, 0), std::vector<std::string>{});
}

}  // namespace

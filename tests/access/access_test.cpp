// `lifeline access` end to end on small host trees: the verdict, the deciding reason and the
// trace, for each way the sshd layer can refuse a login (reference §1.6–§1.9), and the firewall
// layer in front of it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_command.hpp"

namespace fs = std::filesystem;
using lifeline::test::lifeline_bin;
using lifeline::test::run_command;

namespace {

const char* const k_passwd =
    "root:x:0:0:root:/root:/bin/bash\n"
    "alice:x:1000:1000:Alice:/home/alice:/bin/bash\n"
    "bob:x:1001:1001:Bob:/home/bob:/bin/bash\n"
    "svc:x:1002:1002::/home/svc:/usr/sbin/nologin\n";
const char* const k_group = "root:x:0:\nalice:x:1000:\nbob:x:1001:\nsudo:x:27:alice\nsvc:x:1002:\n";

class AccessTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_root = fs::temp_directory_path() /
                 ("lifeline-access-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(m_root);
        write("etc/passwd", k_passwd);
        write("etc/group", k_group);
        write("home/alice/.ssh/authorized_keys", "ssh-ed25519 AAAAC3Nza alice@laptop\n");
        write("root/.ssh/authorized_keys", "ssh-ed25519 AAAAC3Nza root@laptop\n");
        for (auto shell : {"bin/bash", "usr/sbin/nologin"}) {
            write(shell, "");
            fs::permissions(m_root / shell, fs::perms(0755));
        }
    }
    void TearDown() override { fs::remove_all(m_root); }

    void write(const std::string& rel, const std::string& text) {
        fs::create_directories((m_root / rel).parent_path());
        std::ofstream(m_root / rel, std::ios::binary) << text;
    }
    void config(const std::string& text) { write("etc/ssh/sshd_config", text); }

    /// Runs `lifeline access TARGET --format json` and returns the sshd layer (and the exit).
    nlohmann::json access(const std::string& target, int expected_exit,
                          std::vector<std::string> extra = {}) {
        std::vector<std::string> argv = {lifeline_bin(), "access", target, "--root",
                                         m_root.string(), "--format", "json"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        auto r = run_command(argv);
        EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
        auto doc = nlohmann::json::parse(r.out);
        EXPECT_EQ(doc["layers"].size(), 1u) << r.out;
        return doc;
    }
    static std::string layer(const nlohmann::json& doc, const char* field) {
        return doc["layers"][0][field].get<std::string>();
    }

    fs::path m_root;
};

TEST_F(AccessTest, KeyLoginAllowedWithPasswordsOff) {
    config("PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
    auto doc = access("alice@203.0.113.7", 0);
    EXPECT_EQ(doc["verdict"], "allowed");
    EXPECT_EQ(layer(doc, "verdict"), "permitted");
    EXPECT_EQ(layer(doc, "methods"), "publickey");
    EXPECT_EQ(layer(doc, "port"), "22");
    EXPECT_EQ(doc["port"], 22);
}

TEST_F(AccessTest, CommaInAllowUsersLocksEveryoneOut) {
    config("AllowUsers bob,alice\n");
    auto doc = access("alice@203.0.113.7", 1);
    EXPECT_EQ(doc["verdict"], "denied");
    EXPECT_EQ(layer(doc, "reason"), "alice is not listed in AllowUsers");
    EXPECT_EQ(doc["layers"][0]["trace"].back()["line"], 1);
}

TEST_F(AccessTest, AllowUsersHostPartUsesTheAddress) {
    config("AllowUsers alice@10.0.0.0/8\nPasswordAuthentication no\n");
    EXPECT_EQ(access("alice@10.1.2.3", 0)["verdict"], "allowed");
    EXPECT_EQ(access("alice@203.0.113.7", 1)["verdict"], "denied");
}

TEST_F(AccessTest, DenyGroupsHitsSupplementaryGroup) {
    config("DenyGroups sudo\n");
    auto doc = access("alice@203.0.113.7", 1);
    EXPECT_EQ(layer(doc, "reason"), "alice's group sudo is listed in DenyGroups");
}

TEST_F(AccessTest, MatchBlockDisablesKeysForOneAddressRange) {
    config("PasswordAuthentication no\nMatch Address 198.51.100.0/24\n  PubkeyAuthentication no\n");
    EXPECT_EQ(access("alice@203.0.113.7", 0)["verdict"], "allowed");
    auto doc = access("alice@198.51.100.9", 1);
    EXPECT_EQ(doc["verdict"], "denied");
    bool traced = false;
    for (const auto& t : doc["layers"][0]["trace"])
        traced |= t["text"] == "Match Address 198.51.100.0/24";
    EXPECT_TRUE(traced) << doc.dump(2);
}

TEST_F(AccessTest, PortMovedAwayFromTheAskedPort) {
    config("Port 2222\n");
    auto doc = access("alice@203.0.113.7:22", 1);
    EXPECT_EQ(layer(doc, "reason"),
              "sshd does not listen on IPv4 port 22 (it listens on 0.0.0.0:2222, [::]:2222)");
    EXPECT_EQ(access("alice@203.0.113.7:2222", 0)["verdict"], "allowed");
}

TEST_F(AccessTest, Ipv6ClientWithInetOnly) {
    config("AddressFamily inet\n");
    auto doc = access("alice@[2001:db8::7]:22", 1);
    EXPECT_EQ(doc["address"], "2001:db8::7");
    EXPECT_EQ(doc["port"], 22);
    EXPECT_EQ(layer(doc, "reason"),
              "sshd does not listen on IPv6 port 22 (it listens on 0.0.0.0:22)");
}

TEST_F(AccessTest, LoopbackOnlyListenerUnreachableFromOutside) {
    config("ListenAddress 127.0.0.1\n");
    EXPECT_EQ(access("alice@203.0.113.7", 1)["verdict"], "denied");
    EXPECT_EQ(access("alice@127.0.0.1", 0)["verdict"], "allowed");
}

TEST_F(AccessTest, RootWithPasswordOnlyUnderProhibitPassword) {
    config("PubkeyAuthentication no\n");
    auto doc = access("root@203.0.113.7", 1);
    EXPECT_EQ(doc["verdict"], "denied");
    config("PermitRootLogin no\n");
    EXPECT_EQ(layer(access("root@203.0.113.7", 1), "reason"),
              "PermitRootLogin no: root may not log in");
}

TEST_F(AccessTest, MissingKeyFileAndNoPasswordMeansNoWayIn) {
    config("PasswordAuthentication no\n");
    auto doc = access("bob@203.0.113.7", 1);
    EXPECT_EQ(layer(doc, "reason"),
              "no authentication method is usable: enabled publickey; no authorized key sshd "
              "would accept for bob");
}

TEST_F(AccessTest, GroupWritableKeyFileRefusedUnderStrictModes) {
    config("PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
    fs::permissions(m_root / "home/alice/.ssh/authorized_keys", fs::perms(0664));
    EXPECT_EQ(access("alice@203.0.113.7", 1)["verdict"], "denied");
    config("PasswordAuthentication no\nKbdInteractiveAuthentication no\nStrictModes no\n");
    EXPECT_EQ(access("alice@203.0.113.7", 0)["verdict"], "allowed");
}

TEST_F(AccessTest, MatchScopedAuthenticationMethodsNeedingDisabledMethod) {
    config("PasswordAuthentication no\nMatch User alice\n  AuthenticationMethods publickey,password\n");
    auto doc = access("alice@203.0.113.7", 1);
    EXPECT_EQ(doc["verdict"], "denied");
    EXPECT_EQ(access("bob@203.0.113.7", 1)["verdict"], "denied");  // bob has no key
}

TEST_F(AccessTest, NologinShellHasNoSession) {
    config("");
    auto doc = access("svc@203.0.113.7", 1);
    EXPECT_EQ(layer(doc, "reason"),
              "login shell /usr/sbin/nologin ends every session at once: no usable session");
}

// The cases below mirror tests/e2e_access cases checked against real logins to Debian's sshd.
TEST_F(AccessTest, ForcedCommandStillRunsThroughTheNologinShell) {
    config("Match User svc\n  ForceCommand /bin/true\n");
    EXPECT_EQ(access("svc@203.0.113.7", 1)["verdict"], "denied");
    config("Match User svc\n  ForceCommand internal-sftp\n");
    auto doc = access("svc@203.0.113.7", 0);
    EXPECT_EQ(layer(doc, "session"), "sftp only (ForceCommand internal-sftp)");
}

TEST_F(AccessTest, ExpiredAccountAndForcedPasswordChangeBlockKeyLogins) {
    config("PasswordAuthentication no\nKbdInteractiveAuthentication no\nUsePAM yes\n");
    write("etc/shadow", "alice:*:19700:0:99999:7::19000:\n");
    EXPECT_EQ(layer(access("alice@203.0.113.7", 1), "reason"),
              "alice's account expired (etc/shadow expire day 19000)");
    write("etc/shadow", "alice:$6$x$y:0:0:99999:7:::\n");
    EXPECT_EQ(layer(access("alice@203.0.113.7", 1), "reason"),
              "alice must change the password first (etc/shadow last change day 0): a login "
              "without a TTY fails");
}

TEST_F(AccessTest, MaxSessionsZeroAuthenticatesButOpensNothing) {
    config("PasswordAuthentication no\nMatch User alice\n  MaxSessions 0\n");
    EXPECT_EQ(layer(access("alice@203.0.113.7", 1), "reason"),
              "MaxSessions 0: authentication succeeds but no session can open");
}

TEST_F(AccessTest, GroupWritableKeysAcceptedWhenTheGroupIsPrivate) {
    // Debian's "harmless group-writability": group alice has alice as its only member.
    config("PasswordAuthentication no\nKbdInteractiveAuthentication no\n");
    fs::permissions(m_root / "home/alice/.ssh/authorized_keys", fs::perms(0664));
    ASSERT_EQ(::chown((m_root / "home/alice/.ssh/authorized_keys").c_str(), 1000, 1000), 0);
    EXPECT_EQ(access("alice@203.0.113.7", 0)["verdict"], "allowed");
    ASSERT_EQ(::chown((m_root / "home/alice/.ssh/authorized_keys").c_str(), 1000, 1001), 0);
    EXPECT_EQ(access("alice@203.0.113.7", 1)["verdict"], "denied");  // group bob: bob is in it
}

TEST_F(AccessTest, UnknownUserDenied) {
    config("");
    EXPECT_EQ(layer(access("mallory@203.0.113.7", 1), "reason"),
              "no account named mallory in /etc/passwd");
}

TEST_F(AccessTest, ConfigSshdRejectsIsDenied) {
    config("PasswordAuthenticaton no\n");
    auto doc = access("alice@203.0.113.7", 1);
    EXPECT_EQ(layer(doc, "reason"),
              "sshd refuses this configuration (sshd -t fails): after a restart nothing listens");
}

TEST_F(AccessTest, LocalAddressMatchNeedsTo) {
    config("Match LocalAddress 10.0.0.1\n  PasswordAuthentication no\n");
    auto doc = access("alice@203.0.113.7", 2);
    EXPECT_EQ(doc["verdict"], "unknown");
    EXPECT_EQ(access("alice@203.0.113.7", 0, {"--to", "10.0.0.1"})["verdict"], "allowed");
}

TEST_F(AccessTest, SocketActivationDecidesThePort) {
    config("Port 2222\n");
    write("lib/systemd/system/ssh.socket", "[Socket]\nListenStream=22\nAccept=yes\n");
    fs::create_directories(m_root / "etc/systemd/system/sockets.target.wants");
    write("etc/systemd/system/sockets.target.wants/ssh.socket", "");
    EXPECT_EQ(access("alice@203.0.113.7:2222", 1)["verdict"], "denied");
    EXPECT_EQ(access("alice@203.0.113.7:22", 0)["verdict"], "allowed");
}

TEST(AccessTarget, BadTargetsAreUsageErrors) {
    for (const char* t : {"alice", "@1.2.3.4", "alice@nothost", "alice@1.2.3.4:0",
                          "alice@[2001:db8::1", "alice@1.2.3.4:99999"}) {
        auto r = run_command({lifeline_bin(), "access", t, "--root", "/nonexistent"});
        EXPECT_EQ(r.exit_code, 2) << t;
        EXPECT_NE(r.err.find("lifeline: access: "), std::string::npos) << t << r.err;
    }
}

}  // namespace

namespace {

// The firewall layer in front of sshd: the walk order, the first denying layer, the trace on disk.
class FirewallAccessTest : public AccessTest {
protected:
    nlohmann::json access_json(const std::string& target, int expected_exit) {
        auto r = run_command({lifeline_bin(), "access", target, "--root", m_root.string(),
                              "--format", "json"});
        EXPECT_EQ(r.exit_code, expected_exit) << r.out << r.err;
        return nlohmann::json::parse(r.out);
    }
};

TEST_F(FirewallAccessTest, FirewallIsAskedFirstAndNamedWhenItDenies) {
    config("Port 2222\nPasswordAuthentication no\n");
    write("etc/nftables.conf",
          "table inet f {\n"
          "  chain input {\n"
          "    type filter hook input priority 0; policy drop;\n"
          "    ct state established,related accept\n"
          "    tcp dport 22 accept\n"
          "  }\n"
          "}\n");
    auto doc = access_json("alice@203.0.113.7", 1);
    EXPECT_EQ(doc["verdict"], "denied");
    EXPECT_EQ(doc["denied_by"], "firewall");
    ASSERT_EQ(doc["layers"].size(), 2u);
    const auto& fw = doc["layers"][0];
    EXPECT_EQ(fw["layer"], "firewall");
    EXPECT_EQ(fw["verdict"], "drop");
    EXPECT_EQ(fw["port"], "2222");  // sshd's port, from the sshd layer's facts
    EXPECT_EQ(fw["layers"], "nftables");
    ASSERT_EQ(fw["trace"].size(), 1u);
    EXPECT_EQ(fw["trace"][0]["file"], (m_root / "etc/nftables.conf").string());
    EXPECT_EQ(fw["trace"][0]["line"], 3);
    EXPECT_EQ(doc["layers"][1]["layer"], "sshd");

    // Port 22 passes the firewall; nothing listens there: the sshd layer denies.
    auto on22 = access_json("alice@203.0.113.7:22", 1);
    EXPECT_EQ(on22["layers"][0]["verdict"], "accept");
    EXPECT_EQ(on22["denied_by"], "sshd");

    auto text = run_command({lifeline_bin(), "access", "alice@203.0.113.7", "--root",
                             m_root.string()});
    EXPECT_EQ(text.out.substr(0, text.out.find('\n')),
              "alice@203.0.113.7:2222: denied by the firewall layer");
}

TEST_F(FirewallAccessTest, AllowedOnlyWhenEveryLayerAdmits) {
    config("PasswordAuthentication no\n");
    write("etc/iptables/rules.v4",
          "*filter\n:INPUT DROP [0:0]\n"
          "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
          "-A INPUT -s 203.0.113.0/24 -p tcp --dport 22 -j ACCEPT\nCOMMIT\n");
    auto doc = access_json("alice@203.0.113.7", 0);
    EXPECT_EQ(doc["verdict"], "allowed");
    EXPECT_FALSE(doc.contains("denied_by"));
    EXPECT_EQ(doc["layers"][0]["verdict"], "accept");
    EXPECT_EQ(doc["layers"][0]["established"], "accept");
    auto other = access_json("alice@198.51.100.7", 1);
    EXPECT_EQ(other["denied_by"], "firewall");
    EXPECT_EQ(other["layers"][0]["verdict"], "drop");
    // No IPv6 rules file: IPv6 is not filtered by this host tree.
    auto v6 = access_json("alice@[2001:db8::7]:22", 0);
    EXPECT_EQ(v6["verdict"], "allowed");
}

TEST_F(FirewallAccessTest, RulesetThatFailsToLoadIsUnknownNotAllowed) {
    config("PasswordAuthentication no\n");
    write("etc/iptables/rules.v4", "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp --dport 22 -j\nCOMMIT\n");
    auto doc = access_json("alice@203.0.113.7", 2);
    EXPECT_EQ(doc["verdict"], "unknown");
    EXPECT_EQ(doc["layers"][0]["verdict"], "unknown");
    EXPECT_NE(doc["layers"][0]["reason"].get<std::string>().find("rules.v4:3"), std::string::npos)
        << doc.dump();
}

}  // namespace

namespace {

// The fail2ban layer after sshd: a jail that can ban the client makes the login at-risk (exit 1)
// although every layer admits it today; ignoreip makes it allowed again.
class Fail2banAccessTest : public FirewallAccessTest {
protected:
    void jail_conf(const std::string& local) {
        write("etc/fail2ban/jail.conf",
              "[DEFAULT]\nenabled = false\nport = 0:65535\nprotocol = tcp\nmaxretry = 5\n"
              "findtime = 10m\nbantime = 10m\nbanaction = iptables-multiport\n"
              "action_ = %(banaction)s[port=\"%(port)s\", protocol=\"%(protocol)s\"]\n"
              "action = %(action_)s\nfilter = %(__name__)s[mode=%(mode)s]\nmode = normal\n\n"
              "[sshd]\nport = ssh\n");
        write("etc/fail2ban/jail.local", local);
    }
};

TEST_F(Fail2banAccessTest, BannableSourceIsAtRiskWithTheJailTraced) {
    config("PasswordAuthentication no\n");
    jail_conf("[sshd]\nenabled = true\nignoreip = 127.0.0.1/8 10.0.0.0/8\n");
    auto doc = access_json("alice@203.0.113.7", 1);
    EXPECT_EQ(doc["verdict"], "at-risk");
    EXPECT_EQ(doc["at_risk_by"], nlohmann::json::array({"fail2ban"}));
    ASSERT_EQ(doc["layers"].size(), 2u) << doc.dump();
    EXPECT_EQ(doc["layers"][0]["layer"], "sshd");
    const auto& f2b = doc["layers"][1];
    EXPECT_EQ(f2b["layer"], "fail2ban");
    EXPECT_EQ(f2b["verdict"], "bannable");
    EXPECT_EQ(f2b["jail"], "sshd (can ban the client)");
    // The jail's section header (jail.conf line 14) comes first, then the line enabling it.
    ASSERT_GE(f2b["trace"].size(), 2u);
    EXPECT_EQ(f2b["trace"][0]["file"], (m_root / "etc/fail2ban/jail.conf").string());
    EXPECT_EQ(f2b["trace"][0]["line"], 14);
    EXPECT_EQ(f2b["trace"][1]["file"], (m_root / "etc/fail2ban/jail.local").string());
    EXPECT_EQ(f2b["trace"][1]["line"], 2);
    EXPECT_NE(f2b["risk"].get<std::string>().find("after 5 failures within 10m, for 10m"),
              std::string::npos) << f2b.dump();

    auto text = run_command({lifeline_bin(), "access", "alice@203.0.113.7", "--root",
                             m_root.string()});
    EXPECT_EQ(text.exit_code, 1);
    EXPECT_EQ(text.out.substr(0, text.out.find('\n')),
              "alice@203.0.113.7:22: at-risk (the login works now, but the fail2ban layer can "
              "take it away by itself)");
}

TEST_F(Fail2banAccessTest, IgnoredSourceIsAllowedAndOtherPortsAreNotApplicable) {
    config("PasswordAuthentication no\n");
    jail_conf("[sshd]\nenabled = true\nignoreip = 127.0.0.1/8 203.0.113.0/24\n");
    auto doc = access_json("alice@203.0.113.7", 0);
    EXPECT_EQ(doc["verdict"], "allowed");
    EXPECT_EQ(doc["layers"][1]["verdict"], "ignored");
    // sshd moved to 2222 while the jail still bans port 22: nothing can ban this login.
    config("Port 2222\nPasswordAuthentication no\n");
    auto moved = access_json("alice@198.51.100.7", 0);
    EXPECT_EQ(moved["layers"][1]["verdict"], "not-applicable");
    EXPECT_EQ(moved["verdict"], "allowed");
}

TEST_F(Fail2banAccessTest, BrokenJailConfigIsUnknown) {
    config("PasswordAuthentication no\n");
    jail_conf("[sshd]\nenabled = true\nmaxretry = %(nowhere)s\n");
    auto doc = access_json("alice@203.0.113.7", 2);
    EXPECT_EQ(doc["verdict"], "unknown");
    EXPECT_EQ(doc["layers"][1]["verdict"], "unknown");
    EXPECT_NE(doc["layers"][1]["reason"].get<std::string>().find("jail.local:3"), std::string::npos)
        << doc.dump();
}

}  // namespace

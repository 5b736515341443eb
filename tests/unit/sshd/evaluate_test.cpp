// Merge classes, Match evaluation and `sshd -T` output. Expected values come from the real
// sshd 9.2p1 (Debian 12): the data/ files are its output, the rest is config-semantics.md §1.3,
// §1.5 and §1.12, each re-checked with `sshd -T`.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "test_host.hpp"

namespace lifeline::sshd::test {
namespace {

const UserDb k_no_users;

std::multiset<std::string> lines_of(const std::string& text) {
    std::multiset<std::string> out;
    size_t pos = 0;
    while (pos < text.size()) {
        size_t nl = text.find('\n', pos);
        out.insert(text.substr(pos, nl - pos));
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return out;
}

std::vector<std::string> values(const std::string& config, std::string_view keyword,
                                const Connection& conn = {}) {
    TestHost h;
    h.config(config);
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty()) << config;
    return evaluate(cfg, conn, k_no_users).get(keyword).values;
}

std::vector<std::string> errors_of(const std::string& config) {
    TestHost h;
    h.config(config);
    return error_messages(h.load());
}

Connection user(const char* name) {
    Connection c;
    c.user = name;
    return c;
}

using V = std::vector<std::string>;

TEST(SshdDump, EmptyConfigPrintsCompiledDefaults) {
    TestHost h;
    h.config("");
    Config cfg = h.load();
    Connection none;
    Effective e = evaluate(cfg, none, k_no_users);
    auto got = std::multiset<std::string>(e.dump_lines().begin(), e.dump_lines().end());
    EXPECT_EQ(got, lines_of(read_data("sshd_T_empty_config.txt")));
}

TEST(SshdDump, DebianDefaultConfig) {
    TestHost h;
    h.config(read_data("debian_sshd_config"));
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty());
    Connection c;
    c.user = "alice";
    c.addr = c.host = "192.0.2.7";
    c.laddr = "10.0.0.1";
    c.lport = 22;
    Effective e = evaluate(cfg, c, k_no_users);
    auto got = std::multiset<std::string>(e.dump_lines().begin(), e.dump_lines().end());
    EXPECT_EQ(got, lines_of(read_data("sshd_T_debian_default.txt")));
}

TEST(SshdMerge, FirstValueWins) {
    EXPECT_EQ(
        values("PasswordAuthentication no\nPasswordAuthentication yes\n", "passwordauthentication"),
        V{"no"});
    EXPECT_EQ(values("LogLevel DEBUG3\nLogLevel INFO\n", "loglevel"), V{"DEBUG3"});
    EXPECT_EQ(values("PermitRootLogin prohibit-password\n", "permitrootlogin"),
              V{"without-password"});
}

TEST(SshdMerge, FirstLineWins) {
    EXPECT_EQ(values("AuthorizedKeysFile a b\nAuthorizedKeysFile c\n", "authorizedkeysfile"),
              (V{"a", "b"}));
    EXPECT_EQ(values("SetEnv A=1 B=2 A=3\nSetEnv C=4\n", "setenv"), (V{"A=1", "B=2"}));
    EXPECT_EQ(values("AuthenticationMethods publickey,password publickey\n"
                     "AuthenticationMethods password\n",
                     "authenticationmethods"),
              (V{"publickey,password", "publickey"}));
}

TEST(SshdMerge, Accumulate) {
    EXPECT_EQ(values("Port 2222\nPort 22\n", "port"), (V{"2222", "22"}));
    EXPECT_EQ(values("AllowUsers a b\nAllowUsers c\n", "allowusers"), (V{"a", "b", "c"}));
    EXPECT_EQ(values("AcceptEnv LANG LC_*\nAcceptEnv TZ\n", "acceptenv"),
              (V{"LANG", "LC_*", "TZ"}));
}

TEST(SshdMerge, LastWins) {
    EXPECT_EQ(values("MaxStartups 10:30:100\nMaxStartups 3\n", "maxstartups"), V{"3:30:3"});
    EXPECT_EQ(values("IPQoS af21 cs1\nIPQoS ef\n", "ipqos"), (V{"ef", "ef"}));
    EXPECT_EQ(values("StreamLocalBindMask 022\nStreamLocalBindMask 077\n", "streamlocalbindmask"),
              V{"077"});
    EXPECT_EQ(values("FingerprintHash md5\nFingerprintHash sha256\n", "fingerprinthash"),
              V{"SHA256"});
    EXPECT_EQ(values("PerSourceNetBlockSize 16\n", "persourcenetblocksize"), V{"16:0"});
}

TEST(SshdMerge, NinePointTwoQuirks) {
    // AuthorizedPrincipalsCommand after AuthorizedKeysCommand is dropped (fixed in 9.3).
    EXPECT_EQ(values("AuthorizedKeysCommand /bin/a\nAuthorizedKeysCommandUser nobody\n"
                     "AuthorizedPrincipalsCommand /bin/b\nAuthorizedPrincipalsCommandUser nobody\n",
                     "authorizedprincipalscommand"),
              V{"none"});
    // A raw-line keyword keeps quotes and a trailing comment.
    EXPECT_EQ(values("ForceCommand /bin/echo \"hi there\" # c\n", "forcecommand"),
              V{"/bin/echo \"hi there\" # c"});
    EXPECT_EQ(values("Port ssh\n", "port"), V{"22"});
    EXPECT_EQ(values("LoginGraceTime 1h30m\n", "logingracetime"), V{"5400"});
}

TEST(SshdMatchPass, MatchingBlockOverridesRegardlessOfPosition) {
    std::string cfg =
        "Match User alice\n  PasswordAuthentication no\n  AllowUsers alice\n"
        "Match Address 10.0.0.0/8\n  AllowUsers bob\n  PasswordAuthentication yes\n";
    Connection c = user("alice");
    c.addr = "10.1.2.3";
    EXPECT_EQ(values(cfg, "passwordauthentication", c), V{"no"});
    // List keywords accumulate across matching blocks.
    EXPECT_EQ(values(cfg, "allowusers", c), (V{"alice", "bob"}));
    // A matching block's list replaces the global list.
    EXPECT_EQ(
        values("AllowUsers root\nMatch User bob\n  AllowUsers bob\n", "allowusers", user("bob")),
        V{"bob"});
    EXPECT_EQ(
        values("AllowUsers root\nMatch User bob\n  AllowUsers bob\n", "allowusers", user("alice")),
        V{"root"});
}

TEST(SshdMatchPass, NegationOnlyMatchesNobody) {
    EXPECT_EQ(values("Match User !root\n  X11Forwarding yes\n", "x11forwarding", user("alice")),
              V{"no"});
    EXPECT_EQ(values("Match User *,!root\n  X11Forwarding yes\n", "x11forwarding", user("alice")),
              V{"yes"});
}

TEST(SshdMatchPass, ClearsWithNone) {
    Connection alice = user("alice");
    EXPECT_EQ(values("ChrootDirectory /srv\nMatch User alice\n  ChrootDirectory none\n",
                     "chrootdirectory", alice),
              V{"none"});
    EXPECT_EQ(
        values("ForceCommand /x\nMatch User alice\n  ForceCommand none\n", "forcecommand", alice),
        V{"none"});
}

TEST(SshdMatchPass, MatchAllAppliesAtStartupAndAcceptsGlobalKeywords) {
    EXPECT_EQ(values("Match all\nPort 2222\n", "port"), V{"2222"});
    EXPECT_EQ(errors_of("Match User x\nPort 2222\n"),
              V{"SSHD004 Directive 'Port' is not allowed within a Match block"});
}

TEST(SshdMatchPass, GroupUsesTheHostsUserDatabase) {
    TestHost h;
    h.config("Match Group admins\n  X11Forwarding yes\n");
    Config cfg = h.load();
    UserDb db = UserDb::parse(
        "alice:x:1000:1000::/home/alice:/bin/bash\n"
        "bob:x:1001:1001::/home/bob:/bin/bash\n",
        "alice:x:1000:\nbob:x:1001:\nadmins:x:2000:alice\n");
    EXPECT_EQ(value_of(cfg, user("alice"), db, "x11forwarding"), "yes");
    EXPECT_EQ(value_of(cfg, user("bob"), db, "x11forwarding"), "no");
    EXPECT_EQ(value_of(cfg, user("nobody-here"), db, "x11forwarding"), "no");
}

TEST(SshdMatchPass, LocalPortNeedsLport) {
    TestHost h;
    h.config("Match LocalPort 2222\n  X11Forwarding yes\n");
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty());
    Effective e = evaluate(cfg, Connection{}, k_no_users);
    ASSERT_EQ(e.errors().size(), 1u);
    EXPECT_EQ(e.errors()[0].rule_id, "SSHD014");
    Connection c;
    c.lport = 2222;
    EXPECT_EQ(value_of(cfg, c, k_no_users, "x11forwarding"), "yes");
}

TEST(SshdMatchPass, AnyAfterListOnlyForThisConnection) {
    TestHost h;
    h.config(
        "Match User alice\n  AuthenticationMethods publickey\n"
        "Match User alice\n  AuthenticationMethods any\n");
    Config cfg = h.load();
    EXPECT_TRUE(error_messages(cfg).empty());
    EXPECT_FALSE(evaluate(cfg, user("alice"), k_no_users).ok());
    EXPECT_TRUE(evaluate(cfg, user("bob"), k_no_users).ok());
}

TEST(SshdErrors, FatalConditions) {
    EXPECT_EQ(errors_of("PasswordAuthenticaton no\n"),
              V{"SSHD001 Bad configuration option: PasswordAuthenticaton"});
    EXPECT_EQ(errors_of("PasswordAuthentication\n"),
              V{"SSHD002 no argument after keyword \"PasswordAuthentication\""});
    EXPECT_EQ(errors_of("Port 22 2222\n"),
              V{"SSHD002 keyword Port extra arguments at end of line"});
    EXPECT_EQ(errors_of("AllowUsers 'alice\n"), V{"SSHD002 invalid quotes"});
    EXPECT_EQ(errors_of("PasswordAuthentication no#x\n"),
              V{"SSHD003 unsupported option \"no#x\"."});
    EXPECT_EQ(errors_of("PermitTunnel YES\n"), V{"SSHD003 bad PermitTunnel argument YES"});
    EXPECT_EQ(errors_of("Port == 22\n"), V{"SSHD003 Badly formatted port number."});
    EXPECT_EQ(errors_of("RDomain foo\n"),
              V{"SSHD003 setting RDomain not supported on this platform."});
    EXPECT_EQ(errors_of("AllowUsers bob@10.0.0.1/8\n"),
              V{"SSHD003 invalid AllowUsers pattern: \"bob@10.0.0.1/8\""});
    EXPECT_EQ(errors_of("Match User alice, bob\n"), V{"SSHD005 Missing Match criteria for bob"});
    EXPECT_EQ(errors_of("Match all User x\n"),
              V{"SSHD005 'all' cannot be combined with other Match attributes"});
    EXPECT_EQ(errors_of("Match Address 10.0.0.1/8\n"),
              V{"SSHD005 Invalid Match address argument '10.0.0.1/8'"});
    EXPECT_EQ(errors_of("Match Foo bar\n"), V{"SSHD005 Unsupported Match attribute Foo"});
    EXPECT_EQ(errors_of("PasswordAuthentication no\nAuthenticationMethods password\n"),
              V{"SSHD008 AuthenticationMethods cannot be satisfied by enabled authentication "
                "methods"});
    EXPECT_EQ(errors_of("AuthorizedKeysCommand /bin/true\n"),
              V{"SSHD009 AuthorizedKeysCommand set without AuthorizedKeysCommandUser"});
    EXPECT_EQ(errors_of("Subsystem sftp /a\nSubsystem sftp /b\n"),
              V{"SSHD010 Subsystem 'sftp' already defined."});
    EXPECT_EQ(
        errors_of("AuthenticationMethods publickey\nMatch User x\nAuthenticationMethods any\n"),
        V{"SSHD011 \"any\" must appear alone in AuthenticationMethods"});
    EXPECT_EQ(errors_of("AddressFamily inet6\nListenAddress 0.0.0.0\n"),
              V{"SSHD003 bad addr or host: 0.0.0.0 (Address family for hostname not supported)"});
}

TEST(SshdErrors, DeprecatedAndUnsupportedAreWarnings) {
    TestHost h;
    h.config("UsePrivilegeSeparation sandbox\nKerberosGetAFSToken yes\nProtocol 2\n");
    Config cfg = h.load();
    EXPECT_FALSE(cfg.fatal());
    ASSERT_EQ(cfg.errors.size(), 2u);
    EXPECT_EQ(cfg.errors[0].rule_id, "SSHD012");
    EXPECT_EQ(cfg.errors[0].message, "Deprecated option UsePrivilegeSeparation");
    EXPECT_EQ(cfg.errors[1].rule_id, "SSHD013");
    EXPECT_EQ(cfg.errors[1].message, "Unsupported option KerberosGetAFSToken");
}

TEST(SshdErrors, ColumnsPointAtTheOffendingToken) {
    TestHost h;
    h.config("# comment\n  PermitRootLogin   maybe\n");
    Config cfg = h.load();
    ASSERT_EQ(cfg.errors.size(), 1u);
    EXPECT_EQ(cfg.errors[0].location.line, 2);
    EXPECT_EQ(cfg.errors[0].location.column, 21);
    EXPECT_EQ(cfg.errors[0].message, "unsupported option \"maybe\".");
}

TEST(SshdListeners, QueuedListenAddressGetsEveryPort) {
    TestHost h;
    h.config("ListenAddress 127.0.0.1\nListenAddress [::1]:2200\nPort 2222\nPort 22\n");
    Config cfg = h.load();
    Effective e = evaluate_global(cfg);
    std::vector<std::string> got;
    for (const Listener& l : e.listeners())
        got.push_back(std::to_string(l.family) + " " + l.address + " " + std::to_string(l.port));
    std::sort(got.begin(), got.end());
    EXPECT_EQ(got, (V{"4 127.0.0.1 22", "4 127.0.0.1 2222", "6 ::1 2200"}));
}

}  // namespace
}  // namespace lifeline::sshd::test

// fail2ban 1.0.2 jail resolution; expected values from the reference's experiments (A43-A46,
// config-semantics.md §5) and from fail2ban-client 1.0.2 -d runs on the same files.
#include <gtest/gtest.h>

#include "fail2ban/jail.hpp"

namespace lifeline::f2b {
namespace {

constexpr const char* k_base = "/etc/fail2ban";

/// A reduced Debian jail.conf: DEFAULT settings and the sshd jail as shipped.
constexpr const char* k_jail_conf = R"([INCLUDES]
before = paths-debian.conf

[DEFAULT]
enabled = false
port = 0:65535
protocol = tcp
maxretry = 5
findtime = 10m
bantime = 10m
banaction = iptables-multiport
action_ = %(banaction)s[port="%(port)s", protocol="%(protocol)s"]
action = %(action_)s
filter = %(__name__)s[mode=%(mode)s]
mode = normal

[sshd]
port    = ssh
logpath = %(sshd_log)s
backend = %(sshd_backend)s
)";

MemoryConfigSource debian() {
    MemoryConfigSource fs;
    fs.add("/etc/fail2ban/jail.conf", k_jail_conf)
        .add("/etc/fail2ban/paths-debian.conf",
             "[INCLUDES]\nbefore = paths-common.conf\n[DEFAULT]\nsshd_log = /var/log/auth.log\n")
        .add("/etc/fail2ban/paths-common.conf", "[DEFAULT]\nsshd_backend = auto\n")
        .add("/etc/fail2ban/jail.d/defaults-debian.conf", "[sshd]\nenabled = true\n");
    return fs;
}

const Jail& jail(const JailConfig& c, const std::string& name) {
    for (const Jail& j : c.jails)
        if (j.name == name) return j;
    throw std::runtime_error("no jail " + name);
}

TEST(Fail2banJail, StockDebianSshd) {
    auto fs = debian();
    JailConfig c = read_jails(fs, k_base);
    ASSERT_TRUE(c.errors.empty());
    EXPECT_EQ(c.config.files,
              (std::vector<std::string>{"/etc/fail2ban/paths-common.conf",
                                        "/etc/fail2ban/paths-debian.conf",
                                        "/etc/fail2ban/jail.conf",
                                        "/etc/fail2ban/jail.d/defaults-debian.conf"}));
    const Jail& j = jail(c, "sshd");
    EXPECT_TRUE(j.enabled);
    EXPECT_EQ(j.port->value, "ssh");
    EXPECT_EQ(j.port->origin.path, "/etc/fail2ban/jail.conf");
    EXPECT_EQ(j.port->origin.line, 18);
    EXPECT_EQ(j.port->origin.column, 1);
    EXPECT_EQ(j.filter->value, "sshd[mode=normal]");
    EXPECT_EQ(j.action->value, "iptables-multiport[port=\"ssh\", protocol=\"tcp\"]");
    EXPECT_EQ(j.maxretry, 5);
    EXPECT_EQ(j.bantime->value, "10m");
    EXPECT_TRUE(j.ignoreip.empty());
    EXPECT_EQ(j.enabled_raw->origin.path, "/etc/fail2ban/jail.d/defaults-debian.conf");
}

// A43: jail.d/*.conf < jail.local < jail.d/*.local; %(known/port)s; DEFAULT port ignored.
TEST(Fail2banJail, OverrideOrderKnownAndDefault) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.d/a.conf", "[sshd]\nport = 2222\nmaxretry = 1\n")
        .add("/etc/fail2ban/jail.local", "[DEFAULT]\nport = 3333\n[sshd]\nmaxretry = 3\n")
        .add("/etc/fail2ban/jail.d/z.local",
             "[sshd]\nport = %(known/port)s,2200\nmaxretry = 2\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_TRUE(c.errors.empty());
    const Jail& j = jail(c, "sshd");
    EXPECT_EQ(j.port->value, "2222,2200");
    EXPECT_EQ(j.maxretry, 2);
    EXPECT_EQ(j.port->origin.path, "/etc/fail2ban/jail.d/z.local");
}

// A45: enabled truthiness.
TEST(Fail2banJail, EnabledValues) {
    for (auto [text, expected] : std::vector<std::pair<std::string, bool>>{
             {"maybe", false}, {"no", false}, {"off", false}, {"0", false}, {"FALSE", false},
             {"yes", true}, {"on", true}, {"1", true}, {"True", true}, {"enable", false}}) {
        auto fs = debian();
        fs.add("/etc/fail2ban/jail.local", "[sshd]\nenabled = " + text + "\n");
        EXPECT_EQ(jail(read_jails(fs, k_base), "sshd").enabled, expected) << text;
    }
}

// A46: a TAB does not separate ignoreip entries; newlines (continuations) and commas do.
TEST(Fail2banJail, IgnoreipSeparators) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local",
           "[sshd]\nignoreip = 10.0.0.0/8\t192.0.2.1\n    198.51.100.0/24\n"
           "maxretry = 3 ; comment\nbantime = -1 # not a comment\n");
    JailConfig c = read_jails(fs, k_base);
    const Jail& j = jail(c, "sshd");
    EXPECT_EQ(j.ignoreip, (std::vector<std::string>{"10.0.0.0/8\t192.0.2.1", "198.51.100.0/24"}));
    EXPECT_EQ(j.maxretry, 3);
    EXPECT_EQ(j.bantime->value, "-1 # not a comment");
    EXPECT_FALSE(j.bantime_permanent);
}

TEST(Fail2banJail, SplitWords) {
    EXPECT_EQ(split_words("127.0.0.1/8 ::1, 10.0.0.0/8  admin.example,,"),
              (std::vector<std::string>{"127.0.0.1/8", "::1", "10.0.0.0/8", "admin.example"}));
    EXPECT_EQ(split_words("a\t b"), (std::vector<std::string>{"a", "b"}));
}

TEST(Fail2banJail, PythonInt) {
    EXPECT_EQ(python_int(" 3 "), 3);
    EXPECT_EQ(python_int("-1"), -1);
    EXPECT_EQ(python_int("1_0"), 10);
    EXPECT_EQ(python_int("1__0"), std::nullopt);
    EXPECT_EQ(python_int("abc"), std::nullopt);
    EXPECT_EQ(python_int("0x10"), std::nullopt);
}

TEST(Fail2banJail, UndefinedInterpolationIsAnError) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local", "[sshd]\naction = %(undefined_var)s\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_EQ(c.errors[0].location.path, "/etc/fail2ban/jail.local");
    EXPECT_EQ(c.errors[0].location.line, 2);
    EXPECT_EQ(c.errors[0].message,
              "Bad value substitution: option 'action' in section 'sshd' contains an "
              "interpolation key 'undefined_var' which is not a valid option name");
}

TEST(Fail2banJail, LowercaseDefaultIsAJail) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local", "[default]\nport = 2222\n");
    JailConfig c = read_jails(fs, k_base);
    EXPECT_EQ(jail(c, "default").port->value, "2222");
    EXPECT_EQ(jail(c, "sshd").port->value, "ssh");
}

TEST(Fail2banIni, MalformedHeaderAndLines) {
    IniFile f = parse_ini("x.conf", "[sshd\nport = 1\n");
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].location.line, 1);
    IniFile g = parse_ini("y.conf", "[a]\nk = 1\n  more\n\n  after blank\n# c\nnovalue\n");
    ASSERT_EQ(g.errors.size(), 1u);
    EXPECT_EQ(g.errors[0].location.line, 7);
    EXPECT_EQ(g.sections[0].options[0].value.text, "1\nmore\n\nafter blank");
}

TEST(Fail2banIni, DuplicateOptionInOneFile) {
    IniFile f = parse_ini("x.conf", "[a]\nk = 1\nK = 2\n");
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].location.line, 3);
}

// Found by the differential (tests/f2b_differential). fail2ban-client caches each include
// list per file (share_config "inc-path:"), whatever chain reached it first: b.conf, first
// expanded from a.conf (where a.conf is already "seen"), keeps the list [b.conf] when
// jail.local includes it again. Expected list from fail2ban-client 1.0.2 -d -v on these files
// ("Loading files: [jail.conf, b.conf, a.conf, b.conf, jail.local]").
TEST(Fail2banJail, IncludeListsAreCachedPerFile) {
    MemoryConfigSource fs;
    fs.add("/etc/fail2ban/jail.conf", "[DEFAULT]\nmaxretry = 5\n[sshd]\nenabled = true\n")
        .add("/etc/fail2ban/jail.local",
             "[INCLUDES]\nbefore = a.conf\n         b.conf\n[sshd]\nmaxretry = 1\n")
        .add("/etc/fail2ban/a.conf", "[INCLUDES]\nbefore = b.conf\n[sshd]\nmaxretry = 2\n")
        .add("/etc/fail2ban/b.conf", "[INCLUDES]\nbefore = a.conf\n[sshd]\nmaxretry = 3\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_TRUE(c.errors.empty());
    EXPECT_EQ(c.config.files,
              (std::vector<std::string>{"/etc/fail2ban/jail.conf", "/etc/fail2ban/b.conf",
                                        "/etc/fail2ban/a.conf", "/etc/fail2ban/b.conf",
                                        "/etc/fail2ban/jail.local"}));
    EXPECT_EQ(jail(c, "sshd").maxretry, 1);
}

// Found by the differential: an interpolation error in an [INCLUDES] list aborts
// fail2ban-client 1.0.2 ("Failed during configuration: Bad value substitution: option 'after'
// in section 'INCLUDES' contains an interpolation key 'nowhere' ...", checked with -d).
TEST(Fail2banJail, IncludesInterpolationErrorIsAnError) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local", "[INCLUDES]\nafter = %(nowhere)s.conf\n[sshd]\nmaxretry = 1\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_EQ(c.errors.size(), 1u);
    EXPECT_EQ(c.errors[0].location.path, "/etc/fail2ban/jail.local");
    EXPECT_EQ(c.errors[0].location.line, 2);
    EXPECT_EQ(c.errors[0].message,
              "Bad value substitution: option 'after' in section 'INCLUDES' contains an "
              "interpolation key 'nowhere' which is not a valid option name");
}

// Found by the differential: JailReader reads logpath (and its other options) for every
// enabled jail, so an interpolation error there aborts fail2ban-client 1.0.2; in a disabled
// jail it does not (both checked with -d on these files).
TEST(Fail2banJail, LogpathInterpolationErrorOnlyInEnabledJails) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local",
           "[sshd-off]\nenabled = false\nfilter = sshd\nlogpath = %(nowhere)s\n");
    EXPECT_TRUE(read_jails(fs, k_base).errors.empty());
    fs.add("/etc/fail2ban/jail.local", "[sshd]\nlogpath = %(nowhere)s\njournalmatch = %(x)s\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_EQ(c.errors.size(), 2u);
    EXPECT_EQ(c.errors[0].message,
              "Bad value substitution: option 'logpath' in section 'sshd' contains an "
              "interpolation key 'nowhere' which is not a valid option name");
    EXPECT_EQ(c.errors[1].location.line, 3);
    EXPECT_FALSE(jail(c, "sshd").logpath);
    fs.add("/etc/fail2ban/jail.local", "[sshd]\nlogpath = /var/log/a.log\n  /var/log/b.log tail\n");
    EXPECT_EQ(jail(read_jails(fs, k_base), "sshd").logpath->value,
              "/var/log/a.log\n/var/log/b.log tail");
}

// Found by the differential: text pasted from a web page carries no-break spaces (U+00A0) or
// other Unicode spaces, which Python's strip(), configparser's inline-comment rule and its
// indentation measure all treat as whitespace (in characters, not bytes). Expected values from
// fail2ban-client 1.0.2 -d on the same bytes: enabled, ['set','sshd','maxretry',3],
// ['set','sshd','bantime','1h'], ['set','sshd','addignoreip','10.0.0.1\xa0192.0.2.1',
// '198.51.100.0/24'] (a no-break space does not separate ignoreip entries).
TEST(Fail2banJail, UnicodeSpacesAreWhitespace) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.d/defaults-debian.conf", "[sshd]\nenabled = false\n")
        .add("/etc/fail2ban/jail.local",
             "[sshd]\nenabled = true\u00a0\nmaxretry = 3\u00a0; pasted comment\n"
             "ignoreip = 10.0.0.1\u00a0192.0.2.1\n\u00a0198.51.100.0/24,\u2003\n"
             "bantime = 1h\u2003\n");
    JailConfig c = read_jails(fs, k_base);
    ASSERT_TRUE(c.errors.empty());
    const Jail& j = jail(c, "sshd");
    EXPECT_TRUE(j.enabled);
    EXPECT_EQ(j.maxretry, 3);
    EXPECT_EQ(j.bantime->value, "1h");
    EXPECT_EQ(j.ignoreip,
              (std::vector<std::string>{"10.0.0.1\u00a0192.0.2.1", "198.51.100.0/24"}));
}

// Found by the differential: fail2ban-client decodes each file as strict UTF-8 and, on a
// decoding error, logs "Error decoding config file '.../jail.local': 'utf-8' codec can't decode
// byte 0xe4 in position 5" and goes on without the whole file. fail2ban-client 1.0.2 -d on
// these files: ['set', 'sshd', 'maxretry', 5] (jail.local's maxretry = 2 is not applied).
TEST(Fail2banJail, FileThatIsNotUtf8IsSkipped) {
    auto fs = debian();
    fs.add("/etc/fail2ban/jail.local", "# Ger\xe4t\n[sshd]\nmaxretry = 2\n");
    JailConfig c = read_jails(fs, k_base);
    EXPECT_TRUE(c.errors.empty());
    EXPECT_EQ(jail(c, "sshd").maxretry, 5);
    EXPECT_EQ(c.config.files.back(), "/etc/fail2ban/jail.d/defaults-debian.conf");
    ASSERT_EQ(c.config.skipped.size(), 1u);
    EXPECT_EQ(c.config.skipped[0].location.path, "/etc/fail2ban/jail.local");
    EXPECT_EQ(c.config.skipped[0].location.line, 1);
    EXPECT_EQ(c.config.skipped[0].location.column, 6);
    EXPECT_EQ(c.config.skipped[0].severity, Severity::warning);
    // Valid multi-byte UTF-8 is read.
    fs.add("/etc/fail2ban/jail.local", "# Ger\xc3\xa4t\n[sshd]\nmaxretry = 2\n");
    EXPECT_EQ(jail(read_jails(fs, k_base), "sshd").maxretry, 2);
    // A byte order mark is valid UTF-8 but not whitespace: the first header is no header
    // ("File contains no section headers", fail2ban-client 1.0.2 -d).
    fs.add("/etc/fail2ban/jail.local", "\xef\xbb\xbf[sshd]\nmaxretry = 2\n");
    JailConfig bom = read_jails(fs, k_base);
    ASSERT_EQ(bom.errors.size(), 1u);
    EXPECT_EQ(bom.errors[0].location.line, 1);
    // Surrogates and overlong forms are rejected by Python's decoder too.
    fs.add("/etc/fail2ban/jail.local", "# \xed\xa0\x80\n[sshd]\nmaxretry = 2\n");
    EXPECT_EQ(jail(read_jails(fs, k_base), "sshd").maxretry, 5);
    fs.add("/etc/fail2ban/jail.local", "# \xc0\xaf\n[sshd]\nmaxretry = 2\n");
    EXPECT_EQ(jail(read_jails(fs, k_base), "sshd").maxretry, 5);
}

// Indentation is compared in characters: U+00A0 plus a space (3 bytes) is as deep as two
// spaces, so it does not continue a value indented by two spaces. fail2ban-client 1.0.2:
// "Source contains parsing errors: ... [line  3]: '\xa0 192.0.2.1\n'".
TEST(Fail2banIni, IndentationCountsCharacters) {
    IniFile f = parse_ini("x.local", "[sshd]\n  ignoreip = 10.0.0.1\n\u00a0 192.0.2.1\n");
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].location.line, 3);
    IniFile g = parse_ini("y.local", "[sshd]\nignoreip = 10.0.0.1\n\u00a0192.0.2.1\n");
    ASSERT_TRUE(g.errors.empty());
    EXPECT_EQ(g.sections[0].options[0].value.text, "10.0.0.1\n192.0.2.1");
    EXPECT_EQ(py_strip("\u3000 x\u00a0\u2028"), "x");
    EXPECT_EQ(py_strip("x\xc2"), "x\xc2");  // a truncated sequence is not a space
}

}  // namespace
}  // namespace lifeline::f2b

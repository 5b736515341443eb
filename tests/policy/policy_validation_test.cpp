// Every kind of policy error, with its exact position and message. Columns are counted by hand
// from the YAML text in each test (1-based bytes), not copied from output.

#include <gtest/gtest.h>

#include "policy_fixture.hpp"

namespace lifeline::test {
namespace {

using Strings = std::vector<std::string>;

TEST(PolicyValidation, UnknownTopLevelKeySuggestsTheClosest) {
    PolicyFixture f;
    f.file("/p/a.yaml", "select: [SSHD]\nmust_logon: []\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:2:1 POL003 unknown key 'must_logon'; did you mean 'must_login'?"});
    const Diagnostic& d = f.out.items().at(0);
    EXPECT_EQ(d.slug, "unknown-key");
    EXPECT_EQ(d.severity, Severity::error);
    EXPECT_EQ(d.location.end_column, 11);  // the 10 bytes of must_logon
    EXPECT_EQ(d.help,
              "the keys of a policy are extends, select, ignore, rules, fail_on, "
              "must_login, must_not_login, hosts");
}

TEST(PolicyValidation, UnknownKeyWithNothingCloseHasNoSuggestion) {
    PolicyFixture f;
    f.file("/p/a.yaml", "colour: red\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{"/p/a.yaml:1:1 POL003 unknown key 'colour'"});
}

TEST(PolicyValidation, UnknownKeysInARuleAndInAnIntent) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "rules:\n"
           "  SSHD032:\n"
           "    sevrity: error\n"
           "must_login:\n"
           "  - user: alice\n"
           "    form: [10.0.0.0/8]\n")
        .load("/p/a.yaml");
    // `form` is a transposition of `from`; without a `from` the entry is incomplete too.
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:3:5 POL003 unknown key 'sevrity'; did you mean 'severity'?",
                       "/p/a.yaml:6:5 POL003 unknown key 'form'; did you mean 'from'?",
                       "/p/a.yaml:5:5 POL009 a must_login entry needs 'from'"}));
}

TEST(PolicyValidation, DuplicateKeyPointsAtTheFirst) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "select: [SSHD]\nselect: [FW]\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:2:1 POL008 duplicate key 'select'; the first is at 1:1"});
    ASSERT_EQ(f.out.items().at(0).related.size(), 1u);
    EXPECT_EQ(at(f.out.items()[0].related[0].location), "/p/a.yaml:1:1");
    // The first value is the one used.
    EXPECT_EQ(PolicyFixture::selected(p), (Strings{"SSHD001", "SSHD027", "SSHD028", "SSHD032"}));
}

TEST(PolicyValidation, WrongTypes) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "select: {SSHD: yes}\n"
           "ignore: [SSHD027, [x]]\n"
           "fail_on: [error]\n"
           "rules: [SSHD032]\n"
           "must_login: alice\n")
        .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:1:9 POL004 'select' must be a rule ID, slug or prefix, or a list "
                       "of them; found a mapping",
                       "/p/a.yaml:2:19 POL004 an entry of 'ignore' must be a rule ID, slug or "
                       "prefix; found a list",
                       "/p/a.yaml:3:10 POL004 'fail_on' must be a severity (info, warning or "
                       "error); found a list",
                       "/p/a.yaml:4:8 POL004 'rules' must be a mapping of rule IDs or slugs to "
                       "settings; found a list",
                       "/p/a.yaml:5:13 POL004 'must_login' must be a list of entries (user, from, "
                       "port, auth, key); found a scalar"}));
}

TEST(PolicyValidation, TopLevelMustBeAMapping) {
    PolicyFixture f;
    f.file("/p/a.yaml", "- SSHD\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:1:1 POL004 a policy must be a mapping of keys (extends, select, "
                      "ignore, rules, fail_on, must_login, must_not_login, hosts); found a list"});
}

TEST(PolicyValidation, OptionValuesMustBeScalars) {
    PolicyFixture f;
    f.file("/p/a.yaml", "rules:\n  SSHD032: {options: {min: [1]}}\n").load("/p/a.yaml");
    // `  SSHD032: {options: {min: [` : the list opens at byte 28.
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:2:28 POL004 'min' must be a value; found a list"});
}

TEST(PolicyValidation, UnknownSeverities) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "fail_on: warnings\n"
           "rules:\n"
           "  SSHD032:\n"
           "    severity: fatal\n"
           "  SSHD027:\n"
           "    severity: erorr\n")
        .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:1:10 POL005 unknown severity 'warnings'; did you mean 'warning'?",
                       "/p/a.yaml:4:15 POL005 unknown severity 'fatal'",
                       "/p/a.yaml:6:15 POL005 unknown severity 'erorr'; did you mean 'error'?"}));
}

TEST(PolicyValidation, IntentValues) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "must_login:\n"
           "  - user: al ice\n"
           "    from: [10.0.0.1/8, 10.0.0.300, 10.0.0.0/33, 2001:db8::/32]\n"
           "    port: 70000\n"
           "    auth: pubkey\n")
        .load("/p/a.yaml");
    EXPECT_EQ(
        f.diagnostics(),
        (Strings{"/p/a.yaml:2:11 POL005 'al ice' is not a login name",
                 "/p/a.yaml:3:12 POL005 '10.0.0.1/8' has bits set after the prefix length; did you "
                 "mean '10.0.0.0/8'?",
                 "/p/a.yaml:3:24 POL005 '10.0.0.300' is not an address or CIDR",
                 "/p/a.yaml:3:36 POL005 '10.0.0.0/33' has a prefix length longer than the address",
                 "/p/a.yaml:4:11 POL005 '70000' is not a port number (1-65535)",
                 "/p/a.yaml:5:11 POL005 unknown auth method 'pubkey'; did you mean 'publickey'?"}));
}

TEST(PolicyValidation, KeyNeedsPublickeyAndAnExistingFile) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "must_login:\n"
           "  - user: alice\n"
           "    from: [192.0.2.0/24]\n"
           "    auth: password\n"
           "    key: keys/alice.pub\n")
        .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:5:10 POL005 'key' needs auth publickey; this entry has auth "
                       "password",
                       "/p/a.yaml:5:10 POL005 key file '/p/keys/alice.pub' not found"}));
}

TEST(PolicyValidation, MissingUser) {
    PolicyFixture f;
    f.file("/p/a.yaml", "must_login: [{from: [10.0.0.0/8]}]\nmust_not_login: [{port: 22}]\n")
        .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:1:14 POL009 a must_login entry needs 'user'",
                       "/p/a.yaml:2:18 POL009 a must_not_login entry needs 'user'"}));
}

TEST(PolicyValidation, HostGlobs) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "hosts: [/srv/*, ../other/*, \"hosts/[ab/\", \"\", hosts/*/]\n")
                   .load("/p/a.yaml");
    EXPECT_EQ(
        f.diagnostics(),
        (Strings{
            "/p/a.yaml:1:9 POL005 host glob '/srv/*' must be relative to the policy file's "
            "directory",
            "/p/a.yaml:1:17 POL005 host glob '../other/*' must not leave the repository ('..')",
            "/p/a.yaml:1:29 POL005 host glob 'hosts/[ab/' has a '[' without its ']'",
            "/p/a.yaml:1:43 POL005 host glob '' matches no host directory"}));
    ASSERT_EQ(p.hosts.size(), 1u);
    EXPECT_EQ(p.hosts[0].pattern, "hosts/*/");
    EXPECT_EQ(at(p.hosts[0].origin), "/p/a.yaml:1:47");
}

TEST(PolicyValidation, UnknownRulesAndAmbiguousSlugs) {
    PolicyFixture f;
    f.file("/p/a.yaml",
           "select: [SHHD, sshd032, max-auth-tries-lo]\n"
           "rules:\n"
           "  SSHD999: {severity: error}\n"
           "  SSHD: {severity: error}\n"
           "  jump-loop: {severity: warning}\n")
        .load("/p/a.yaml");
    const std::string no_rule = " is no rule ID, slug or rule prefix of the loaded plugins";
    EXPECT_EQ(
        f.diagnostics(),
        (Strings{"/p/a.yaml:1:10 POL006 'SHHD'" + no_rule + "; did you mean 'SSHD'?",
                 "/p/a.yaml:1:16 POL006 'sshd032'" + no_rule + "; did you mean 'SSHD032'?",
                 "/p/a.yaml:1:25 POL006 'max-auth-tries-lo'" + no_rule +
                     "; did you mean 'max-auth-tries-low'?",
                 "/p/a.yaml:3:3 POL006 'SSHD999' is no rule ID or slug of the loaded plugins",
                 "/p/a.yaml:4:3 POL006 'SSHD' names several rules; a 'rules' key names one "
                 "(an ID or a slug)",
                 "/p/a.yaml:5:3 POL010 slug 'jump-loop' names IPT005 and NFT002; use the ID"}));
}

TEST(PolicyValidation, PacksMayNameRulesOfPluginsNotLoaded) {
    PolicyFixture f;
    f.file("/packs/base.yaml", "select: [SSHD, F2B]\nrules:\n  F2B001: {severity: error}\n")
        .file("/p/a.yaml", "extends: base\nignore: [F2B]\n");
    Policy p = f.load("/p/a.yaml");
    // The pack's F2B entries are skipped; the same name in the user's file is an error.
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:2:10 POL006 'F2B' is no rule ID, slug or rule prefix of the "
                      "loaded plugins"});
    EXPECT_EQ(PolicyFixture::selected(p), (Strings{"SSHD001", "SSHD027", "SSHD028", "SSHD032"}));
}

TEST(PolicyValidation, YamlSyntaxError) {
    PolicyFixture f;
    f.file("/p/a.yaml", "select: [SSHD\nignore: x\n").load("/p/a.yaml");
    // yaml-cpp notices the unclosed flow list at the `:` after `ignore`.
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:2:7 POL002 YAML syntax error: end of sequence flow not found"});
}

TEST(PolicyValidation, SecondDocument) {
    PolicyFixture f;
    f.file("/p/a.yaml", "select: [SSHD]\n---\nignore: [FW]\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/a.yaml:3:1 POL002 a second YAML document; a policy file holds one"});
}

TEST(PolicyValidation, EmptyFileIsAValidPolicy) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "# nothing yet\n").load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(), Strings{});
    EXPECT_EQ(PolicyFixture::selected(p).size(), 7u);
}

TEST(PolicyValidation, MissingFilesAndPacks) {
    PolicyFixture f;
    f.file("/packs/lockout.yaml", "select: [SSHD]\n")
        .file("/p/a.yaml", "extends: [missing.yaml, lockot]\n")
        .load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/a.yaml:1:11 POL001 cannot read policy '/p/missing.yaml': No such file "
                       "or directory",
                       "/p/a.yaml:1:25 POL001 no policy pack 'lockot'; did you mean 'lockout'?"}));
    EXPECT_EQ(f.out.items()[1].help,
              "packs are NAME.yaml files in /packs; a file path needs a '/' or a .yaml suffix "
              "(./lockot.yaml)");
}

TEST(PolicyValidation, MissingTopLevelFileOrPack) {
    PolicyFixture f;
    f.load("/p/none.yaml");
    f.load("nope");
    EXPECT_EQ(f.diagnostics(),
              (Strings{"/p/none.yaml:0:0 POL001 cannot read policy '/p/none.yaml': No such file "
                       "or directory",
                       "nope:0:0 POL001 no policy pack 'nope'"}));
}

TEST(PolicyValidation, ExtendsCycle) {
    PolicyFixture f;
    f.file("/p/a.yaml", "extends: b.yaml\n")
        .file("/p/b.yaml", "select: [FW]\nextends: [./a.yaml]\n");
    Policy p = f.load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/b.yaml:2:11 POL007 extends cycle: /p/a.yaml -> /p/b.yaml -> /p/a.yaml"});
    EXPECT_EQ(p.files, (Strings{"/p/b.yaml", "/p/a.yaml"}));
}

TEST(PolicyValidation, ExtendingItself) {
    PolicyFixture f;
    f.file("/p/s.yaml", "extends: s.yaml\n").load("/p/s.yaml");
    EXPECT_EQ(f.diagnostics(),
              Strings{"/p/s.yaml:1:10 POL007 extends cycle: /p/s.yaml -> /p/s.yaml"});
}

TEST(PolicyValidation, PackNamesAndPaths) {
    EXPECT_TRUE(is_pack_name("lockout"));
    EXPECT_TRUE(is_pack_name("fail2ban"));
    EXPECT_FALSE(is_pack_name("lockout.yaml"));
    EXPECT_FALSE(is_pack_name("team.yml"));
    EXPECT_FALSE(is_pack_name("./lockout"));
    EXPECT_FALSE(is_pack_name(".lifeline.yaml"));
    EXPECT_FALSE(is_pack_name(""));
}

}  // namespace
}  // namespace lifeline::test

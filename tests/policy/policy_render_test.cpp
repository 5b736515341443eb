// `policy show`: the effective policy as a policy file, with and without origins, and read back.

#include <gtest/gtest.h>

#include <sstream>

#include "lifeline/net.hpp"
#include "policy_fixture.hpp"

namespace lifeline::test {
namespace {

constexpr const char* k_policy =
    "select: [SSHD0]\n"
    "ignore: [SSHD027]\n"
    "fail_on: error\n"
    "rules:\n"
    "  SSHD032: {severity: error, options: {min: \"4\"}}\n"
    "must_login:\n"
    "  - user: alice\n"
    "    from: [\"::/0\"]\n"
    "    auth: password\n"
    "hosts: [hosts/*/]\n";

std::string show(const Policy& p, bool origins) {
    std::ostringstream out;
    render_policy(p, out, origins);
    return out.str();
}

TEST(PolicyRender, WithoutOrigins) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", k_policy).load("/p/a.yaml");
    ASSERT_EQ(f.diagnostics(), std::vector<std::string>{});
    // SSHD0 (an ID prefix) takes the four SSHD rules; SSHD027 is ignored.
    EXPECT_EQ(show(p, false),
              "fail_on: error\n"
              "select:\n"
              "  - SSHD001\n"
              "  - SSHD028\n"
              "  - SSHD032\n"
              "rules:\n"
              "  SSHD032:\n"
              "    severity: error\n"
              "    options:\n"
              "      min: 4\n"
              "must_login:\n"
              "  - user: alice\n"
              "    from: \"::/0\"\n"
              "    auth: password\n"
              "hosts:\n"
              "  - hosts/*/\n");
}

TEST(PolicyRender, WithOrigins) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", k_policy).load("/p/a.yaml");
    EXPECT_EQ(show(p, true),
              "# effective policy of /p/a.yaml\n"
              "fail_on: error  # /p/a.yaml:3:10\n"
              "select:\n"
              "  - SSHD001  # SSHD0 at /p/a.yaml:1:10\n"
              "  - SSHD028  # SSHD0 at /p/a.yaml:1:10\n"
              "  - SSHD032  # SSHD0 at /p/a.yaml:1:10\n"
              "rules:\n"
              "  SSHD032:\n"
              "    severity: error  # /p/a.yaml:5:23\n"
              "    options:\n"
              "      min: 4  # /p/a.yaml:5:45\n"
              "must_login:\n"
              "  - user: alice\n"
              "    from: \"::/0\"  # /p/a.yaml:8:12\n"
              "    auth: password\n"
              "hosts:\n"
              "  - hosts/*/  # /p/a.yaml:10:9\n"
              "# not selected:\n"
              "#   FW005  no select names it\n"
              "#   IPT005  no select names it\n"
              "#   NFT002  no select names it\n"
              "#   SSHD027  ignored by SSHD027 at /p/a.yaml:2:10\n");
}

TEST(PolicyRender, DefaultsAreMarked) {
    PolicyFixture f;
    Policy p = f.file("/p/a.yaml", "").load("/p/a.yaml");
    std::string out = show(p, true);
    EXPECT_NE(out.find("fail_on: warning  # default\n"), std::string::npos) << out;
    EXPECT_NE(out.find("  - FW005  # default: no file selects rules\n"), std::string::npos) << out;
}

TEST(PolicyRender, ReadsBackAsTheSamePolicy) {
    PolicyFixture f;
    f.file("/p/keys/k.pub", "ssh-ed25519 AAAA\n")
        .file("/p/a.yaml", std::string(k_policy) +
                               "must_not_login:\n  - user: root\n    port: 2222\n"
                               "  - user: deploy\n    from: 10.0.0.0/8\n    key: keys/k.pub\n");
    Policy p = f.load("/p/a.yaml");
    ASSERT_EQ(f.diagnostics(), std::vector<std::string>{});
    ASSERT_EQ(p.intents.size(), 4u);  // alice; root from both families; deploy
    PolicyFixture g;
    g.fs.add_file("/p/keys/k.pub", "ssh-ed25519 AAAA\n");
    Policy back = g.file("/q/flat.yaml", show(p, true)).load("/q/flat.yaml");
    EXPECT_EQ(g.diagnostics(), std::vector<std::string>{});
    EXPECT_EQ(PolicyFixture::selected(back), PolicyFixture::selected(p));
    EXPECT_EQ(back.fail_on, p.fail_on);
    EXPECT_EQ(back.rules.at("SSHD032").severity, Severity::error);
    EXPECT_EQ(back.rule_options().values, p.rule_options().values);
    ASSERT_EQ(back.intents.size(), p.intents.size());
    for (size_t i = 0; i < p.intents.size(); ++i) {
        EXPECT_EQ(back.intents[i].text, p.intents[i].text);
        EXPECT_EQ(back.intents[i].auth, p.intents[i].auth);
        EXPECT_EQ(back.intents[i].must_not, p.intents[i].must_not);
        EXPECT_EQ(back.intents[i].key, p.intents[i].key);
    }
    ASSERT_EQ(back.hosts.size(), 1u);
    EXPECT_EQ(back.hosts[0].pattern, "hosts/*/");
}

}  // namespace
}  // namespace lifeline::test

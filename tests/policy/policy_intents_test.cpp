// must_login / must_not_login entries become one AccessIntent per `from` network, each with the
// position of its network (or of the entry when `from` is left out).

#include <gtest/gtest.h>

#include "lifeline/net.hpp"
#include "policy_fixture.hpp"

namespace lifeline::test {
namespace {

std::string describe(const AccessIntent& i) {
    return i.text + " user=" + i.user + " net=" + net::format_network(i.sources) +
           " port=" + std::to_string(i.port) + " auth=" + i.auth + " key=" + i.key +
           (i.must_not ? " must_not" : "") + " at " + at(i.origin);
}

TEST(PolicyIntents, OneIntentPerNetwork) {
    PolicyFixture f;
    f.file("/p/keys/deploy.pub", "ssh-ed25519 AAAA deploy\n")
        .file("/p/a.yaml",
              "must_login:\n"
              "  - user: alice\n"
              "    from: [203.0.113.0/24, \"2001:db8::/32\"]\n"
              "    port: 2222\n"
              "  - user: deploy\n"
              "    from: 198.51.100.7\n"
              "    key: keys/deploy.pub\n"
              "must_not_login:\n"
              "  - user: root\n");
    Policy p = f.load("/p/a.yaml");
    EXPECT_EQ(f.diagnostics(), std::vector<std::string>{});
    std::vector<std::string> got;
    for (const auto& i : p.intents) got.push_back(describe(i));
    EXPECT_EQ(got,
              (std::vector<std::string>{
                  "alice@203.0.113.0/24:2222 user=alice net=203.0.113.0/24 port=2222 auth= key= "
                  "at /p/a.yaml:3:12",
                  "alice@[2001:db8::/32]:2222 user=alice net=2001:db8::/32 port=2222 auth= key= "
                  "at /p/a.yaml:3:28",
                  // A key without auth means publickey; its path is relative to the policy file.
                  "deploy@198.51.100.7/32 user=deploy net=198.51.100.7/32 port=0 auth=publickey "
                  "key=/p/keys/deploy.pub at /p/a.yaml:6:11",
                  // No `from` on must_not_login: from anywhere, both families.
                  "root@0.0.0.0/0 user=root net=0.0.0.0/0 port=0 auth= key= must_not at "
                  "/p/a.yaml:9:5",
                  "root@::/0 user=root net=::/0 port=0 auth= key= must_not at /p/a.yaml:9:5"}));
}

TEST(PolicyIntents, AccumulateAcrossExtends) {
    PolicyFixture f;
    f.file("/p/base.yaml", "must_not_login: [{user: root, from: [0.0.0.0/0], auth: password}]\n")
        .file(
            "/p/top.yaml",
            "extends: base.yaml\nmust_login: [{user: ops, from: 10.1.0.0/16, auth: publickey}]\n");
    Policy p = f.load("/p/top.yaml");
    EXPECT_EQ(f.diagnostics(), std::vector<std::string>{});
    ASSERT_EQ(p.intents.size(), 2u);
    // The extended file's entries come first.
    EXPECT_EQ(describe(p.intents[0]),
              "root@0.0.0.0/0 user=root net=0.0.0.0/0 port=0 auth=password key= must_not at "
              "/p/base.yaml:1:38");
    EXPECT_EQ(describe(p.intents[1]),
              "ops@10.1.0.0/16 user=ops net=10.1.0.0/16 port=0 auth=publickey key= at "
              "/p/top.yaml:2:32");
}

}  // namespace
}  // namespace lifeline::test

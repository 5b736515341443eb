// `lifeline diff [REV_A [REV_B]]` in real git repositories: a must_login login that loses access
// (exit 1) and one that gains it back (exit 0), the reachability of sshd's port, explicit
// revisions, roots added, and JSON.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "git_repo.hpp"

namespace lifeline::test {
namespace {

constexpr const char* k_drop_alice = "-A INPUT -s 203.0.113.0/24 -j DROP\n";
constexpr const char* k_rules = "hosts/web1/etc/iptables/rules.v4";

class DiffTest : public ::testing::Test {
  protected:
    void SetUp() override {
        repo.write(".lifeline.yaml", k_policy);
        write_host(repo, "hosts/web1");
        write_host(repo, "hosts/web2");
        repo.git({"add", "-A"});
        ASSERT_EQ(repo.git({"commit", "-q", "-m", "two hosts"}).exit_code, 0);
    }
    nlohmann::json diff_json(const std::vector<std::string>& revs, int expect_exit) {
        std::vector<std::string> args{"diff", "--format", "json"};
        args.insert(args.end(), revs.begin(), revs.end());
        auto r = repo.lifeline(args);
        EXPECT_EQ(r.exit_code, expect_exit) << r.out << r.err;
        return nlohmann::json::parse(r.out, nullptr, false);
    }
    GitRepo repo;
};

TEST_F(DiffTest, LostAccessOfAMustLoginLoginExitsOne) {
    repo.write(k_rules, rules_v4(k_drop_alice));
    repo.git({"add", k_rules});
    auto text = repo.lifeline({"diff"});
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_NE(text.out.find("hosts/web1:\n  must_login alice@203.0.113.0/24: allowed → denied "
                            "(firewall: "),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("at hosts/web1/etc/iptables/rules.v4:5"), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("[access lost]"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("IPv4 port 22: access lost from 203.0.113.0/24 (e.g. "),
              std::string::npos)
        << text.out;
    EXPECT_EQ(text.out.find("hosts/web2"), std::string::npos) << "web2 did not change";

    auto doc = diff_json({}, 1);
    ASSERT_TRUE(doc.is_object());
    EXPECT_EQ(doc["from"], "HEAD");
    EXPECT_EQ(doc["to"], "index");
    EXPECT_EQ(doc["lost_must_login"], 1);
    ASSERT_EQ(doc["roots"].size(), 1u);
    const auto& root = doc["roots"][0];
    EXPECT_EQ(root["root"], "hosts/web1");
    ASSERT_EQ(root["intents"].size(), 1u);
    const auto& intent = root["intents"][0];
    EXPECT_EQ(intent["intent"], "alice@203.0.113.0/24");
    EXPECT_EQ(intent["kind"], "must_login");
    EXPECT_EQ(intent["origin"], ".lifeline.yaml:5");
    EXPECT_EQ(intent["before"], "allowed");
    EXPECT_EQ(intent["after"], "denied");
    EXPECT_EQ(intent["lost"], true);
    // Reachability of port 22 over IPv4: everything before, everything but the /24 after.
    const nlohmann::json* v4 = nullptr;
    for (const auto& r : root["reachability"])
        if (r["family"] == 4 && r["port"] == 22) v4 = &r;
    ASSERT_NE(v4, nullptr) << root.dump(2);
    EXPECT_EQ((*v4)["before"]["from"], nlohmann::json::array({"0.0.0.0/0"}));
    EXPECT_EQ((*v4)["lost"], nlohmann::json::array({"203.0.113.0/24"}));
    EXPECT_EQ((*v4)["gained"], nlohmann::json::array());
    EXPECT_EQ((*v4)["lost_example"]["outcome"], "drop");
    EXPECT_EQ((*v4)["lost_example"]["at"], "hosts/web1/etc/iptables/rules.v4:5");
}

TEST_F(DiffTest, RegainedAccessExitsZero) {
    repo.write(k_rules, rules_v4(k_drop_alice));
    repo.git({"add", "-A"});
    ASSERT_EQ(repo.git({"commit", "-q", "-m", "lockout"}).exit_code, 0);
    repo.write(k_rules, rules_v4());
    repo.git({"add", "-A"});
    auto text = repo.lifeline({"diff"});
    EXPECT_EQ(text.exit_code, 0) << text.out << text.err;
    EXPECT_NE(text.out.find("  must_login alice@203.0.113.0/24: denied → allowed"),
              std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find("IPv4 port 22: access gained from 203.0.113.0/24"), std::string::npos)
        << text.out;
    auto doc = diff_json({}, 0);
    ASSERT_TRUE(doc.is_object());
    const auto& intent = doc["roots"][0]["intents"][0];
    EXPECT_EQ(intent["gained"], true);
    EXPECT_EQ(intent["lost"], false);
}

TEST_F(DiffTest, ComparesTwoRevisionsAndNamesAddedRoots) {
    std::string first = repo.head();
    first.pop_back();  // newline
    repo.write(k_rules, rules_v4(k_drop_alice));
    write_host(repo, "hosts/db1");
    repo.git({"add", "-A"});
    ASSERT_EQ(repo.git({"commit", "-q", "-m", "lockout and a new host"}).exit_code, 0);
    // HEAD against the (identical) index: nothing changed.
    auto same = repo.lifeline({"diff"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(same.out, "no host root changes between HEAD and index\n");
    auto text = repo.lifeline({"diff", first, "HEAD"});
    EXPECT_EQ(text.exit_code, 1) << text.out << text.err;
    EXPECT_NE(text.out.find("hosts/db1: host root added\n"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("alice@203.0.113.0/24: allowed → denied"), std::string::npos)
        << text.out;
    // The other way round the login comes back.
    auto back = repo.lifeline({"diff", "HEAD", first});
    EXPECT_EQ(back.exit_code, 0) << back.out << back.err;
    EXPECT_NE(back.out.find("hosts/db1: host root removed\n"), std::string::npos) << back.out;
    EXPECT_NE(back.out.find("denied → allowed"), std::string::npos) << back.out;
}

TEST_F(DiffTest, SshdPortChangeMovesReachability) {
    repo.write("hosts/web2/etc/ssh/sshd_config", sshd_config("Port 2222\n"));
    repo.write("hosts/web2/etc/iptables/rules.v4",
               "*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n"
               "-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n"
               "-A INPUT -p tcp --dport 2222 -j ACCEPT\nCOMMIT\n");
    repo.git({"add", "-A"});
    auto doc = diff_json({}, 0);
    ASSERT_TRUE(doc.is_object());
    ASSERT_EQ(doc["roots"].size(), 1u);
    std::map<int, nlohmann::json> v4;
    for (const auto& r : doc["roots"][0]["reachability"])
        if (r["family"] == 4) v4[r["port"].get<int>()] = r;
    ASSERT_TRUE(v4.count(22) && v4.count(2222)) << doc.dump(2);
    EXPECT_EQ(v4[22]["before"]["listening"], true);
    EXPECT_EQ(v4[22]["after"]["listening"], false);
    EXPECT_EQ(v4[22]["lost"], nlohmann::json::array({"0.0.0.0/0"}));
    EXPECT_EQ(v4[2222]["after"]["listening"], true);
    EXPECT_EQ(v4[2222]["gained"], nlohmann::json::array({"0.0.0.0/0"}));
    // alice still gets in (on the new port): no intent changed.
    EXPECT_EQ(doc["roots"][0]["intents"][0]["changed"], false);
}

TEST_F(DiffTest, UnknownRevisionIsAUsageError) {
    auto r = repo.lifeline({"diff", "no-such-branch"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("'no-such-branch' names no commit or tree"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace lifeline::test

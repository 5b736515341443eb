// `### tuple ###` comments and the rule lines ufw writes for them.
//
// data/user.rules and data/user6.rules were written by the real ufw 0.36.2 (Debian 12): in a
// throw-away namespace (`unshare -m -n`, a scratch copy of /etc/ufw and /etc/default/ufw
// bind-mounted over the real ones), after `ufw --force enable`:
//   ufw allow OpenSSH; ufw limit 2222/tcp; ufw allow from 192.0.2.0/24 to any port 22 proto tcp;
//   ufw deny 23; ufw allow in on eth0 to any port 80; ufw reject 25/tcp;
//   ufw allow 6000:6010/tcp; ufw allow 80,443/tcp; ufw allow log 8080/tcp;
//   ufw limit log-all 2200/tcp; ufw deny out 25; ufw route allow in on eth0 out on eth1;
//   ufw allow from 10.0.0.0/8 to 10.1.2.3 port 5000:5010 proto udp;
//   ufw reject from 203.0.113.5 port 53 proto udp; ufw allow 9000/tcp comment 'web ui';
//   ufw allow proto tcp from any port 1024:65535 to any port 80,443;
//   ufw deny log-all from 198.51.100.0/24; ufw reject 111;
//   ufw allow in on eth1 to any app OpenSSH;
//   ufw insert 1 deny from 203.0.113.0/24 to any port 22 proto tcp;
//   ufw allow from 2001:db8::/32 to any port 22 proto tcp; ufw route deny out on eth2;
//   ufw allow out 53/udp
// So the lines under each tuple are ufw's own output, and expected_rule_lines must reproduce
// them exactly.
#include "ufw/tuples.hpp"
#include "unit_test_paths.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace lifeline::ufw {
namespace {

std::string slurp(const std::string& name) {
    std::ifstream in(std::string(LIFELINE_UFW_TEST_DATA) + "/" + name);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) out.push_back(l);
    return out;
}

void expect_ufw_writes_what_is_under_each_tuple(const std::string& name, bool v6, size_t tuples) {
    std::string text = slurp(name);
    ASSERT_FALSE(text.empty()) << name;
    std::vector<Diagnostic> findings;
    UserRules rules = parse_user_rules(text, "/etc/ufw/" + name, ServiceDb{}, findings);
    EXPECT_TRUE(findings.empty()) << findings.front().message;
    EXPECT_TRUE(rules.untupled_lines.empty());
    ASSERT_EQ(rules.tuples.size(), tuples);
    auto lines = lines_of(text);
    for (const Tuple& t : rules.tuples) {
        std::vector<std::string> written;
        for (int n : t.rule_lines) written.push_back(lines[static_cast<size_t>(n - 1)]);
        EXPECT_EQ(expected_rule_lines(t, v6), written) << t.text;
    }
}

TEST(UfwTuples, RuleLinesMatchWhatRealUfwWrote) {
    expect_ufw_writes_what_is_under_each_tuple("user.rules", false, 22);
    expect_ufw_writes_what_is_under_each_tuple("user6.rules", true, 18);
}

TEST(UfwTuples, FieldsOfEveryShape) {
    std::vector<Diagnostic> findings;
    UserRules r =
        parse_user_rules(slurp("user.rules"), "/etc/ufw/user.rules", ServiceDb{}, findings);
    ASSERT_EQ(r.tuples.size(), 22u);
    const Tuple& deny = r.tuples[0];  // inserted first
    EXPECT_EQ(deny.line, 20);
    EXPECT_EQ(deny.action, "deny");
    EXPECT_EQ(deny.protocol, "tcp");
    EXPECT_EQ(deny.dport.text, "22");
    EXPECT_EQ(deny.src, "203.0.113.0/24");
    EXPECT_EQ(deny.rule_lines, std::vector<int>{21});
    const Tuple& app = r.tuples[1];
    EXPECT_EQ(app.dapp, "OpenSSH");
    EXPECT_EQ(app.sapp, "");
    EXPECT_EQ(app.direction, "in");
    EXPECT_EQ(describe_destination(app), "OpenSSH (22/tcp)");
    const Tuple& limit_log = r.tuples[10];
    EXPECT_EQ(limit_log.action, "limit");
    EXPECT_EQ(limit_log.logtype, "log-all");
    EXPECT_EQ(limit_log.rule_lines.size(), 6u);
    const Tuple& route = r.tuples[12];
    EXPECT_TRUE(route.forward);
    EXPECT_EQ(route.iface_in, "eth0");
    EXPECT_EQ(route.iface_out, "eth1");
    const Tuple& comment = r.tuples[15];
    EXPECT_EQ(comment.comment, "776562207569");  // hex of "web ui"
    const Tuple& sports = r.tuples[16];
    EXPECT_EQ(sports.sport.text, "1024:65535");
    EXPECT_TRUE(sports.dport.multi);
    EXPECT_EQ(describe_destination(sports), "80,443/tcp");
}

// The same tuples in a real user.rules: `ufw status` printed "Skipping malformed tuple" for the
// first seven and showed the `alow` one as DENY.
TEST(UfwTuples, MalformedTuplesAreFindingsAndLinesWithoutTupleAreKept) {
    const char* text =
        "*filter\n"
        "### RULES ###\n"
        "-A ufw-user-input -p tcp --dport 8080 -j ACCEPT\n"
        "### tuple ### allow tcp 22 0.0.0.0/0 any\n"
        "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
        "### tuple ### allow tcp 70000 0.0.0.0/0 any 0.0.0.0/0 in\n"
        "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 sideways\n"
        "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in_bad:if\n"
        "### tuple ### allow_loud tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
        "### tuple ### allow sctp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
        "### tuple ### allow tcp 22 0.0.0.0/0 any 300.1.2.3 in\n"
        "### tuple ### alow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
        "### END RULES ###\n"
        "COMMIT\n";
    std::vector<Diagnostic> findings;
    UserRules r = parse_user_rules(text, "/etc/ufw/user.rules", ServiceDb{}, findings);
    EXPECT_EQ(r.untupled_lines, std::vector<int>{3});
    std::vector<std::string> got;
    for (const auto& d : findings) got.push_back(std::to_string(d.location.line) + " " + d.message);
    auto m = [](int line, const char* why) {
        return std::to_string(line) + " malformed tuple (" + why +
               "): `ufw status` does not show this rule, while the rule lines under it are "
               "enforced";
    };
    EXPECT_EQ(got, (std::vector<std::string>{
                       m(4, "5 fields where ufw reads 6 to 9"),
                       m(6, "bad port '70000'"),
                       m(7, "unsupported direction 'sideways'"),
                       m(8, "bad interface name 'bad:if'"),
                       m(9, "invalid log type"),
                       m(10, "unsupported protocol 'sctp'"),
                       m(11, "bad source address '300.1.2.3'"),
                   }));
    // ufw reads any unknown action word as deny.
    ASSERT_EQ(r.tuples.size(), 1u);
    EXPECT_EQ(r.tuples[0].action, "deny");
}

TEST(UfwTuples, LimitChainLinesNeedNoTuple) {
    // The shape of Debian's packaged user.rules (ufw never enabled): the rate-limit chain's
    // lines sit right after `### RULES ###`, with no END RULES marker.
    const char* text =
        "*filter\n"
        ":ufw-user-input - [0:0]\n"
        ":ufw-user-limit - [0:0]\n"
        ":ufw-user-limit-accept - [0:0]\n"
        "### RULES ###\n"
        "-A ufw-user-limit -m limit --limit 3/minute -j LOG --log-prefix \"[UFW LIMIT BLOCK] \"\n"
        "-A ufw-user-limit -j REJECT\n"
        "-A ufw-user-limit-accept -j ACCEPT\n"
        "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
        "COMMIT\n";
    std::vector<Diagnostic> findings;
    UserRules r = parse_user_rules(text, "/etc/ufw/user.rules", ServiceDb{}, findings);
    EXPECT_TRUE(findings.empty());
    EXPECT_EQ(r.untupled_lines, std::vector<int>{9});
}

}  // namespace
}  // namespace lifeline::ufw

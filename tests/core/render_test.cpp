#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "lifeline/render.hpp"

namespace lifeline {
namespace {

Diagnostic sample() {
    Diagnostic d;
    d.rule_id = "SSHD027";
    d.slug = "root-password-login";
    d.severity = Severity::error;
    d.location = {"etc/ssh/sshd_config", 2, 17, 2, 20};
    d.message = "root can log in with a password";
    d.help = "set PermitRootLogin prohibit-password";
    return d;
}

TEST(RenderText, GccFirstLineThenSourceCaretAndHelp) {
    SourceManager sources;
    sources.add("etc/ssh/sshd_config", "Port 22\nPermitRootLogin yes\n");
    std::ostringstream out;
    render_text({sample()}, sources, out);
    EXPECT_EQ(out.str(),
              "etc/ssh/sshd_config:2:17: error: root can log in with a password "
              "[SSHD027 root-password-login]\n"
              " 2 | PermitRootLogin yes\n"
              "   |                 ^~~\n"
              "  help: set PermitRootLogin prohibit-password\n"
              "1 error, 0 warnings, 0 info\n");
}

TEST(RenderText, TabsBecomeSpacesSoTheCaretLinesUp) {
    SourceManager sources;
    sources.add("f", "\tPort\t0\n");
    Diagnostic d = sample();
    d.location = {"f", 1, 7, 1, 8};
    d.help.clear();
    std::ostringstream out;
    render_text({d}, sources, out);
    EXPECT_NE(out.str().find(" 1 |  Port 0\n   |       ^\n"), std::string::npos) << out.str();
}

TEST(RenderJson, SchemaFields) {
    std::ostringstream out;
    render_json({sample()}, out);
    auto j = nlohmann::json::parse(out.str());
    EXPECT_EQ(j["version"], 1);
    const auto& d = j["diagnostics"][0];
    EXPECT_EQ(d["rule"], "SSHD027");
    EXPECT_EQ(d["slug"], "root-password-login");
    EXPECT_EQ(d["severity"], "error");
    EXPECT_EQ(d["path"], "etc/ssh/sshd_config");
    EXPECT_EQ(d["line"], 2);
    EXPECT_EQ(d["column"], 17);
    EXPECT_EQ(d["end_column"], 20);
    EXPECT_EQ(d["help"], "set PermitRootLogin prohibit-password");
    EXPECT_EQ(j["summary"]["error"], 1);
}

TEST(RenderJson, InvalidUtf8IsReplacedNotThrown) {
    Diagnostic d = sample();
    d.message = "bad \xff byte";
    std::ostringstream out;
    render_json({d}, out);
    EXPECT_NO_THROW((void)nlohmann::json::parse(out.str()));
}

TEST(Endpoint, Ipv6WithPortIsBracketed) {
    EXPECT_EQ(format_endpoint("alice", "2001:db8::7", 22), "alice@[2001:db8::7]:22");
    EXPECT_EQ(format_endpoint("alice", "2001:db8::7", 0), "alice@2001:db8::7");
    EXPECT_EQ(format_endpoint("bob", "203.0.113.7", 2222), "bob@203.0.113.7:2222");
}

TEST(Verdict, FirstDenyingLayerDecidesUnknownBeforeItWins) {
    LayerResult ok{"firewall", "accept"};
    LayerResult deny{"sshd", "denied", true};
    LayerResult unknown{"firewall", "unknown", false, true};
    EXPECT_EQ(combine_verdict({ok, deny}, false), "denied");
    EXPECT_EQ(combine_verdict({ok}, false), "allowed");
    EXPECT_EQ(combine_verdict({unknown, deny}, false), "unknown");
    EXPECT_EQ(combine_verdict({ok}, true), "unknown");
    EXPECT_EQ(combine_verdict({}, false), "unknown");
}

TEST(Verdict, AtRiskWhenNothingDeniesButALayerCanRevoke) {
    LayerResult ok{"firewall", "accept"};
    LayerResult deny{"sshd", "denied", true};
    LayerResult unknown{"sshd", "unknown", false, true};
    LayerResult risk{"fail2ban", "bannable"};
    risk.at_risk = true;
    risk.risk = "jail sshd bans 203.0.113.7 after 5 failures";
    EXPECT_EQ(combine_verdict({ok, risk}, false), "at-risk");
    // A denial or an unknown layer outranks the risk.
    EXPECT_EQ(combine_verdict({ok, deny, risk}, false), "denied");
    EXPECT_EQ(combine_verdict({ok, unknown, risk}, false), "unknown");

    AccessReport report{{"alice", "203.0.113.7", 4, 22}, "", {ok, risk}, {}};
    report.verdict = combine_verdict(report.layers, false);
    EXPECT_EQ(risk_layers(report), std::vector<std::string>{"fail2ban"});
    SourceManager sources;
    std::ostringstream text;
    render_access_text(report, sources, text);
    EXPECT_EQ(text.str().substr(0, text.str().find('\n')),
              "alice@203.0.113.7:22: at-risk (the login works now, but the fail2ban layer can "
              "take it away by itself)");
    EXPECT_NE(text.str().find("can revoke the login: jail sshd bans 203.0.113.7 after 5 failures"),
              std::string::npos);
    std::ostringstream json_out;
    render_access_json(report, json_out);
    auto doc = nlohmann::json::parse(json_out.str());
    EXPECT_EQ(doc["verdict"], "at-risk");
    EXPECT_EQ(doc["at_risk_by"], nlohmann::json::array({"fail2ban"}));
    EXPECT_EQ(doc["layers"][1]["risk"], "jail sshd bans 203.0.113.7 after 5 failures");
    EXPECT_FALSE(doc.contains("denied_by"));
}

}  // namespace
}  // namespace lifeline

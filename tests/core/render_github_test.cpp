// `--format github`: GitHub Actions workflow commands, escaped as the Actions toolkit does
// (data: % CR LF; property values: also : and ,), one line per diagnostic.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "lifeline/render.hpp"

namespace lifeline {
namespace {

Diagnostic comma_in_allow_users() {
    Diagnostic d;
    d.rule_id = "SSHD023";
    d.slug = "comma-in-user-list";
    d.severity = Severity::error;
    // "AllowUsers deploy,alice": the entry spans columns 12-23, end 24 exclusive.
    d.location = {"hosts/web1/etc/ssh/sshd_config", 4, 12, 4, 24};
    d.message = "AllowUsers entry \"deploy,alice\" contains a comma";
    d.help = "write the names separated by spaces";
    return d;
}

std::string github(const std::vector<Diagnostic>& items) {
    std::ostringstream out;
    render_github(items, out);
    return out.str();
}

TEST(GithubEscape, DataEncodesPercentCarriageReturnAndNewline) {
    EXPECT_EQ(github_escape_data("50% done\r\nnext: a,b"), "50%25 done%0D%0Anext: a,b");
    EXPECT_EQ(github_escape_data("%0A"), "%250A");  // an escape already in the text stays text
}

TEST(GithubEscape, PropertiesAlsoEncodeColonAndComma) {
    EXPECT_EQ(github_escape_property("a:b,c%d\ne\r"), "a%3Ab%2Cc%25d%0Ae%0D");
    EXPECT_EQ(github_escape_property("SSHD023 comma-in-user-list"), "SSHD023 comma-in-user-list");
}

TEST(RenderGithub, OneErrorCommandWithPositionTitleAndHelp) {
    EXPECT_EQ(github({comma_in_allow_users()}),
              "::error file=hosts/web1/etc/ssh/sshd_config,line=4,endLine=4,col=12,endColumn=23,"
              "title=SSHD023 comma-in-user-list::AllowUsers entry \"deploy,alice\" contains a "
              "comma%0Ahelp: write the names separated by spaces\n");
}

TEST(RenderGithub, SeverityPicksTheCommand) {
    Diagnostic w = comma_in_allow_users();
    w.severity = Severity::warning;
    Diagnostic i = comma_in_allow_users();
    i.severity = Severity::info;
    std::string out = github({w, i});
    EXPECT_EQ(out.rfind("::warning file=", 0), 0u) << out;
    EXPECT_NE(out.find("\n::notice file="), std::string::npos) << out;
}

TEST(RenderGithub, PathWithCommaAndColonIsEscapedAndInjectionStaysOnOneLine) {
    Diagnostic d = comma_in_allow_users();
    d.location = {"a,b:c%/sshd_config", 2, 0, 0, 0};
    d.message = "bad\n::error file=x::injected\r";
    d.help.clear();
    EXPECT_EQ(github({d}),
              "::error file=a%2Cb%3Ac%25/sshd_config,line=2,endLine=2,"
              "title=SSHD023 comma-in-user-list::bad%0A::error file=x::injected%0D\n");
}

TEST(RenderGithub, MultiLineRangeHasNoColumnsAndNotesFollowTheMessage) {
    Diagnostic d = comma_in_allow_users();
    d.location = {"f.conf", 3, 5, 6, 2};
    d.help.clear();
    d.related.push_back({{"g.conf", 9, 1}, "the earlier value is here"});
    EXPECT_EQ(github({d}),
              "::error file=f.conf,line=3,endLine=6,title=SSHD023 comma-in-user-list::AllowUsers "
              "entry \"deploy,alice\" contains a comma%0Anote: g.conf:9:1: the earlier value is "
              "here\n");
}

TEST(RenderGithub, EmptyEndColumnIsLeftOut) {
    Diagnostic d = comma_in_allow_users();
    d.location = {"f", 1, 7, 0, 0};
    d.help.clear();
    EXPECT_EQ(github({d}),
              "::error file=f,line=1,endLine=1,col=7,title=SSHD023 "
              "comma-in-user-list::AllowUsers entry \"deploy,alice\" contains a comma\n");
}

LayerResult layer(const char* name, const char* verdict, bool denies = false) {
    LayerResult l;
    l.layer = name;
    l.verdict = verdict;
    l.denies = denies;
    return l;
}

AccessReport denied_report() {
    AccessReport r;
    r.query.user = "alice";
    r.query.address = "198.51.100.7";
    r.query.port = 22;
    LayerResult fw = layer("firewall", "accept");
    fw.reason = "passes";
    fw.trace = {{"h/etc/nftables.conf", 10, "tcp dport 22 accept", "input: accept"}};
    LayerResult sshd = layer("sshd", "denied", true);
    sshd.reason = "alice is not listed in AllowUsers";
    sshd.trace = {{"(default)", 0, "Port 22", "listens on 0.0.0.0:22"},
                  {"h/etc/ssh/sshd_config", 4, "AllowUsers deploy,alice", "no entry matches"},
                  {"(default)", 0, "PermitRootLogin prohibit-password", ""}};
    r.layers = {fw, sshd};
    r.verdict = combine_verdict(r.layers, false);
    return r;
}

TEST(RenderAccessGithub, DeniedAnnotatesTheDenyingLayersLastFileStep) {
    std::ostringstream out;
    render_access_github(denied_report(), out);
    EXPECT_EQ(out.str(),
              "::error file=h/etc/ssh/sshd_config,line=4,title=access denied::"
              "alice@198.51.100.7:22: denied by the sshd layer%0Afirewall: accept — passes"
              "%0Asshd: denied — alice is not listed in AllowUsers\n");
}

TEST(RenderAccessGithub, AllowedIsOneNoticeWithoutAFile) {
    AccessReport r = denied_report();
    r.layers.pop_back();
    r.verdict = combine_verdict(r.layers, false);
    ASSERT_EQ(r.verdict, "allowed");
    std::ostringstream out;
    render_access_github(r, out);
    EXPECT_EQ(out.str(),
              "::notice title=access allowed::alice@198.51.100.7:22: allowed"
              "%0Afirewall: accept — passes\n");
}

TEST(RenderAccessGithub, UnknownPointsAtTheUndecidedLayer) {
    AccessReport r = denied_report();
    r.layers[0].unknown = true;
    r.layers[0].verdict = "unknown";
    r.verdict = combine_verdict(r.layers, false);
    ASSERT_EQ(r.verdict, "unknown");
    std::ostringstream out;
    render_access_github(r, out);
    std::string text = out.str();
    EXPECT_EQ(text.rfind("::warning file=h/etc/nftables.conf,line=10,title=access unknown::", 0),
              0u)
        << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
}

}  // namespace
}  // namespace lifeline

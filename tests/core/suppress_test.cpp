// Inline suppressions: what hides a finding, what is reported about the comments themselves.
#include <gtest/gtest.h>

#include "lifeline/suppress.hpp"

namespace lifeline {
namespace {

Diagnostic finding(std::string id, std::string slug, int line) {
    Diagnostic d;
    d.rule_id = std::move(id);
    d.slug = std::move(slug);
    d.severity = Severity::warning;
    d.location = {"etc/ssh/sshd_config", line, 1};
    d.message = "m";
    return d;
}

const long k_today = *parse_day("2026-11-24");

std::vector<std::string> ids(const std::vector<Diagnostic>& items) {
    std::vector<std::string> out;
    for (const auto& d : items) out.push_back(d.rule_id + "@" + std::to_string(d.location.line));
    return out;
}

TEST(Suppress, ParsesTargetsReasonAndDate) {
    auto s = parse_suppression(
        " lifeline: ignore[SSHD028, root-password-login] reason=\"bastion only\" until=2027-01-31");
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->error.empty()) << s->error;
    EXPECT_EQ(s->targets, (std::vector<std::string>{"SSHD028", "root-password-login"}));
    EXPECT_EQ(s->reason, "bastion only");
    EXPECT_EQ(s->until_day, *parse_day("2027-01-31"));
    EXPECT_FALSE(parse_suppression(" an ordinary comment"));
    EXPECT_EQ(parse_suppression(" lifeline: ignore[SSHD028]")->error,
              "a suppression needs a reason=\"…\"");
    EXPECT_EQ(parse_suppression(" lifeline: ignore[SSHD028] reason=x until=2027-02-30")->error,
              "until=2027-02-30 is not a date (YYYY-MM-DD)");
    EXPECT_EQ(parse_suppression(" lifeline: ignore[] reason=x")->error,
              "the rule list is empty: name the rule IDs or slugs to ignore");
    EXPECT_EQ(parse_suppression(" lifeline: ignore[X] reason=x owner=bob")->error,
              "unknown key 'owner' (expected reason= and until=)");
    // 1970-01-01 is day 0; 2000-03-01 follows a leap day.
    EXPECT_EQ(parse_day("1970-01-01"), 0);
    EXPECT_EQ(*parse_day("2000-03-01") - *parse_day("2000-02-28"), 2);
}

TEST(Suppress, HidesTheNamedFindingOnTheNextDirectiveOnly) {
    SourceManager sources;
    sources.add("etc/ssh/sshd_config",
                "# lifeline: ignore[password-authentication-enabled] reason=\"lab host\"\n"
                "# (a second comment line between is fine)\n"
                "PasswordAuthentication yes\n"
                "PermitRootLogin yes\n");
    std::vector<Diagnostic> items = {finding("SSHD028", "password-authentication-enabled", 3),
                                     finding("SSHD027", "root-password-login", 4)};
    apply_suppressions(items, sources, k_today);
    EXPECT_EQ(ids(items), (std::vector<std::string>{"SSHD027@4"}));
}

TEST(Suppress, ExpiredUnusedMalformedAndRefused) {
    SourceManager sources;
    sources.add("etc/ssh/sshd_config",
                "# lifeline: ignore[SSHD028] reason=\"old\" until=2026-11-23\n"  // 1: expired
                "PasswordAuthentication yes\n"
                "  ; lifeline: ignore[SSHD027] reason=\"nothing there\"\n"       // 3: unused
                "Port 22\n"
                "# lifeline: ignore[FW005]\n"                                  // 5: malformed
                "AllowUsers alice\n"
                "# lifeline: ignore[FW005] reason=\"known\" until=2026-11-24\n"  // 7: refused
                "ListenAddress 0.0.0.0\n");
    Diagnostic login = finding("FW005", "access-intent-blocked", 8);
    login.declared_login = true;
    std::vector<Diagnostic> items = {finding("SSHD028", "password-authentication-enabled", 2),
                                     finding("FW005", "access-intent-blocked", 6), login};
    apply_suppressions(items, sources, k_today);
    // Nothing is hidden: the expired and the malformed comments do not apply, the refused one
    // cannot; the reports follow the findings.
    EXPECT_EQ(ids(items), (std::vector<std::string>{"SSHD028@2", "FW005@6", "FW005@8", "LL002@1",
                                                    "LL003@3", "LL001@5", "LL004@7"}));
    EXPECT_EQ(items[3].message,
              "suppression of SSHD028 expired on 2026-11-23: the findings are reported again");
    EXPECT_EQ(items[4].location.column, 5);  // the `lifeline:` marker after "  ; "
    EXPECT_EQ(items[4].message,
              "suppression of SSHD027 hides nothing: no such finding on line 4");
    EXPECT_EQ(items[6].severity, Severity::error);
}

}  // namespace
}  // namespace lifeline

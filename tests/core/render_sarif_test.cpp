// `--format sarif`: the SARIF 2.1.0 structure (tests/sarif validates whole documents against the
// official schema; these pin the fields: rules, levels, regions, URIs, code flows).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "lifeline/render.hpp"

namespace lifeline {
namespace {

using nlohmann::json;

constexpr std::string_view k_doc =
    "## What it checks\nAn `AllowUsers` entry with a comma,\nread as one pattern.\n\n"
    "## Why it matters\nNobody matches.\n";

SarifContext context(const SourceManager* sources) {
    SarifContext ctx;
    ctx.rules = {{"SSHD001", "unknown-keyword", Severity::error, "unknown keyword", ""},
                 {"SSHD023", "comma-in-user-list", Severity::error, "comma in a user list", k_doc}};
    ctx.root = "h/";
    ctx.root_absolute = "/srv/h";
    ctx.sources = sources;
    return ctx;
}

Diagnostic comma(std::string path = "h/etc/ssh/sshd_config") {
    Diagnostic d;
    d.rule_id = "SSHD023";
    d.slug = "comma-in-user-list";
    d.severity = Severity::error;
    d.location = {std::move(path), 2, 12, 2, 24};
    d.message = "AllowUsers entry \"deploy,alice\" contains a comma";
    d.help = "write the names separated by spaces";
    return d;
}

json sarif(const std::vector<Diagnostic>& items, const SarifContext& ctx) {
    std::ostringstream out;
    render_sarif(items, ctx, out);
    return json::parse(out.str());
}

TEST(RenderSarif, LogRunDriverAndOnlyTheRulesResultsName) {
    Diagnostic other = comma();
    other.rule_id = "POL001";
    other.slug = "policy-thing";
    other.severity = Severity::info;
    other.location = {"h/etc/ssh/sshd_config", 0, 0};
    json doc = sarif({comma(), other}, context(nullptr));
    EXPECT_EQ(doc["version"], "2.1.0");
    EXPECT_EQ(doc["$schema"],
              "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json");
    ASSERT_EQ(doc["runs"].size(), 1u);
    const json& run = doc["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["name"], "lifeline");
    EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
    const json& rules = run["tool"]["driver"]["rules"];
    ASSERT_EQ(rules.size(), 2u) << rules.dump(2);  // SSHD001 appears in no result
    EXPECT_EQ(rules[0]["id"], "POL001");           // not a plugin rule: from the diagnostic
    EXPECT_EQ(rules[0]["name"], "policy-thing");
    EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "note");
    EXPECT_EQ(rules[1]["id"], "SSHD023");
    EXPECT_EQ(rules[1]["name"], "comma-in-user-list");
    EXPECT_EQ(rules[1]["shortDescription"]["text"], "comma in a user list");
    EXPECT_EQ(rules[1]["fullDescription"]["text"],
              "An `AllowUsers` entry with a comma, read as one pattern.");
    EXPECT_EQ(rules[1]["help"]["markdown"], std::string(k_doc));
    EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "error");

    const json& results = run["results"];
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0]["ruleId"], "SSHD023");
    EXPECT_EQ(results[0]["ruleIndex"], 1);
    EXPECT_EQ(results[0]["level"], "error");
    EXPECT_EQ(results[0]["message"]["text"], "AllowUsers entry \"deploy,alice\" contains a comma");
    EXPECT_EQ(results[0]["properties"]["help"], "write the names separated by spaces");
    const json& phys = results[0]["locations"][0]["physicalLocation"];
    EXPECT_EQ(phys["artifactLocation"],
              json({{"uri", "etc/ssh/sshd_config"}, {"uriBaseId", "ROOT"}}));
    EXPECT_EQ(phys["region"],
              json({{"startLine", 2}, {"startColumn", 12}, {"endLine", 2}, {"endColumn", 24}}));
    EXPECT_EQ(run["originalUriBaseIds"]["ROOT"]["uri"], "file:///srv/h/");

    EXPECT_EQ(results[1]["ruleIndex"], 0);
    EXPECT_EQ(results[1]["level"], "note");
    EXPECT_FALSE(results[1]["locations"][0]["physicalLocation"].contains("region"));
}

TEST(RenderSarif, ColumnsCountCodePointsNotBytes) {
    SourceManager sources;
    // B a n n e r ␠ " h é l l o " ␠ x: 'x' is byte 17 (é takes two bytes) but character 16.
    sources.add("h/f", "Port 22\nBanner \"h\xc3\xa9llo\" x\n");
    Diagnostic d = comma("h/f");
    d.location = {"h/f", 2, 17, 2, 18};
    json doc = sarif({d}, context(&sources));
    const json& region = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    EXPECT_EQ(region["startColumn"], 16);
    EXPECT_EQ(region["endColumn"], 17);
}

TEST(RenderSarif, NoEndColumnMeansToTheEndOfTheLine) {
    Diagnostic d = comma();
    d.location = {"h/etc/ssh/sshd_config", 4, 1, 0, 0};
    json doc = sarif({d}, context(nullptr));
    EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"],
              json({{"startLine", 4}, {"startColumn", 1}, {"endLine", 4}}));
}

TEST(RenderSarif, PathsOutsideTheRootAreFileUrisOrRelativeReferences) {
    SarifContext ctx = context(nullptr);
    json doc = sarif({comma("/other/dir with space/f#1"), comma("rel/a:b"), comma("hx/f")}, ctx);
    const json& results = doc["runs"][0]["results"];
    auto artifact = [&](int i) {
        return results[i]["locations"][0]["physicalLocation"]["artifactLocation"];
    };
    EXPECT_EQ(artifact(0), json({{"uri", "file:///other/dir%20with%20space/f%231"}}));
    EXPECT_EQ(artifact(1), json({{"uri", "rel/a%3Ab"}}));
    EXPECT_EQ(artifact(2), json({{"uri", "hx/f"}}));  // a sibling that only shares the prefix

    ctx.root = "/";
    ctx.root_absolute = "/";
    doc = sarif({comma("/etc/ssh/sshd_config")}, ctx);
    EXPECT_EQ(doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"],
              json({{"uri", "etc/ssh/sshd_config"}, {"uriBaseId", "ROOT"}}));
    EXPECT_EQ(doc["runs"][0]["originalUriBaseIds"]["ROOT"]["uri"], "file:///");
}

TEST(RenderSarif, RelatedLocationsKeepTheirMessages) {
    Diagnostic d = comma();
    d.related.push_back({{"h/etc/ssh/sshd_config.d/a.conf", 3, 1, 3, 5}, "the earlier value"});
    json doc = sarif({d}, context(nullptr));
    const json& rel = doc["runs"][0]["results"][0]["relatedLocations"];
    ASSERT_EQ(rel.size(), 1u);
    EXPECT_EQ(rel[0]["id"], 0);
    EXPECT_EQ(rel[0]["message"]["text"], "the earlier value");
    EXPECT_EQ(rel[0]["physicalLocation"]["artifactLocation"]["uri"],
              "etc/ssh/sshd_config.d/a.conf");
    EXPECT_EQ(rel[0]["physicalLocation"]["region"]["startLine"], 3);
}

TEST(RenderSarif, InvalidUtf8IsReplacedNotThrown) {
    Diagnostic d = comma();
    d.message = "bad \xff byte";
    std::ostringstream out;
    render_sarif({d}, context(nullptr), out);
    json parsed;
    EXPECT_NO_THROW(parsed = json::parse(out.str()));
    EXPECT_EQ(parsed["runs"][0]["results"][0]["message"]["text"], "bad \xef\xbf\xbd byte");
}

LayerResult layer(const char* name, const char* verdict) {
    LayerResult l;
    l.layer = name;
    l.verdict = verdict;
    return l;
}

AccessReport report() {
    AccessReport r;
    r.query = {"alice", "198.51.100.7", 4, 22, ""};
    LayerResult fw = layer("firewall", "accept");
    fw.reason = "passes";
    fw.trace = {{"h/etc/nftables.conf", 10, "tcp dport 22 accept", "input: accept"}};
    LayerResult sshd = layer("sshd", "denied");
    sshd.denies = true;
    sshd.reason = "alice is not listed in AllowUsers";
    sshd.facts = {{"port", "22"}};
    sshd.trace = {{"(default)", 0, "Port 22", "listens on 0.0.0.0:22"},
                  {"h/etc/ssh/sshd_config", 4, "AllowUsers deploy,alice", "no entry matches"}};
    r.layers = {fw, sshd};
    r.verdict = combine_verdict(r.layers, false);
    return r;
}

json access_sarif(const AccessReport& r) {
    std::ostringstream out;
    render_access_sarif(r, context(nullptr), out);
    return json::parse(out.str());
}

TEST(RenderAccessSarif, DeniedLayerIsAResultWithTheWholePathAsCodeFlow) {
    json run = access_sarif(report())["runs"][0];
    ASSERT_EQ(run["results"].size(), 1u) << run.dump(2);
    const json& r = run["results"][0];
    EXPECT_EQ(r["ruleId"], "access/denied");
    EXPECT_EQ(r["level"], "error");
    EXPECT_EQ(r["message"]["text"],
              "alice@198.51.100.7:22: denied by the sshd layer: alice is not listed in AllowUsers");
    EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              "etc/ssh/sshd_config");
    EXPECT_EQ(r["locations"][0]["physicalLocation"]["region"]["startLine"], 4);
    EXPECT_EQ(r["properties"]["layer"], "sshd");
    EXPECT_EQ(r["properties"]["port"], "22");
    const json& threads = r["codeFlows"][0]["threadFlows"];
    ASSERT_EQ(threads.size(), 2u);
    EXPECT_EQ(threads[0]["id"], "firewall");
    EXPECT_EQ(threads[0]["message"]["text"], "firewall: accept — passes");
    EXPECT_EQ(threads[0]["locations"][0]["location"]["physicalLocation"]["region"]["startLine"],
              10);
    EXPECT_EQ(threads[0]["locations"][0]["location"]["message"]["text"],
              "tcp dport 22 accept — input: accept");
    const json& sshd = threads[1]["locations"];
    ASSERT_EQ(sshd.size(), 2u);
    EXPECT_FALSE(sshd[0]["location"].contains("physicalLocation"));  // "(default)" is no file
    EXPECT_EQ(sshd[0]["location"]["message"]["text"], "(default): Port 22 — listens on 0.0.0.0:22");
    EXPECT_EQ(sshd[1]["location"]["physicalLocation"]["artifactLocation"]["uri"],
              "etc/ssh/sshd_config");
    EXPECT_EQ(run["tool"]["driver"]["rules"][0]["id"], "access/denied");
    EXPECT_EQ(run["properties"]["verdict"], "denied");
    EXPECT_EQ(run["properties"]["deniedBy"], "sshd");
}

TEST(RenderAccessSarif, AllowedIsOnePassResultCarryingTheTrace) {
    AccessReport r = report();
    r.layers.pop_back();
    r.layers.push_back(layer("sshd", "permitted"));  // no trace: one location with the verdict
    r.verdict = combine_verdict(r.layers, false);
    ASSERT_EQ(r.verdict, "allowed");
    json res = access_sarif(r)["runs"][0]["results"];
    ASSERT_EQ(res.size(), 1u);
    EXPECT_EQ(res[0]["ruleId"], "access/allowed");
    EXPECT_EQ(res[0]["kind"], "pass");
    EXPECT_EQ(res[0]["level"], "none");
    EXPECT_EQ(res[0]["message"]["text"], "alice@198.51.100.7:22: allowed");
    const json& threads = res[0]["codeFlows"][0]["threadFlows"];
    ASSERT_EQ(threads.size(), 2u);
    ASSERT_EQ(threads[1]["locations"].size(), 1u);
    EXPECT_EQ(threads[1]["locations"][0]["location"]["message"]["text"], "sshd: permitted");
}

TEST(RenderAccessSarif, AtRiskLayerSaysWhatCanRevokeTheLogin) {
    AccessReport r = report();
    r.layers.pop_back();
    LayerResult f2b = layer("fail2ban", "at-risk");
    f2b.at_risk = true;
    f2b.risk = "jail sshd bans 198.51.100.7 after 5 failures";
    // A generated step names a host path at no line: it has no place under the root.
    f2b.trace = {{"h/etc/fail2ban/jail.local", 3, "enabled = true", ""},
                 {"/lib/ufw/ufw-init", 0, "start sequence", "jump"}};
    r.layers.push_back(f2b);
    r.verdict = "at-risk";
    json res = access_sarif(r)["runs"][0]["results"];
    ASSERT_EQ(res.size(), 1u);
    EXPECT_EQ(res[0]["ruleId"], "access/at-risk");
    EXPECT_EQ(res[0]["level"], "warning");
    EXPECT_EQ(res[0]["message"]["text"],
              "alice@198.51.100.7:22: the fail2ban layer can take the login away: jail sshd "
              "bans 198.51.100.7 after 5 failures");
    EXPECT_EQ(res[0]["properties"]["canRevoke"], "jail sshd bans 198.51.100.7 after 5 failures");
    EXPECT_EQ(res[0]["locations"][0]["message"]["text"], "enabled = true");
    EXPECT_EQ(res[0]["codeFlows"][0]["message"]["text"],
              "alice@198.51.100.7:22: at-risk (the fail2ban layer can take it away)");
    const json& steps = res[0]["codeFlows"][0]["threadFlows"][1]["locations"];
    ASSERT_EQ(steps.size(), 2u);
    EXPECT_FALSE(steps[1]["location"].contains("physicalLocation")) << steps.dump(2);
    EXPECT_EQ(steps[1]["location"]["message"]["text"], "/lib/ufw/ufw-init: start sequence — jump");
}

TEST(RenderAccessSarif, ErrorsBecomeResultsOfTheirOwnRules) {
    AccessReport r = report();
    Diagnostic e = comma();
    e.rule_id = "SSHD001";
    e.slug = "unknown-keyword";
    r.errors = {e};
    r.layers[1].denies = false;
    r.layers[1].unknown = true;
    r.verdict = combine_verdict(r.layers, true);
    json run = access_sarif(r)["runs"][0];
    const json& res = run["results"];
    ASSERT_EQ(res.size(), 2u) << res.dump(2);
    EXPECT_EQ(res[0]["ruleId"], "access/unknown");
    EXPECT_EQ(res[0]["message"]["text"],
              "alice@198.51.100.7:22: the sshd layer cannot decide: alice is not listed in "
              "AllowUsers");
    EXPECT_EQ(res[1]["ruleId"], "SSHD001");
    const json& rules = run["tool"]["driver"]["rules"];
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[res[1]["ruleIndex"].get<int>()]["name"], "unknown-keyword");
    EXPECT_EQ(rules[res[0]["ruleIndex"].get<int>()]["id"], "access/unknown");
}

}  // namespace
}  // namespace lifeline

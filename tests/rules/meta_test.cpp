// Every rule of every built-in plugin has its ID prefix, a documentation page with every
// heading, and both fixtures; every fixture belongs to a rule.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "fixtures.hpp"
#include "lifeline/rule.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using namespace lifeline::test;

namespace {

nlohmann::json run_json(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {lifeline_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_command(argv);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out);
}

TEST(RuleMeta, EveryRuleHasPrefixDocAndFixtures) {
    auto plugins = run_json({"plugins", "--format", "json"});
    auto rules = run_json({"rules", "--format", "json"});
    ASSERT_FALSE(plugins.empty());
    std::map<std::string, std::string> prefix_of;
    for (const auto& p : plugins) {
        std::string prefix = p.at("rule_prefix");
        EXPECT_FALSE(prefix.empty()) << p.at("name") << " declares no rule prefix";
        prefix_of[p.at("name")] = prefix;
    }
    // The core's own rules (suppression comments) are listed as plugin "core".
    prefix_of["core"] = "LL";
    fs::path fixtures = fs::path(source_dir()) / "tests" / "fixtures";
    std::ifstream cases_file(fs::path(source_dir()) / "tests" / "e2e_live" / "cases.sh");
    std::string live_cases((std::istreambuf_iterator<char>(cases_file)),
                           std::istreambuf_iterator<char>());
    std::set<std::string> ids;
    for (const auto& r : rules) {
        std::string id = r.at("id"), slug = r.at("slug"), plugin = r.at("plugin");
        std::string doc = r.at("doc");
        EXPECT_TRUE(ids.insert(id).second) << "duplicate rule ID " << id;
        EXPECT_EQ(id.rfind(prefix_of[plugin], 0), 0u) << id << " lacks prefix " << prefix_of[plugin];
        size_t pos = 0;
        for (auto heading : lifeline::k_rule_doc_headings) {
            auto at = doc.find("## " + std::string(heading) + "\n", pos);
            EXPECT_NE(at, std::string::npos) << id << " doc lacks (or misorders) ## " << heading;
            if (at != std::string::npos) pos = at;
        }
        fs::path dir = fixtures / plugin / (id + "-" + slug);
        if (r.value("live_only", false)) {
            // A rule of `lint --live` reads the running machine, which a fixture tree cannot
            // hold: the live end-to-end suite must exercise it instead (and no fixture may
            // pretend to).
            EXPECT_FALSE(fs::exists(dir)) << id << " is live-only but has fixtures in " << dir;
            EXPECT_NE(live_cases.find(id), std::string::npos)
                << id << " is live-only and not exercised by tests/e2e_live/cases.sh";
            continue;
        }
        EXPECT_TRUE(fs::is_directory(dir / "bad")) << "missing fixture " << (dir / "bad");
        EXPECT_TRUE(fs::is_directory(dir / "good")) << "missing fixture " << (dir / "good");
    }
    for (const auto& fx : find_fixtures(fixtures)) {
        EXPECT_TRUE(ids.count(fx.rule_id)) << "fixture for unknown rule: " << fx.root;
    }
}

}  // namespace

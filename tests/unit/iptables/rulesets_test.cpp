// Every iptables-save dump of the shared corpus parses; the files iptables-restore --test
// rejects (per the corpus README, checked with iptables 1.8.9) are rejected here too.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "iptables/parser.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::iptables {
namespace {

namespace fs = std::filesystem;

/// A file the corpus README lists as failing `--test`: a message the first error must contain
/// and the number of failing lines the README counts (capped at k_max_errors).
struct Failure {
    std::string message;
    size_t lines;
};

const std::map<std::string, Failure>& expected_failures() {
    static const std::map<std::string, Failure> k_failures{
        {"tum_iptables-save-2015-05-15_15-23-41", {"Bad mac address \"XX:XX:XX:XX:XX:XX\"", 1641}},
        {"tum_iptables-save-2015-09-03_15-56-50", {"Bad mac address \"XX:XX:XX:XX:XX:XX\"", 1653}},
        {"ugent_iptables-save.v1.4.21", {"Bad argument", 174}},
        {"is-parser-test_iptables-save", {"unknown option \"--something-else\"", 1}},
    };
    return k_failures;
}

TEST(IptablesRulesets, CorpusParsesLikeIptablesRestoreTest) {
    const fs::path dir = LIFELINE_RULESETS_DIR;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "ruleset corpus " << dir << " is absent";
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        bool v6 = name.find("ip6tables-save") != std::string::npos;
        if (!v6 && name.find("iptables-save") == std::string::npos) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        auto file = parse_save_file(text.str(), name, v6 ? 6 : 4);
        ++checked;
        auto failure = expected_failures().find(name);
        if (failure == expected_failures().end()) {
            EXPECT_TRUE(file.errors.empty())
                << name << ":" << file.errors.front().location.line << ":"
                << file.errors.front().location.column << ": " << file.errors.front().message;
            EXPECT_FALSE(file.blocks.empty()) << name;
        } else {
            ASSERT_FALSE(file.errors.empty()) << name;
            EXPECT_NE(file.errors.front().message.find(failure->second.message), std::string::npos)
                << name << ": " << file.errors.front().message;
            EXPECT_EQ(file.errors.size(), std::min(failure->second.lines, k_max_errors)) << name;
        }
    }
    EXPECT_GE(checked, 30) << "fewer *iptables-save* files than expected in " << dir;
}

}  // namespace
}  // namespace lifeline::iptables

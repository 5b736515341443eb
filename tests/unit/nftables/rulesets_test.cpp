// Every *nftables.conf of the shared corpus parses without a crash and without an unknown
// construct lifeline could have modelled. The corpus README lists which files `nft -c -f`
// accepts: the dfinity files include a defines file that is not in the corpus; with a stub of
// it (as the README's "✓ with stub defines") they load.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "nft_test_util.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::nft::test {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Unknown terms and verdicts: everything in these files is modelled (rate-limit sets are
/// may-match terms, not unknown ones).
std::vector<std::string> modellable_unknowns(const std::vector<nf::Table>& tables) {
    std::vector<std::string> out;
    for (const auto& t : tables)
        for (const auto& c : t.chains)
            for (const auto& r : c.rules) {
                if (r.verdict == nf::Verdict::unknown) out.push_back(r.origin.text);
                for (const auto& term : r.terms)
                    if (term.field == nf::Field::unknown) out.push_back(term.text);
            }
    return out;
}

TEST(NftRulesets, CorpusParsesAndTranslates) {
    const fs::path dir = LIFELINE_RULESETS_DIR;
    if (!fs::is_directory(dir)) GTEST_SKIP() << "ruleset corpus " << dir << " is absent";
    MemorySourceReader stub;
    stub.add("/mnt/nftables/defs.ruleset",
             "define monitoring_saddr = { 2001:db8::10 }\ndefine ssh_saddr = { 2001:db8::/64 }\n"
             "define gw_saddr_v4 = { 192.0.2.1 }\ndefine gw_saddr_v6 = { 2001:db8::1 }\n");
    int checked = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        std::string name = entry.path().filename().string();
        if (name.size() < 13 || name.substr(name.size() - 13) != "nftables.conf") continue;
        ++checked;
        std::string text = read_file(entry.path());
        bool dfinity = name.rfind("dfinity", 0) == 0;
        // Without the defines file nft rejects the dfinity files, and so does lifeline.
        Document bare = parse_string(text, name);
        if (dfinity) {
            ASSERT_FALSE(bare.errors.empty()) << name;
            EXPECT_EQ(bare.errors.front().message, "File not found: /mnt/nftables/defs.ruleset");
        } else {
            EXPECT_TRUE(bare.errors.empty()) << name;
        }
        Document doc = parse_string(text, name, &stub);
        ASSERT_TRUE(doc.errors.empty()) << name << ": " << doc.errors.front().message;
        LoadResult loaded = load(doc);
        ASSERT_TRUE(loaded.ok()) << name << ": " << loaded.errors.front().message;
        auto tables = translate(doc, loaded);
        EXPECT_FALSE(tables.empty()) << name;
        EXPECT_EQ(modellable_unknowns(tables), std::vector<std::string>{}) << name;
    }
    EXPECT_GE(checked, 3) << "fewer *nftables.conf files than expected in " << dir;
}

}  // namespace
}  // namespace lifeline::nft::test

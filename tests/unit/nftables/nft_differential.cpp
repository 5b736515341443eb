// Differential test: lifeline's nft parser and loader against the real nft 1.0.6.
//
// Every case file (tests/fixtures/nftables/differential/*.nft and each rule fixture's
// etc/nftables.conf) is loaded for real with `nft -f` inside a throw-away network namespace
// (`unshare -n`; the host's ruleset is never touched). nft and lifeline must agree on whether
// the file loads and, when it does not, on the first error's line, column and message (nft's
// "Too many links" for a jump loop, which lifeline reports as NFT002, is the one message that
// differs on purpose). For files that load, `nft list ruleset` is parsed back and must
// translate to the same tables, chains, hooks, priorities, policies and rule counts.
//
// Needs root, unshare and nft; skips otherwise. CTest label: differential.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "nftables/load.hpp"
#include "nftables/parser.hpp"
#include "nftables/translate.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;

namespace lifeline::nft {
namespace {

std::string read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<fs::path> case_files() {
    std::vector<fs::path> out;
    fs::path root = fs::path(test::source_dir()) / "tests" / "fixtures" / "nftables";
    for (const auto& e : fs::directory_iterator(root / "differential"))
        if (e.path().extension() == ".nft") out.push_back(e.path());
    for (const auto& rule : fs::directory_iterator(root)) {
        for (const char* variant : {"bad", "good"}) {
            fs::path conf = rule.path() / variant / "etc" / "nftables.conf";
            if (fs::exists(conf) && read_file(conf).find("include") == std::string::npos)
                out.push_back(conf);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string skip_reason() {
    if (::geteuid() != 0) return "needs root (unshare -n)";
    auto r = test::run_command({"unshare", "-n", "nft", "--version"});
    if (r.exit_code != 0) return "nft or unshare unavailable: " + r.err;
    if (r.out.find("v1.0.6") == std::string::npos) return "nft is not 1.0.6: " + r.out;
    return {};
}

/// "LINE:COL: message" of nft's first error, or "OK".
std::string nft_verdict(const test::CommandResult& r) {
    if (r.exit_code == 0) return "OK";
    static const std::regex k_error(R"(^[^\n]*?:(\d+):(\d+)-\d+: Error: ([^\n]*))");
    std::smatch m;
    if (!std::regex_search(r.err, m, k_error)) return "unparsed: " + r.err;
    return m[1].str() + ":" + m[2].str() + ": " + m[3].str();
}

/// The same for lifeline (parse, then load).
std::string lifeline_verdict(const std::string& text, const std::string& path) {
    Document doc = parse_string(text, path);
    std::vector<Diagnostic> errors = doc.errors;
    if (errors.empty()) errors = load(doc).errors;
    if (errors.empty()) return "OK";
    const Diagnostic& e = errors.front();
    std::string message = e.rule_id == "NFT002" || e.rule_id == "NFT009"
                              ? "Could not process rule: Too many links"
                              : e.message;
    return std::to_string(e.location.line) + ":" + std::to_string(e.location.column) + ": " +
           message;
}

/// Tables, chains (base, hook, priority, policy) and rule counts, one line each.
std::vector<std::string> shape(const std::string& text) {
    Document doc = parse_string(text, "listing");
    if (!doc.errors.empty()) return {"parse error: " + doc.errors.front().message};
    LoadResult loaded = load(doc);
    if (!loaded.ok()) return {"load error: " + loaded.errors.front().message};
    std::vector<std::string> out;
    for (const auto& t : translate(doc, loaded)) {
        out.push_back(std::string(nf::to_string(t.family)) + " " + t.name);
        for (const auto& c : t.chains) {
            std::string line = "  " + c.name + " rules=" + std::to_string(c.rules.size());
            if (c.base)
                line += " " + std::string(nf::to_string(c.hook)) + " " +
                        std::to_string(c.priority) + " " + nf::to_string(c.policy);
            out.push_back(line);
        }
    }
    return out;
}

TEST(NftDifferential, LoadsAndErrorsAgreeWithRealNft) {
    std::string why = skip_reason();
    if (!why.empty()) GTEST_SKIP() << why;
    auto files = case_files();
    ASSERT_GE(files.size(), 40u);
    for (const fs::path& file : files) {
        SCOPED_TRACE(file.string());
        std::string text = read_file(file);
        auto real = test::run_command(
            {"unshare", "-n", "sh", "-c", "nft -f \"$0\" && nft list ruleset", file.string()});
        ASSERT_FALSE(real.timed_out);
        std::string expected = nft_verdict(real);
        EXPECT_EQ(lifeline_verdict(text, file.string()), expected);
        if (expected != "OK") continue;
        // The listing nft prints must parse back to the same shape.
        EXPECT_EQ(shape(real.out), shape(text));
    }
}

}  // namespace
}  // namespace lifeline::nft

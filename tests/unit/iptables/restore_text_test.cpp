// XtablesState::restore_text (one pass: the parser hands each rule line to the state) must give
// exactly what parse_save_file + restore give: the same result, errors, set references, block
// headers and tables, on good files, on every kind of failure (where it falls back to the two
// steps), on unusual orders, onto a state that already holds tables, and on the shared corpus.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "iptables/parser.hpp"
#include "iptables/restore.hpp"
#include "unit_test_paths.hpp"

namespace lifeline::iptables {
namespace {

namespace fs = std::filesystem;

/// Everything observable of a restore, as text: result, errors, sets, blocks, tables.
std::string observe(const RestoreResult& r, const SaveFile& parsed, XtablesState&& state) {
    std::ostringstream out;
    out << "ok=" << r.ok << " failure=" << static_cast<int>(r.failure) << " at " << r.failed_line
        << ":" << r.failed_column << " " << r.failed_message << "\n";
    for (const auto& t : r.replaced_tables) out << "replaced " << t << "\n";
    for (const auto& e : parsed.errors)
        out << "error " << e.location.line << ":" << e.location.column << " " << e.message << "\n";
    for (const auto& s : parsed.sets)
        out << "set " << s.name << " " << s.line << ":" << s.column << "\n";
    for (const auto& b : parsed.blocks) {
        out << "block " << b.name << " " << b.line << " " << b.committed << " " << b.commit_line
            << " decls " << b.chains.size() << "\n";
    }
    // Rule specs as written, for `-D CHAIN spec`.
    for (const auto& [name, table] : state.tables())
        for (const auto& c : table.chains)
            for (const auto& rule : c.rules)
                out << name << " " << c.name << ": " << rule.spec << "\n";
    nf::Ruleset rs;
    rs.tables = std::move(state).to_netfilter("test", IpsetDb{});
    nf::dump(rs, 0, out);
    return out.str();
}

/// Restores `base` (when not empty) then `text`, two-step and in one pass; both observations.
std::pair<std::string, std::string> both(const std::string& text, const std::string& base = {},
                                         int family = 4) {
    XtablesState two(family, true), one(family, true);
    if (!base.empty()) {
        SaveFile b = parse_save_file(base, "base", family);
        two.restore(b, "/base");
        one.restore(b, "/base");
    }
    SaveFile parsed = parse_save_file(text, "file", family);
    RestoreResult r = two.restore(parsed, "/path");
    // The two-step document keeps its rule lines; the one-pass one does not (by design).
    for (auto& block : parsed.blocks) block.rules.clear();
    std::string expected = observe(r, parsed, std::move(two));
    SaveFile streamed;
    RestoreResult s = one.restore_text(text, "/path", "file", streamed);
    return {expected, observe(s, streamed, std::move(one))};
}

const char* const k_cases[] = {
    // A good file: every table, user chains, every command, a set match.
    "*raw\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -p udp --dport 123 -j NOTRACK\nCOMMIT\n"
    "*filter\n:INPUT DROP [1:2]\n:FORWARD DROP\n:OUTPUT ACCEPT\n:a - [0:0]\n:b - [0:0]\n"
    "-A INPUT -i lo -j ACCEPT\n-A INPUT -s 10.0.0.0/8 -j a\n-A a -p tcp --dport 22 -j ACCEPT\n"
    "-I a 1 -p tcp --dport 23 -j DROP\n-R a 1 -p tcp --dport 24 -j DROP\n"
    "-A a -m set --match-set blocked src -j DROP\n-D a -p tcp --dport 22 -j ACCEPT\n"
    "-A a -m comment --comment \"x \\\"y\\\"\" -g b\n-N c\n-A c -j RETURN\n-F c\n-X c\n"
    "-P FORWARD ACCEPT\n[3:4] -A b -j REJECT --reject-with icmp-host-prohibited\nCOMMIT\n",
    // The same table twice: the second block flushes the first.
    "*filter\n:x - [0:0]\n-A INPUT -j x\n-A x -j DROP\nCOMMIT\n*filter\n-A INPUT -j "
    "ACCEPT\nCOMMIT\n",
    // A declaration after a rule line: restore() applies declarations first.
    "*filter\n-A INPUT -j late\n:late - [0:0]\n-A late -j ACCEPT\nCOMMIT\n",
    "*filter\n-A INPUT -j ACCEPT\n:INPUT DROP [0:0]\nCOMMIT\n",
    // A syntax error in the second block, and one after the last COMMIT.
    "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n*nat\n-A PREROUTING --bogus\nCOMMIT\n",
    "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n-A INPUT -j DROP\n",
    // A failing block (missing chain) before a syntax error; a failing first block.
    "*filter\n-A INPUT -j ACCEPT\nCOMMIT\n*filter\n-A INPUT -j nowhere\nCOMMIT\n*nat\n-X\n-Q\n",
    "*filter\n-A INPUT -p udp -j REJECT --reject-with tcp-reset\nCOMMIT\n*nat\nCOMMIT\n",
    // A loop, a bad policy, a built-in declared as user chain, a too large index.
    "*filter\n:a - [0:0]\n:b - [0:0]\n-A a -j b\n-A b -j a\nCOMMIT\n",
    "*filter\n:INPUT REJECT [0:0]\nCOMMIT\n",
    "*filter\n:INPUT - [0:0]\nCOMMIT\n",
    "*filter\n-I INPUT 3 -j ACCEPT\nCOMMIT\n",
    // Missing COMMIT, a table opened inside another, an unterminated quote, no table.
    "*filter\n-A INPUT -j ACCEPT\n",
    "*filter\n-A INPUT -j ACCEPT\n*nat\nCOMMIT\n",
    "*filter\n-A INPUT -m comment --comment \"open\nCOMMIT\n",
    "-A INPUT -j ACCEPT\n",
    // Empty blocks, comments, an empty file.
    "# nothing\n*mangle\nCOMMIT\n*security\nCOMMIT\n",
    "",
};

TEST(IptablesRestoreText, SameAsParseThenRestore) {
    for (const char* text : k_cases) {
        auto [expected, actual] = both(text);
        EXPECT_EQ(actual, expected) << text;
    }
    // The comparison is not between two empty states.
    auto [good, ignored] = both(k_cases[0]);
    EXPECT_NE(good.find("ok=1"), std::string::npos) << good;
    EXPECT_NE(good.find("set blocked 16:"), std::string::npos) << good;
    EXPECT_NE(good.find("filter b: -j REJECT --reject-with icmp-host-prohibited"),
              std::string::npos)
        << good;
}

TEST(IptablesRestoreText, SameOntoAStateThatHoldsTables) {
    const std::string base =
        "*filter\n:keep - [0:0]\n-A INPUT -j keep\n-A keep -j DROP\nCOMMIT\n"
        "*nat\n-A PREROUTING -p tcp --dport 80 -j REDIRECT --to-ports 8080\n"
        "COMMIT\n";
    for (const char* text : k_cases) {
        auto [expected, actual] = both(text, base);
        EXPECT_EQ(actual, expected) << text;
    }
}

TEST(IptablesRestoreText, SameOnTheCorpus) {
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
        auto [expected, actual] = both(text.str(), {}, v6 ? 6 : 4);
        EXPECT_EQ(actual, expected) << name;
        ++checked;
    }
    EXPECT_GE(checked, 30);
}

}  // namespace
}  // namespace lifeline::iptables

// Mutated firewall files: every good and bad fixture tree of the firewall layers (iptables, nftables,
// ufw, firewall) is a seed; each case copies one, mutates its firewall files (bytes dropped,
// duplicated, replaced, lines swapped or cut, tokens from the firewalls' own vocabulary spliced in)
// and runs lint, access for both families and dump firewall. Every run must end in bounded time
// without a sanitizer report; every diagnostic carries a location; and a ruleset the real loader
// would refuse (IPT001/IPT002 for its family, NFT001 for both) must make the firewall layer
// `unknown`, never a verdict computed from half a file. Runs in the sanitizer build as well.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>

#include <unistd.h>

#include "run_command.hpp"

namespace fs = std::filesystem;
using lifeline::test::lifeline_bin;
using lifeline::test::run_command;

namespace {

const char* const k_tokens[] = {
    "*filter\n", "*nat\n", "*raw\n", "COMMIT\n", ":INPUT DROP [0:0]\n", ":X - [0:0]\n",
    "-A INPUT ", "-I INPUT 1 ", "-D INPUT 1\n", "-N X\n", "-X X\n", "-F\n", "-P INPUT DROP\n",
    "-j X\n", "-g X\n", "-j RETURN\n", "-j REJECT --reject-with tcp-reset\n", "-p tcp ",
    "--dport 22 ", "--dports 1:65535,22 ", "-m multiport ", "-m set --match-set s src ",
    "-m conntrack --ctstate ESTABLISHED,RELATED ", "-s 0.0.0.0/0 ", "! -s ::/0 ", "-i lo ",
    "-m recent --update --hitcount 4 ", "\"unterminated ", "[0:0]", "-m comment --comment \"#\" ",
    "table inet f {\n", "chain c {\n", "}\n", "type filter hook input priority filter - 5; ",
    "policy drop;\n", "flush ruleset\n", "include \"/etc/nftables.d/*.nft\"\n",
    "include \"/etc/nftables.conf\"\n", "define P = { 22, 2222 }\n", "$P ", "$undefined ",
    "tcp dport ", "ip saddr 10.0.0.0/8 ", "ip6 saddr ::/0 ", "ct state established,related accept\n",
    "jump c\n", "goto c\n", "return\n", "set s { type ipv4_addr; flags interval; elements = { ",
    "10.0.0.0-10.0.0.9 ", "} ", "vmap { 22 : accept, 23 : jump c }\n", "meta l4proto tcp ",
    "limit rate 3/minute ", "reject with tcp reset\n", "counter ", ";", "\\\n", "{", "@s ",
    "ENABLED=yes\n", "ENABLED=no\n", "IPV6=no\n", "DEFAULT_INPUT_POLICY=\"DROP\"\n",
    "DEFAULT_INPUT_POLICY=\"x\n", "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n",
    "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n", "-A ufw-user-limit -j REJECT\n",
    "[OpenSSH]\nports=22/tcp\n", "ports=\n", "4294967296", "-1", "65536", "999.1.1.1", "::::",
    "/129", "\0", "\xff\xfe", "\t", "\r\n",
};

// Files the firewall layers read; mutations touch only these so every case exercises them.
bool is_firewall_file(const fs::path& rel) {
    const std::string s = rel.generic_string();
    return s.rfind("etc/iptables/", 0) == 0 || s.rfind("etc/sysconfig/ip", 0) == 0 ||
           s.rfind("etc/nftables", 0) == 0 || s.rfind("etc/ufw/", 0) == 0 ||
           s == "etc/default/ufw" || s.rfind("etc/ipset", 0) == 0;
}

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::string::size_type start = 0;
    while (start < text.size()) {
        auto nl = text.find('\n', start);
        if (nl == std::string::npos) nl = text.size() - 1;
        lines.push_back(text.substr(start, nl - start + 1));
        start = nl + 1;
    }
    return lines;
}

std::string mutate(std::string text, std::mt19937& rng) {
    std::uniform_int_distribution<int> kind(0, 7);
    std::uniform_int_distribution<size_t> tok(0, std::size(k_tokens) - 1);
    auto pos = [&](size_t limit) {
        return limit == 0 ? size_t{0} : std::uniform_int_distribution<size_t>(0, limit - 1)(rng);
    };
    switch (kind(rng)) {
        case 0: {  // splice a token
            size_t at = pos(text.size() + 1);
            std::string t = k_tokens[tok(rng)];
            if (t.empty()) t.assign(1, '\0');  // the "\0" token
            text.insert(at, t);
            break;
        }
        case 1: {  // drop a run of bytes
            if (text.empty()) break;
            size_t at = pos(text.size());
            text.erase(at, 1 + pos(24));
            break;
        }
        case 2: {  // replace a byte with any byte
            if (text.empty()) break;
            text[pos(text.size())] = static_cast<char>(pos(256));
            break;
        }
        case 3: {  // duplicate a line
            auto lines = split_lines(text);
            if (lines.empty()) break;
            size_t i = pos(lines.size());
            lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(pos(lines.size() + 1)),
                         lines[i]);
            text.clear();
            for (const auto& l : lines) text += l;
            break;
        }
        case 4: {  // swap two lines
            auto lines = split_lines(text);
            if (lines.size() < 2) break;
            std::swap(lines[pos(lines.size())], lines[pos(lines.size())]);
            text.clear();
            for (const auto& l : lines) text += l;
            break;
        }
        case 5:  // cut the file short
            text.resize(pos(text.size() + 1));
            break;
        case 6:  // a very long line
            text.insert(pos(text.size() + 1), std::string(1 + pos(20000), "a1:,{ "[pos(6)]));
            break;
        default: {  // delete a line
            auto lines = split_lines(text);
            if (lines.empty()) break;
            lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(pos(lines.size())));
            text.clear();
            for (const auto& l : lines) text += l;
        }
    }
    return text;
}

std::vector<fs::path> seed_trees() {
    std::vector<fs::path> trees;
    const fs::path fixtures = fs::path(lifeline::test::source_dir()) / "tests/fixtures";
    for (const char* layer : {"iptables", "nftables", "ufw", "firewall"}) {
        if (!fs::is_directory(fixtures / layer)) continue;
        for (const auto& rule : fs::directory_iterator(fixtures / layer)) {
            for (const char* side : {"good", "bad"}) {
                if (fs::is_directory(rule.path() / side)) trees.push_back(rule.path() / side);
            }
        }
    }
    std::sort(trees.begin(), trees.end());
    return trees;
}

// The firewall layer of `access --format json`, or null when the command printed none.
nlohmann::json firewall_layer(const std::string& out) {
    auto doc = nlohmann::json::parse(out, nullptr, false);
    if (doc.is_discarded() || !doc.contains("layers")) return nullptr;
    for (const auto& layer : doc["layers"]) {
        if (layer.value("layer", "") == "firewall") return layer;
    }
    return nullptr;
}

// The families whose ruleset the real loader refuses, from lint's load-failure findings.
std::set<int> refused_families(const nlohmann::json& lint) {
    std::set<int> families;
    for (const auto& d : lint["diagnostics"]) {
        const std::string rule = d.value("rule", "");
        const std::string path = d.value("path", "");
        if (rule == "NFT001") {
            families.insert(4);
            families.insert(6);
        } else if (rule == "IPT001" || rule == "IPT002") {
            bool v6 = path.find("rules.v6") != std::string::npos ||
                      path.find("sysconfig/ip6tables") != std::string::npos;
            families.insert(v6 ? 6 : 4);
        }
    }
    return families;
}

TEST(FirewallMutation, MutatedRulesetsNeverCrashHangOrGuess) {
    const auto seeds = seed_trees();
    ASSERT_GE(seeds.size(), 40u) << "fixture trees not found under " << lifeline::test::source_dir();
    const unsigned seed = 20261124;
    std::mt19937 rng(seed);
    const fs::path base =
        fs::temp_directory_path() / ("lifeline-fw-mutation-" + std::to_string(::getpid()));
    int refused_cases = 0;
    const int cases = 120;
    for (int i = 0; i < cases; ++i) {
        const fs::path& from = seeds[static_cast<size_t>(i) * 7 % seeds.size()];
        const fs::path root = base / std::to_string(i);
        fs::create_directories(root);
        fs::copy(from, root, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        std::vector<fs::path> targets;
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            if (e.is_regular_file() && is_firewall_file(fs::relative(e.path(), root)))
                targets.push_back(e.path());
        }
        std::sort(targets.begin(), targets.end());
        for (const auto& t : targets) {
            if (std::uniform_int_distribution<int>(0, 2)(rng) == 0) continue;  // some stay intact
            std::string text = read_all(t);
            for (int k = std::uniform_int_distribution<int>(1, 4)(rng); k > 0; --k)
                text = mutate(std::move(text), rng);
            write(t, text);
        }
        SCOPED_TRACE("seed " + std::to_string(seed) + " case " + std::to_string(i) + " from " +
                     from.string() + " in " + root.string());

        auto lint = run_command({lifeline_bin(), "lint", "--root", root.string(), "--format",
                                 "json"},
                                std::chrono::seconds(30));
        ASSERT_FALSE(lint.timed_out);
        ASSERT_TRUE(lint.exit_code == 0 || lint.exit_code == 1) << lint.exit_code << lint.err;
        auto doc = nlohmann::json::parse(lint.out);
        for (const auto& d : doc["diagnostics"]) {
            EXPECT_FALSE(d.value("path", "").empty()) << d.dump();
            EXPECT_GE(d["line"].get<int>(), 1) << d.dump();
            EXPECT_GE(d["column"].get<int>(), 1) << d.dump();
        }
        const auto refused = refused_families(doc);
        if (!refused.empty()) ++refused_cases;

        std::vector<lifeline::test::CommandResult> runs;
        for (int family : {4, 6}) {
            const std::string who =
                family == 4 ? "root@203.0.113.10:22" : "root@[2001:db8::10]:22";
            auto access = run_command({lifeline_bin(), "access", who, "--root", root.string(),
                                       "--format", "json"},
                                      std::chrono::seconds(30));
            ASSERT_FALSE(access.timed_out);
            EXPECT_TRUE(access.exit_code >= 0 && access.exit_code <= 2)
                << access.exit_code << access.err;
            if (refused.count(family)) {
                auto layer = firewall_layer(access.out);
                ASSERT_FALSE(layer.is_null()) << access.out << access.err;
                EXPECT_EQ(layer.value("verdict", ""), "unknown")
                    << "IPv" << family << " ruleset refused by its loader but answered:\n"
                    << access.out;
            }
            runs.push_back(std::move(access));
        }
        if (i % 3 == 0) {
            auto dump = run_command({lifeline_bin(), "dump", "firewall", "--root", root.string()},
                                    std::chrono::seconds(30));
            ASSERT_FALSE(dump.timed_out);
            EXPECT_TRUE(dump.exit_code >= 0 && dump.exit_code <= 2) << dump.exit_code << dump.err;
            runs.push_back(std::move(dump));
        }
        runs.push_back(std::move(lint));
        for (const auto& r : runs) {
            EXPECT_EQ(r.err.find("runtime error"), std::string::npos) << r.err;
            EXPECT_EQ(r.err.find("Sanitizer"), std::string::npos) << r.err;
        }
        if (!HasFailure()) fs::remove_all(root);
    }
    // The mutations must actually break rulesets, or the unknown-verdict check above tests nothing.
    EXPECT_GE(refused_cases, cases / 10);
    if (!HasFailure()) fs::remove_all(base);
}

}  // namespace

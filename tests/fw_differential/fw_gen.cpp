/// fw_gen: writes random firewall cases for the differential suite (README.md, "Generated cases").
///
///   fw_gen --seed S --cases N --out DIR
///
/// Case i depends only on (S, i): DIR/gen-sS-III/{tree/etc/…, probes}. The kernel decides the
/// expected outcomes (`expect=kernel`); the suite checks the mix of outcomes over the run.

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

#include "gen/iptables_gen.hpp"
#include "gen/model.hpp"
#include "gen/nft_gen.hpp"

namespace fs = std::filesystem;

namespace {

constexpr int k_probes_per_case = 8;

/// The layers of one case and their files.
fwgen::Case make_case(std::uint64_t seed, int index) {
    fwgen::Rng rng(seed * 1000003ULL + static_cast<std::uint64_t>(index));
    fwgen::Case c;
    char name[64];
    std::snprintf(name, sizeof name, "gen-s%llu-%03d", static_cast<unsigned long long>(seed),
                  index);
    c.name = name;
    bool v4 = rng.chance(60), v6 = rng.chance(45), nft = rng.chance(60);
    bool legacy4 = rng.chance(15), legacy6 = rng.chance(8);
    // A legacy variant is the realistic mixed host: update-alternatives selects iptables-legacy
    // for the family, its rules file loads into x_tables, and an nftables.conf is live beside it.
    if (legacy4) v4 = nft = true;
    if (legacy6) v6 = nft = true;
    if (!v4 && !v6 && !nft) nft = true;
    fwgen::IpsetNames sets;
    if ((v4 || v6) && rng.chance(30))
        c.files["etc/iptables/ipsets"] = fwgen::ipsets_file(rng, sets);
    std::vector<std::string> layers;
    auto add_ipt = [&](bool on, int family, bool legacy, const char* file) {
        if (!on) return;
        fwgen::IptablesShape shape{family, sets};
        c.files[std::string("etc/iptables/") + file] = fwgen::iptables_file(rng, shape, c.listen);
        c.families.push_back(family);
        layers.push_back(std::string(file) + (legacy ? " (legacy)" : ""));
        if (legacy) {
            std::string master = family == 4 ? "iptables" : "ip6tables";
            c.links["etc/alternatives/" + master] = "/usr/sbin/" + master + "-legacy";
        }
    };
    add_ipt(v4, 4, legacy4, "rules.v4");
    add_ipt(v6, 6, legacy6, "rules.v6");
    if (nft) {
        bool flush = rng.chance(20);
        c.files["etc/nftables.conf"] = fwgen::nftables_file(rng, flush, c.families, c.listen);
        layers.push_back(flush ? "nftables.conf (flush ruleset)" : "nftables.conf");
    }
    c.description = "generated: " + fwgen::join(layers, " + ");
    for (int i = 0; i < k_probes_per_case; ++i) {
        int family = !c.families.empty() && rng.chance(80) ? rng.pick(c.families)
                     : rng.chance(50)                      ? 4
                                                           : 6;
        c.probes.push_back(std::to_string(family) + " " + rng.pick(fwgen::sources(family)) + " " +
                           rng.pick(fwgen::servers(family)) + " " +
                           std::to_string(rng.pick(fwgen::probe_ports())) + " expect=kernel");
    }
    return c;
}

bool write_case(const fs::path& dir, const fwgen::Case& c) {
    std::error_code ec;
    for (const auto& [path, content] : c.files) {
        fs::path p = dir / "tree" / path;
        fs::create_directories(p.parent_path(), ec);
        std::ofstream out(p);
        out << content;
        if (!out) return false;
    }
    for (const auto& [path, target] : c.links) {
        fs::path p = dir / "tree" / path;
        fs::create_directories(p.parent_path(), ec);
        fs::create_symlink(target, p, ec);
        if (ec) return false;
    }
    std::ofstream probes(dir / "probes");
    probes << "desc " << c.description << '\n';
    if (!c.listen.empty()) probes << "listen " << fwgen::join_ports(c.listen, " ") << '\n';
    for (const auto& line : c.probes) probes << line << '\n';
    return static_cast<bool>(probes);
}

bool to_u64(std::string_view s, std::uint64_t& v) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t seed = 1, cases = 0;
    std::string out;
    for (int i = 1; i + 1 < argc; i += 2) {
        std::string_view a = argv[i];
        bool ok = (a == "--seed" && to_u64(argv[i + 1], seed)) ||
                  (a == "--cases" && to_u64(argv[i + 1], cases)) ||
                  (a == "--out" && (out = argv[i + 1], true));
        if (!ok) out.clear(), cases = 0, i = argc;
    }
    if (out.empty() || cases == 0 || argc != 7) {
        std::cerr << "usage: fw_gen --seed S --cases N --out DIR\n";
        return 2;
    }
    for (std::uint64_t i = 0; i < cases; ++i) {
        fwgen::Case c = make_case(seed, static_cast<int>(i));
        if (!write_case(fs::path(out) / c.name, c)) {
            std::cerr << "fw_gen: cannot write " << out << "/" << c.name << '\n';
            return 1;
        }
    }
    std::cout << "fw_gen: " << cases << " cases in " << out << '\n';
    return 0;
}

// The block structure of generated configurations: Include lines with their drop-in files
// (written at the point sshd expands them) and Match blocks.

#include <fnmatch.h>

#include <algorithm>

#include "config_generator.hpp"
#include "line_style.hpp"

namespace lifeline::differential {
namespace {

using V = std::vector<std::string>;

const V k_dropin_names = {"00-base.conf",       "01-x.conf",    "10-hardening.conf",
                          "9-late.conf",        "B-upper.conf", "_under.conf",
                          "50-cloud-init.conf", "a-lower.conf", "zz.conf"};
// Never matched by the globs used: their fatal content proves they stay unread.
const V k_decoys = {".hidden.conf", "disabled.conf.bak", "README", "99-hardening"};
const V k_dirs = {"sshd_config.d", "conf.d", "extra.d", "match.d", "more.d", "nested.d"};

bool glob_matches(const std::string& pattern, const std::string& name) {
    return fnmatch(pattern.c_str(), name.c_str(), FNM_PERIOD) == 0;
}

}  // namespace

bool ConfigGenerator::replay_include(DraftFile& f, Scope scope) {
    std::vector<const IncludeRecord*> fits;
    for (const auto& r : m_includes) {
        // Files written for global scope may hold global-only keywords.
        if (scope != Scope::global && r.scope == Scope::global) continue;
        bool safe = true;
        for (const DraftFile* d : r.files) safe &= !d->context_bound;
        if (safe) fits.push_back(&r);
    }
    if (fits.empty()) return false;
    LineStyle style;
    style.indent = scope != Scope::global;
    f.lines.push_back(style_line(m_rng, "Include", fits[m_rng.below(fits.size())]->args, style));
    return true;
}

void ConfigGenerator::write_include(DraftFile& f, Scope scope) {
    // The same Include again: sshd re-applies the cached files in the new context.
    if (m_rng.chance(40) && replay_include(f, scope)) return;
    if (m_depth >= 2 || m_next_dir >= static_cast<int>(k_dirs.size())) return;
    const std::string dir = k_dirs[static_cast<std::size_t>(m_next_dir++)];
    V names;
    for (int n = m_rng.between(1, 3); n > 0; --n) {
        std::string name = m_rng.pick(k_dropin_names);
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
    bool absolute = m_rng.chance(40);
    std::string base = absolute ? "/etc/ssh/" + dir + "/" : dir + "/";
    std::string args;
    V included;  // in the order sshd reads them
    int form = static_cast<int>(m_rng.below(100));
    if (form < 55 || form >= 90) {
        std::string pattern = form < 55 ? "*.conf" : "*.nomatch";
        args = base + pattern;
        for (const auto& n : names) {
            if (glob_matches(pattern, n)) included.push_back(n);
        }
        std::sort(included.begin(), included.end());  // glob(3) order: bytewise
    } else if (form < 70) {
        args = base + "[0-9]*.conf";
        for (const auto& n : names) {
            if (glob_matches("[0-9]*.conf", n)) included.push_back(n);
        }
        std::sort(included.begin(), included.end());
    } else {
        for (const auto& n : names) {  // explicit files, read in argument order
            args += (args.empty() ? "" : " ") + base + n;
            included.push_back(n);
        }
    }
    // A quoted pair of paths would be ONE path with a space: quote single paths only.
    if (args.find(' ') == std::string::npos && m_rng.chance(10)) args = "\"" + args + "\"";
    if (m_rng.chance(10)) args += " /etc/ssh/missing.d/*.conf";  // no match: silently nothing
    LineStyle style;
    style.indent = scope != Scope::global;
    f.lines.push_back(style_line(m_rng, "Include", args, style));
    std::size_t first_new = m_files.size();
    ++m_depth;
    for (const auto& n : included) write_included_file("etc/ssh/" + dir + "/" + n, scope);
    --m_depth;
    IncludeRecord record{args, scope, {}};
    for (std::size_t i = first_new; i < m_files.size(); ++i) {
        if (m_files[i]->live) record.files.push_back(m_files[i].get());
    }
    m_includes.push_back(record);
    for (const auto& n : names) {
        if (std::find(included.begin(), included.end(), n) != included.end()) continue;
        new_file("etc/ssh/" + dir + "/" + n, false).lines = {"NotAKeyword yes"};
    }
    if (m_rng.chance(40)) {
        new_file("etc/ssh/" + dir + "/" + m_rng.pick(k_decoys), false).lines = {"NotAKeyword yes"};
    }
}

void ConfigGenerator::write_included_file(const std::string& path, Scope scope) {
    DraftFile& g = new_file(path, true);
    Scope s = scope == Scope::global ? Scope::global : Scope::match_file;
    int n = m_rng.between(1, 5);
    int include_at = m_rng.chance(10) ? static_cast<int>(m_rng.below(n)) : -1;
    for (int i = 0; i < n; ++i) {
        if (i == include_at) write_include(g, s);
        write_line(g, s);
    }
    // A Match block in an included file ends at the end of that file.
    if (m_rng.chance(25)) write_match(g, s);
}

Scope ConfigGenerator::write_match(DraftFile& f, Scope outer) {
    bool all = m_rng.chance(15);
    if (all) {
        f.lines.push_back(m_rng.pick(V{"Match all", "Match All", "match ALL", "Match all # rest"}));
    } else {
        f.lines.push_back(match_line());
    }
    // `Match all` at top level returns to global rules (G-only keywords allowed and applied);
    // inside a file included from a Match block nothing is global any more.
    Scope inner = outer == Scope::match_file ? Scope::match_file
                  : all                      ? Scope::global
                                             : Scope::match;
    int n = m_rng.between(1, 5);
    int include_at = m_rng.chance(12) ? static_cast<int>(m_rng.below(n)) : -1;
    for (int i = 0; i < n; ++i) {
        if (i == include_at) write_include(f, inner);
        write_line(f, inner);
    }
    return inner;
}

std::string ConfigGenerator::match_line() {
    struct Criterion {
        const char* name;
        int weight;
    };
    static const std::vector<Criterion> k_criteria = {
        {"User", 30},        {"Group", 15},    {"Host", 10},  {"Address", 25},
        {"LocalAddress", 8}, {"LocalPort", 3}, {"RDomain", 8}};
    int count = m_rng.chance(60) ? 1 : (m_rng.chance(75) ? 2 : 3);
    std::set<std::string> used;
    std::string line = m_rng.pick(V{"Match", "Match", "match", "MATCH"});
    for (int i = 0; i < count; ++i) {
        int roll = static_cast<int>(m_rng.below(99));
        std::string name;
        for (const auto& c : k_criteria) {
            if (roll < c.weight) {
                name = c.name;
                break;
            }
            roll -= c.weight;
        }
        if (used.count(name)) continue;
        used.insert(name);
        std::string value = name == "User"           ? user_pattern(m_rng, m_world)
                            : name == "Group"        ? group_pattern(m_rng, m_world)
                            : name == "Host"         ? host_pattern(m_rng)
                            : name == "Address"      ? address_pattern(m_rng)
                            : name == "LocalAddress" ? local_address_pattern(m_rng)
                            : name == "LocalPort"    ? local_port(m_rng)
                                                     : rdomain_pattern(m_rng);
        int style = static_cast<int>(m_rng.below(100));
        if (style < 15)
            name = std::string(1, static_cast<char>(std::tolower(name[0]))) + name.substr(1);
        if (style >= 15 && style < 20) {
            for (auto& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        if (m_rng.chance(10)) value = "\"" + value + "\"";
        line += " " + name + (m_rng.chance(15) ? "=" : " ") + value;
    }
    if (m_rng.chance(8)) line += " # block";
    return line;
}

}  // namespace lifeline::differential

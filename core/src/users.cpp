#include "lifeline/users.hpp"

#include <algorithm>
#include <charconv>

namespace lifeline {
namespace {

std::vector<std::string_view> split_fields(std::string_view line) {
    std::vector<std::string_view> out;
    size_t start = 0;
    for (;;) {
        size_t colon = line.find(':', start);
        if (colon == std::string_view::npos) {
            out.push_back(line.substr(start));
            return out;
        }
        out.push_back(line.substr(start, colon - start));
        start = colon + 1;
    }
}

std::optional<unsigned> parse_id(std::string_view s) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

template <typename F>
void for_each_line(std::string_view text, F&& f) {
    int n = 0;
    while (!text.empty()) {
        ++n;
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        f(line, n);
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

}  // namespace

UserDb UserDb::parse(std::string_view passwd, std::string_view group, std::string passwd_path) {
    UserDb db;
    for_each_line(passwd, [&](std::string_view line, int n) {
        if (line.empty() || line[0] == '#') return;
        auto f = split_fields(line);
        if (f.size() != 7) return;
        auto uid = parse_id(f[2]);
        auto gid = parse_id(f[3]);
        if (!uid || !gid || f[0].empty()) return;
        // getpwnam returns the first entry of a name.
        if (db.find_user(f[0])) return;
        db.m_users.push_back(User{std::string(f[0]), *uid, *gid, std::string(f[5]),
                                  std::string(f[6]), passwd_path, n});
    });
    for_each_line(group, [&](std::string_view line, int) {
        if (line.empty() || line[0] == '#') return;
        auto f = split_fields(line);
        if (f.size() != 4) return;
        auto gid = parse_id(f[2]);
        if (!gid || f[0].empty()) return;
        Group g{std::string(f[0]), *gid, {}};
        std::string_view members = f[3];
        while (!members.empty()) {
            size_t comma = members.find(',');
            std::string_view m = members.substr(0, comma);
            if (!m.empty()) g.members.emplace_back(m);
            if (comma == std::string_view::npos) break;
            members.remove_prefix(comma + 1);
        }
        db.m_groups.push_back(std::move(g));
    });
    return db;
}

const User* UserDb::find_user(std::string_view name) const {
    for (const auto& u : m_users)
        if (u.name == name) return &u;
    return nullptr;
}

const Group* UserDb::find_group_by_gid(unsigned gid) const {
    for (const auto& g : m_groups)
        if (g.gid == gid) return &g;
    return nullptr;
}

std::vector<std::string> UserDb::groups_of(std::string_view user) const {
    std::vector<std::string> out;
    const User* u = find_user(user);
    if (!u) return out;
    if (const Group* primary = find_group_by_gid(u->gid)) out.push_back(primary->name);
    for (const auto& g : m_groups) {
        if (std::find(g.members.begin(), g.members.end(), user) == g.members.end()) continue;
        if (std::find(out.begin(), out.end(), g.name) == out.end()) out.push_back(g.name);
    }
    return out;
}

}  // namespace lifeline

#include "include_glob.hpp"

#include <algorithm>

namespace lifeline::sshd {
namespace {

constexpr size_t k_max_results = 100000;

/// Matches one character class starting at p[pi] == '['. Sets `next` past the class.
/// Returns -1 when the bracket does not open a class (then it is a literal '[').
int match_class(std::string_view p, size_t pi, unsigned char c, size_t& next) {
    size_t i = pi + 1;
    bool negate = false;
    if (i < p.size() && p[i] == '!') {
        negate = true;
        ++i;
    }
    if (i >= p.size() || p.find(']', i + 1) == std::string_view::npos) return -1;
    bool hit = false;
    bool first = true;
    while (i < p.size() && (first || p[i] != ']')) {
        first = false;
        unsigned char lo = (unsigned char)p[i];
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
            unsigned char hi = (unsigned char)p[i + 2];
            if (lo <= c && c <= hi) hit = true;
            i += 3;
        } else {
            if (lo == c) hit = true;
            ++i;
        }
    }
    next = i + 1;
    return hit != negate ? 1 : 0;
}

/// Does the single pattern element at p[pi] match c? Sets `next` past the element.
bool match_one(std::string_view p, size_t pi, unsigned char c, size_t& next) {
    if (p[pi] == '?') {
        next = pi + 1;
        return true;
    }
    if (p[pi] == '[') {
        int r = match_class(p, pi, c, next);
        if (r >= 0) return r == 1;
    }
    if (p[pi] == '\\' && pi + 1 < p.size()) {
        next = pi + 2;
        return (unsigned char)p[pi + 1] == c;
    }
    next = pi + 1;
    return (unsigned char)p[pi] == c;
}

bool has_magic(std::string_view comp) {
    for (size_t i = 0; i < comp.size(); ++i) {
        if (comp[i] == '\\') {
            ++i;
            continue;
        }
        if (comp[i] == '*' || comp[i] == '?') return true;
        if (comp[i] == '[' && comp.find(']', i + 2) != std::string_view::npos) return true;
    }
    return false;
}

std::string unescape(std::string_view comp) {
    std::string out;
    for (size_t i = 0; i < comp.size(); ++i) {
        if (comp[i] == '\\' && i + 1 < comp.size()) ++i;
        out += comp[i];
    }
    return out;
}

/// glob(3) checks the final path with lstat(2): a directory entry is enough, even a dangling
/// symlink (sshd then fails to open it). FileSystem has no lstat, so an entry listed by its
/// directory counts as existing.
bool entry_exists(const Host& host, const std::string& path) {
    if (host.fs().stat(host.path(path.empty() ? "/" : path))) return true;
    size_t slash = path.rfind('/');
    if (slash == std::string::npos) return false;
    auto names = host.fs().list(host.path(slash == 0 ? "/" : path.substr(0, slash)));
    if (!names) return false;
    std::string name = path.substr(slash + 1);
    for (const auto& n : *names)
        if (n == name) return true;
    return false;
}

void expand(const Host& host, const std::string& prefix, const std::vector<std::string_view>& comps,
            size_t k, std::vector<std::string>& out, bool listed) {
    if (out.size() >= k_max_results) return;
    if (k == comps.size()) {
        if (listed || entry_exists(host, prefix)) out.push_back(prefix);
        return;
    }
    std::string_view comp = comps[k];
    if (!has_magic(comp)) {
        expand(host, prefix + "/" + unescape(comp), comps, k + 1, out, false);
        return;
    }
    auto names = host.fs().list(host.path(prefix.empty() ? "/" : prefix));
    if (!names) return;
    if (comp[0] == '.') {
        names->push_back(".");
        names->push_back("..");
    }
    std::sort(names->begin(), names->end());
    for (const std::string& name : *names) {
        if (name.empty() || (name[0] == '.' && comp[0] != '.')) continue;
        if (glob_match(name, comp)) expand(host, prefix + "/" + name, comps, k + 1, out, true);
    }
}

}  // namespace

bool glob_match(std::string_view s, std::string_view p) {
    size_t si = 0, pi = 0;
    size_t star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        size_t next = 0;
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (pi < p.size() && match_one(p, pi, (unsigned char)s[si], next)) {
            ++si;
            pi = next;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

std::vector<std::string> glob_host(const Host& host, std::string_view pattern) {
    std::vector<std::string_view> comps;
    size_t pos = 0;
    while (pos <= pattern.size()) {
        size_t slash = pattern.find('/', pos);
        std::string_view c = pattern.substr(
            pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
        if (!c.empty()) comps.push_back(c);
        if (slash == std::string_view::npos) break;
        pos = slash + 1;
    }
    std::vector<std::string> out;
    expand(host, "", comps, 0, out, false);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace lifeline::sshd

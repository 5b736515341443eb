// In-memory sources, glob(3) matching and expansion for nft's `include`.
#include <algorithm>
#include <set>

#include "glob.hpp"
#include "parser.hpp"

namespace lifeline::nft {
namespace {

bool has_wildcard(std::string_view s) {
    return s.find_first_of("*?[") != std::string_view::npos;
}

std::vector<std::string_view> split_components(std::string_view path) {
    std::vector<std::string_view> out;
    size_t p = 0;
    while (p < path.size()) {
        size_t slash = path.find('/', p);
        if (slash == std::string_view::npos) slash = path.size();
        if (slash > p) out.push_back(path.substr(p, slash - p));
        p = slash + 1;
    }
    return out;
}

/// Matches a bracket expression at pattern[p] (just after '['); returns the index after ']'
/// or npos when the bracket is not closed (then '[' is literal).
size_t match_bracket(std::string_view pattern, size_t p, char c, bool& matched) {
    bool negate = p < pattern.size() && (pattern[p] == '!' || pattern[p] == '^');
    if (negate) ++p;
    bool found = false;
    bool first = true;
    while (p < pattern.size() && (first || pattern[p] != ']')) {
        first = false;
        char lo = pattern[p];
        if (p + 2 < pattern.size() && pattern[p + 1] == '-' && pattern[p + 2] != ']') {
            found = found || (c >= lo && c <= pattern[p + 2]);
            p += 3;
        } else {
            found = found || c == lo;
            ++p;
        }
    }
    if (p >= pattern.size()) return std::string_view::npos;
    matched = found != negate;
    return p + 1;
}

}  // namespace

bool glob_match(std::string_view name, std::string_view pattern) {
    size_t n = 0, p = 0;
    size_t star_p = std::string_view::npos, star_n = 0;
    while (n < name.size()) {
        if (p < pattern.size()) {
            char pc = pattern[p];
            if (pc == '*') {
                star_p = p++;
                star_n = n;
                continue;
            }
            if (pc == '?') {
                ++p, ++n;
                continue;
            }
            if (pc == '[') {
                bool matched = false;
                size_t next = match_bracket(pattern, p + 1, name[n], matched);
                if (next != std::string_view::npos) {
                    if (matched) {
                        p = next, ++n;
                        continue;
                    }
                } else if (name[n] == '[') {
                    ++p, ++n;
                    continue;
                }
            } else if (pc == name[n]) {
                ++p, ++n;
                continue;
            }
        }
        if (star_p == std::string_view::npos) return false;
        p = star_p + 1;
        n = ++star_n;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

std::vector<std::string> glob_paths(const std::string& pattern, const GlobFs& fs) {
    std::vector<std::string> paths = {""};
    for (std::string_view comp : split_components(pattern)) {
        std::vector<std::string> next;
        for (const std::string& base : paths) {
            if (!has_wildcard(comp)) {
                next.push_back(base + "/" + std::string(comp));
                continue;
            }
            auto names = fs.list(base.empty() ? "/" : base);
            if (!names) continue;
            for (const std::string& name : *names) {
                if (!name.empty() && name[0] == '.' && comp[0] != '.') continue;
                if (glob_match(name, comp)) next.push_back(base + "/" + name);
            }
        }
        paths = std::move(next);
        if (paths.size() > 100000) break;  // bounded on hostile trees
    }
    std::vector<std::string> out;
    for (std::string& path : paths) {
        if (path.empty()) path = "/";
        int kind = fs.kind(path);
        if (kind == 0) continue;
        out.push_back(kind == 2 && path.back() != '/' ? path + "/" : path);
    }
    std::sort(out.begin(), out.end());
    return out;
}

MemorySourceReader& MemorySourceReader::add(const std::string& host_path, std::string text) {
    m_files[host_path] = std::move(text);
    return *this;
}

std::optional<SourceReader::File> MemorySourceReader::read(const std::string& host_path,
                                                           std::string& error) {
    auto it = m_files.find(host_path);
    if (it == m_files.end()) {
        error = "No such file or directory";
        return std::nullopt;
    }
    return File{host_path, it->second};
}

std::vector<std::string> MemorySourceReader::glob(const std::string& pattern) {
    GlobFs fs;
    fs.list = [this](const std::string& dir) -> std::optional<std::vector<std::string>> {
        std::string prefix = dir == "/" ? "/" : dir + "/";
        std::set<std::string> names;
        for (auto it = m_files.lower_bound(prefix);
             it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
            std::string rest = it->first.substr(prefix.size());
            names.insert(rest.substr(0, rest.find('/')));
        }
        if (names.empty()) return std::nullopt;
        return std::vector<std::string>(names.begin(), names.end());
    };
    fs.kind = [this](const std::string& path) {
        if (m_files.count(path)) return 1;
        std::string prefix = path == "/" ? "/" : path + "/";
        auto it = m_files.lower_bound(prefix);
        return it != m_files.end() && it->first.compare(0, prefix.size(), prefix) == 0 ? 2 : 0;
    };
    return glob_paths(pattern, fs);
}

}  // namespace lifeline::nft

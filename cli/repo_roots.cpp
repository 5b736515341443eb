#include "repo_roots.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <set>

namespace lifeline::cli {
namespace {

std::vector<std::string> components(std::string_view glob) {
    std::vector<std::string> out;
    while (!glob.empty()) {
        size_t slash = glob.find('/');
        std::string_view part = glob.substr(0, slash);
        if (!part.empty() && part != ".") out.emplace_back(part);
        if (slash == std::string_view::npos) break;
        glob.remove_prefix(slash + 1);
    }
    return out;
}

bool has_magic(const std::string& s) {
    return s.find_first_of("*?[\\") != std::string::npos;
}

std::string child(const std::string& dir, const std::string& name) {
    return dir.empty() ? name : dir + "/" + name;
}

bool is_dir(const sys::FileSystem& fs, const std::string& path) {
    auto st = fs.stat(path.empty() ? "." : path);
    return st && st->type == sys::FileStat::Type::directory;
}

/// Repository-relative and normalised, for comparison with listing paths.
std::string normal(const std::string& path) {
    return std::filesystem::path(path).lexically_normal().string();
}

}  // namespace

std::vector<std::string> expand_host_globs(const sys::FileSystem& fs,
                                           const std::vector<HostGlob>& globs) {
    std::set<std::string> roots;
    for (const auto& g : globs) {
        std::vector<std::string> current{""};
        for (const auto& part : components(g.pattern)) {
            std::vector<std::string> next;
            for (const auto& dir : current) {
                if (!has_magic(part)) {
                    if (is_dir(fs, child(dir, part))) next.push_back(child(dir, part));
                    continue;
                }
                auto names = fs.list(dir.empty() ? "." : dir);
                if (!names) continue;
                std::sort(names->begin(), names->end());
                for (const auto& name : *names) {
                    if (::fnmatch(part.c_str(), name.c_str(), FNM_PERIOD) != 0) continue;
                    if (is_dir(fs, child(dir, name))) next.push_back(child(dir, name));
                }
            }
            current = std::move(next);
        }
        for (auto& r : current)
            if (!r.empty()) roots.insert(std::move(r));
    }
    return {roots.begin(), roots.end()};
}

std::vector<std::string> changed_paths(const TreeListing& a, const TreeListing& b) {
    std::vector<std::string> out;
    auto ia = a.begin(), ib = b.begin();
    while (ia != a.end() || ib != b.end()) {
        if (ib == b.end() || (ia != a.end() && ia->first < ib->first)) {
            out.push_back((ia++)->first);
        } else if (ia == a.end() || ib->first < ia->first) {
            out.push_back((ib++)->first);
        } else {
            if (!(ia->second == ib->second)) out.push_back(ia->first);
            ++ia, ++ib;
        }
    }
    return out;
}

std::vector<std::string> roots_touched(const std::vector<std::string>& roots,
                                       const std::vector<std::string>& paths) {
    std::set<std::string, std::less<>> root_set(roots.begin(), roots.end());
    std::set<std::string, std::less<>> hit;
    for (const auto& p : paths) {
        // Every directory prefix of the path may be a root (nested roots are all touched).
        for (size_t slash = p.find('/'); slash != std::string::npos;
             slash = p.find('/', slash + 1)) {
            std::string_view prefix(p.data(), slash);
            if (root_set.count(prefix)) hit.emplace(prefix);
        }
    }
    std::vector<std::string> out;
    for (const auto& r : roots)
        if (hit.count(r)) out.push_back(r);
    return out;
}

bool policy_touched(const Policy& policy, const std::vector<std::string>& paths) {
    std::set<std::string> files;
    for (const auto& f : policy.files)
        if (!f.empty() && f.front() != '/') files.insert(normal(f));
    for (const auto& intent : policy.intents)
        if (!intent.key.empty() && intent.key.front() != '/') files.insert(normal(intent.key));
    return std::any_of(paths.begin(), paths.end(),
                       [&](const std::string& p) { return files.count(p) > 0; });
}

}  // namespace lifeline::cli

#include "fake_fs.hpp"

#include <set>

namespace lifeline::test {
namespace {

std::string normalise(std::string p) {
    while (p.size() > 1 && p.back() == '/') p.pop_back();
    std::string out;
    for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '/' && !out.empty() && out.back() == '/') continue;
        out += p[i];
    }
    return out;
}

}  // namespace

FakeFileSystem& FakeFileSystem::add_file(const std::string& path, std::string content,
                                         unsigned mode, unsigned uid, unsigned gid) {
    Entry e;
    e.content = std::move(content);
    e.mode = mode;
    e.uid = uid;
    e.gid = gid;
    m_entries[normalise(path)] = std::move(e);
    return *this;
}

FakeFileSystem& FakeFileSystem::add_dir(const std::string& path, unsigned mode, unsigned uid) {
    Entry e;
    e.directory = true;
    e.mode = mode;
    e.uid = uid;
    m_entries[normalise(path)] = std::move(e);
    return *this;
}

FakeFileSystem& FakeFileSystem::make_unreadable(const std::string& path) {
    m_entries.at(normalise(path)).readable = false;
    return *this;
}

sys::ReadResult FakeFileSystem::read(const std::string& path) const {
    sys::ReadResult r;
    auto it = m_entries.find(normalise(path));
    if (it == m_entries.end()) {
        auto st = stat(path);
        if (st) {
            r.error = "Is a directory";
            return r;
        }
        r.error = "No such file or directory";
        r.not_found = true;
        return r;
    }
    if (it->second.directory) {
        r.error = "Is a directory";
        return r;
    }
    if (!it->second.readable) {
        r.error = "Permission denied";
        return r;
    }
    r.text = it->second.content;
    return r;
}

std::optional<sys::FileStat> FakeFileSystem::stat(const std::string& path) const {
    std::string p = normalise(path);
    sys::FileStat st;
    auto it = m_entries.find(p);
    if (it != m_entries.end()) {
        st.type =
            it->second.directory ? sys::FileStat::Type::directory : sys::FileStat::Type::regular;
        st.mode = it->second.mode;
        st.uid = it->second.uid;
        st.gid = it->second.gid;
        st.size = it->second.content.size();
        return st;
    }
    // An implied directory: some entry lives below it.
    std::string prefix = p == "/" ? "/" : p + "/";
    auto below = m_entries.lower_bound(prefix);
    if (below != m_entries.end() && below->first.compare(0, prefix.size(), prefix) == 0) {
        st.type = sys::FileStat::Type::directory;
        st.mode = 0755;
        return st;
    }
    return std::nullopt;
}

std::optional<std::vector<std::string>> FakeFileSystem::list(const std::string& dir) const {
    auto st = stat(dir);
    if (!st || st->type != sys::FileStat::Type::directory) return std::nullopt;
    std::string p = normalise(dir);
    std::string prefix = p == "/" ? "/" : p + "/";
    std::set<std::string> names;
    for (auto it = m_entries.lower_bound(prefix);
         it != m_entries.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        std::string rest = it->first.substr(prefix.size());
        if (rest.empty()) continue;
        names.insert(rest.substr(0, rest.find('/')));
    }
    return std::vector<std::string>(names.begin(), names.end());
}

}  // namespace lifeline::test

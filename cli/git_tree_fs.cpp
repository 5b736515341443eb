#include "git_tree_fs.hpp"

#include <unistd.h>

#include <deque>
#include <filesystem>
#include <vector>

namespace lifeline::cli {
namespace {

/// Linux gives up after 40 links in one lookup (ELOOP); so do we.
constexpr int k_max_links = 40;

constexpr unsigned k_type_mask = 0170000;
constexpr unsigned k_link = 0120000;

std::deque<std::string> split(std::string_view path) {
    std::deque<std::string> out;
    while (!path.empty()) {
        size_t slash = path.find('/');
        std::string_view part = path.substr(0, slash);
        if (!part.empty()) out.emplace_back(part);
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

std::string join(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
    return out;
}

/// The real path of `base` with `rest` appended, normalised.
std::string real_path(const std::string& base, const std::deque<std::string>& rest) {
    std::filesystem::path p(base);
    for (const auto& r : rest) p /= r;
    return p.lexically_normal().string();
}

}  // namespace

GitTreeFs::GitTreeFs(TreeListing listing, const BlobSource& blobs, const sys::FileSystem& outside,
                     std::string top)
    : m_listing(std::move(listing)),
      m_blobs(blobs),
      m_outside(outside),
      m_top(std::move(top)),
      m_uid(::getuid()),
      m_gid(::getgid()) {
    m_dirs[""];
    for (const auto& [path, entry] : m_listing) {
        // Every ancestor of a file is a directory of the tree.
        size_t start = 0;
        std::string dir;
        for (;;) {
            size_t slash = path.find('/', start);
            std::string name = path.substr(start, slash - start);
            m_dirs[dir].insert(name);
            if (slash == std::string::npos) break;
            dir = path.substr(0, slash);
            start = slash + 1;
        }
    }
}

GitTreeFs::Resolved GitTreeFs::resolve(const std::string& path, bool follow_last) const {
    using Kind = Resolved::Kind;
    if (!path.empty() && path.front() == '/') return {Kind::outside, path, nullptr};
    std::deque<std::string> todo = split(path);
    std::vector<std::string> done;
    int links = 0;
    while (!todo.empty()) {
        std::string c = std::move(todo.front());
        todo.pop_front();
        if (c == ".") continue;
        if (c == "..") {
            if (done.empty()) return {Kind::outside, real_path(m_top + "/..", todo), nullptr};
            done.pop_back();
            continue;
        }
        done.push_back(c);
        std::string here = join(done);
        auto it = m_listing.find(here);
        if (it == m_listing.end()) {
            if (m_dirs.count(here)) continue;
            return {Kind::missing, here, nullptr};
        }
        const TreeEntry& e = it->second;
        bool link = (e.mode & k_type_mask) == k_link;
        if (!link || (todo.empty() && !follow_last)) {
            // A file in the middle of a path is ENOTDIR: nothing there.
            if (!todo.empty()) return {Kind::missing, here, nullptr};
            return {Kind::file, here, &e};
        }
        const std::string* target = ++links > k_max_links ? nullptr : blob(e, nullptr);
        if (!target) return {Kind::missing, here, nullptr};
        done.pop_back();
        if (!target->empty() && target->front() == '/')
            return {Kind::outside, real_path(*target, todo), nullptr};
        std::deque<std::string> spliced = split(*target);
        todo.insert(todo.begin(), spliced.begin(), spliced.end());
    }
    return {Kind::directory, join(done), nullptr};
}

const std::string* GitTreeFs::blob(const TreeEntry& entry, std::string* error) const {
    auto it = m_cache.find(entry.object);
    if (it != m_cache.end()) return it->second.get();
    sys::ReadResult r = m_blobs.read_blob(entry.object);
    if (!r.text) {
        if (error) *error = r.error;
        return nullptr;
    }
    auto text = std::make_shared<const std::string>(std::move(*r.text));
    return m_cache.emplace(entry.object, std::move(text)).first->second.get();
}

sys::ReadResult GitTreeFs::read(const std::string& path) const {
    Resolved r = resolve(path, true);
    sys::ReadResult out;
    switch (r.kind) {
        case Resolved::Kind::outside:
            return m_outside.read(r.path);
        case Resolved::Kind::missing:
            out.not_found = true;
            out.error = "No such file or directory";
            return out;
        case Resolved::Kind::directory:
            out.error = "Is a directory";
            return out;
        case Resolved::Kind::file:
            break;
    }
    if (const std::string* text = blob(*r.entry, &out.error)) out.text = *text;
    return out;
}

std::optional<sys::FileStat> GitTreeFs::stat(const std::string& path) const {
    Resolved r = resolve(path, true);
    sys::FileStat st;
    st.uid = m_uid;
    st.gid = m_gid;
    switch (r.kind) {
        case Resolved::Kind::outside:
            return m_outside.stat(r.path);
        case Resolved::Kind::missing:
            return std::nullopt;
        case Resolved::Kind::directory:
            st.type = sys::FileStat::Type::directory;
            st.mode = 0755;
            return st;
        case Resolved::Kind::file:
            break;
    }
    st.type = sys::FileStat::Type::regular;
    st.mode = (r.entry->mode & 0111) ? 0755 : 0644;
    // The size needs the blob; configuration files are small and read next anyway.
    const std::string* text = blob(*r.entry, nullptr);
    st.size = text ? text->size() : sys::k_max_file_size + 1;
    return st;
}

std::optional<std::vector<std::string>> GitTreeFs::list(const std::string& dir) const {
    Resolved r = resolve(dir, true);
    if (r.kind == Resolved::Kind::outside) return m_outside.list(r.path);
    if (r.kind != Resolved::Kind::directory) return std::nullopt;
    const auto& names = m_dirs.find(r.path)->second;
    return std::vector<std::string>(names.begin(), names.end());
}

std::optional<std::string> GitTreeFs::read_link(const std::string& path) const {
    Resolved r = resolve(path, false);
    if (r.kind == Resolved::Kind::outside) return m_outside.read_link(r.path);
    if (r.kind != Resolved::Kind::file || (r.entry->mode & k_type_mask) != k_link)
        return std::nullopt;
    const std::string* target = blob(*r.entry, nullptr);
    if (!target) return std::nullopt;
    return *target;
}

}  // namespace lifeline::cli

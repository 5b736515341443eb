#include "lifeline/host.hpp"

namespace lifeline {

namespace {
std::string normalise_root(std::string_view root) {
    while (root.size() > 1 && root.back() == '/') root.remove_suffix(1);
    return root.empty() ? std::string("/") : std::string(root);
}
}  // namespace

Host::Host(std::string root, const sys::FileSystem& fs, SourceManager& sources)
    : m_root(normalise_root(root)), m_fs(fs), m_sources(sources) {}

std::string Host::path(std::string_view host_path) const {
    if (m_root == "/") return std::string(host_path);
    std::string out = m_root;
    if (host_path.empty() || host_path.front() != '/') out += '/';
    out += host_path;
    return out;
}

const SourceFile* Host::load(std::string_view host_path, std::string* error, bool* not_found) {
    std::string real = path(host_path);
    if (const SourceFile* f = m_sources.find(real)) return f;
    sys::ReadResult r = m_fs.read(real);
    if (!r.text) {
        if (error) *error = r.error;
        if (not_found) *not_found = r.not_found;
        return nullptr;
    }
    return &m_sources.add(real, std::move(*r.text));
}

const UserDb& Host::users() {
    if (!m_users) {
        auto passwd = m_fs.read(path("/etc/passwd"));
        auto group = m_fs.read(path("/etc/group"));
        m_users = UserDb::parse(passwd.text.value_or(""), group.text.value_or(""),
                                path("/etc/passwd"));
    }
    return *m_users;
}

}  // namespace lifeline

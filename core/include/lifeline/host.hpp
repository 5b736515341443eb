#pragma once
/// A host read as a directory standing for "/".

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lifeline/source.hpp"
#include "lifeline/sys/fs.hpp"
#include "lifeline/sys/process.hpp"
#include "lifeline/users.hpp"

namespace lifeline {

/// A host: a root directory, the file system to read it through, the sources read so far and its
/// user database.
class Host {
public:
    Host(std::string root, const sys::FileSystem& fs, SourceManager& sources);

    /// The root directory ("/" for the running machine).
    const std::string& root() const { return m_root; }
    /// Maps an absolute host path ("/etc/ssh/sshd_config") to the path to open.
    std::string path(std::string_view host_path) const;
    const sys::FileSystem& fs() const { return m_fs; }
    SourceManager& sources() { return m_sources; }
    /// Reads a file by host path and registers it with the source manager.
    /// Returns nullptr and sets `error` when unreadable.
    const SourceFile* load(std::string_view host_path, std::string* error = nullptr,
                           bool* not_found = nullptr);
    /// The user database from ROOT/etc/passwd and ROOT/etc/group (loaded on first use; empty when
    /// absent).
    const UserDb& users();
    /// The running machine's programs (`lint --live`), or nullptr when only files are read.
    /// Layers that can read live state (rulesets, bans, sockets) do so only through it.
    const sys::ProcessRunner* live() const { return m_live; }
    /// Makes this host the running machine, read through `runner` (which must outlive it).
    void set_live(const sys::ProcessRunner* runner) { m_live = runner; }

private:
    std::string m_root;
    const sys::FileSystem& m_fs;
    SourceManager& m_sources;
    std::optional<UserDb> m_users;
    const sys::ProcessRunner* m_live = nullptr;
};

}  // namespace lifeline

#pragma once
/// An in-memory lifeline::sys::FileSystem for tests: a map of path -> content, mode and owner.
/// Directories are implied by the files under them and can also be added explicitly.

#include <map>
#include <string>

#include "lifeline/sys/fs.hpp"

namespace lifeline::test {

class FakeFileSystem final : public sys::FileSystem {
  public:
    /// Adds (or replaces) a regular file; parent directories appear implicitly.
    FakeFileSystem& add_file(const std::string& path, std::string content, unsigned mode = 0644,
                             unsigned uid = 0, unsigned gid = 0);
    /// Adds an empty directory.
    FakeFileSystem& add_dir(const std::string& path, unsigned mode = 0755, unsigned uid = 0);
    /// Makes a file unreadable (read() fails with "Permission denied"; stat still works).
    FakeFileSystem& make_unreadable(const std::string& path);

    sys::ReadResult read(const std::string& path) const override;
    std::optional<sys::FileStat> stat(const std::string& path) const override;
    std::optional<std::vector<std::string>> list(const std::string& dir) const override;

  private:
    struct Entry {
        bool directory = false;
        std::string content;
        unsigned mode = 0644;
        unsigned uid = 0;
        unsigned gid = 0;
        bool readable = true;
    };
    std::map<std::string, Entry> m_entries;
};

}  // namespace lifeline::test

#pragma once
/// File-system access behind an interface, so parsers and rules can be tested with an in-memory fake.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lifeline::sys {

/// What stat(2) tells about a path (symlinks followed).
struct FileStat {
    enum class Type { regular, directory, other };
    Type type = Type::other;
    unsigned mode = 0;  ///< permission bits (07777)
    unsigned uid = 0;
    unsigned gid = 0;
    std::uint64_t size = 0;
};

/// Result of reading a whole file: either the text, or an errno-style message.
struct ReadResult {
    std::optional<std::string> text;
    std::string error;  ///< e.g. "No such file or directory"
    bool not_found = false;
};

/// Files are read whole; anything bigger than this is refused (bounded memory on hostile input).
inline constexpr std::uint64_t k_max_file_size = 64ull * 1024 * 1024;

/// The file system seen by lifeline. Paths are real paths (already under --root).
class FileSystem {
public:
    virtual ~FileSystem() = default;
    /// Reads a whole regular file, refusing files over k_max_file_size.
    virtual ReadResult read(const std::string& path) const = 0;
    /// stat(2) following symlinks; nullopt when the path does not exist or cannot be stat'ed.
    virtual std::optional<FileStat> stat(const std::string& path) const = 0;
    /// Entry names of a directory (no "." or ".."), in no particular order; nullopt if unreadable.
    virtual std::optional<std::vector<std::string>> list(const std::string& dir) const = 0;
    /// The target of a symbolic link as stored; nullopt when `path` is not a readable link.
    virtual std::optional<std::string> read_link(const std::string& path) const {
        (void)path;
        return std::nullopt;
    }
};

/// The real file system.
std::unique_ptr<FileSystem> make_real_file_system();

}  // namespace lifeline::sys

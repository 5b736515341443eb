#pragma once
/// A repository state (the index or a commit's tree) seen as a file system, so plugins lint it
/// exactly as they would lint a checkout of that state, without writing one.
///
/// Paths are repository-relative ("hosts/web1/etc/ssh/sshd_config"), which is also how findings
/// show them. Files have the modes a checkout gives them under umask 022 (0644, or 0755 when
/// executable) and belong to the user running lifeline, like the checkout's root, so owners never
/// count (as in any host tree a user checked out). Symbolic links are followed inside the tree;
/// a link or a path that leaves the tree (an absolute target, too many "..") continues on the
/// real file system from the repository's top level, as it would in the checkout.

#include <map>
#include <memory>
#include <set>
#include <string>

#include "lifeline/sys/fs.hpp"

namespace lifeline::cli {

/// One file of a state: git's mode (0100644, 0100755, 0120000 for a link) and its blob.
struct TreeEntry {
    unsigned mode = 0100644;
    std::string object;
    bool operator==(const TreeEntry&) const = default;
};

/// Repository-relative path → entry.
using TreeListing = std::map<std::string, TreeEntry, std::less<>>;

/// Where blob contents come from (`git cat-file --batch`; a map in tests).
class BlobSource {
  public:
    virtual ~BlobSource() = default;
    /// The content of `object`, or an error; refuses blobs over sys::k_max_file_size.
    virtual sys::ReadResult read_blob(const std::string& object) const = 0;
};

class GitTreeFs final : public sys::FileSystem {
  public:
    /// `outside` serves absolute paths and paths that leave the tree; `top` is the absolute top
    /// level they are resolved against.
    GitTreeFs(TreeListing listing, const BlobSource& blobs, const sys::FileSystem& outside,
              std::string top);

    sys::ReadResult read(const std::string& path) const override;
    std::optional<sys::FileStat> stat(const std::string& path) const override;
    std::optional<std::vector<std::string>> list(const std::string& dir) const override;
    std::optional<std::string> read_link(const std::string& path) const override;

    const TreeListing& listing() const { return m_listing; }

  private:
    /// Where a path leads: a tree file, a tree directory, nothing, or a real path outside.
    struct Resolved {
        enum class Kind { file, directory, missing, outside } kind = Kind::missing;
        std::string path;  ///< tree path (kind file/directory) or real path (outside)
        const TreeEntry* entry = nullptr;
    };
    Resolved resolve(const std::string& path, bool follow_last) const;
    const std::string* blob(const TreeEntry& entry, std::string* error) const;

    TreeListing m_listing;
    std::map<std::string, std::set<std::string>, std::less<>> m_dirs;  ///< dir → entry names
    const BlobSource& m_blobs;
    const sys::FileSystem& m_outside;
    std::string m_top;
    unsigned m_uid;
    unsigned m_gid;
    mutable std::map<std::string, std::shared_ptr<const std::string>, std::less<>> m_cache;
};

}  // namespace lifeline::cli

#pragma once
/// The git repository lifeline reads states from, without touching its working tree or index:
/// the top level, the index and commit listings (`git ls-files -s`, `git ls-tree -r`), and blob
/// contents through one `git cat-file --batch` process for the whole run.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "git_tree_fs.hpp"
#include "subprocess.hpp"

namespace lifeline::cli::git {

/// `git rev-parse --show-toplevel` from the current directory; nullopt (with `error`) outside a
/// work tree.
std::optional<std::string> top_level(std::string& error);

/// The stage-0 entries of the index `git ls-files` reads (GIT_INDEX_FILE when git set it for a
/// hook: `git commit FILE` commits from a temporary index). Gitlinks are left out.
std::optional<TreeListing> list_index(const std::string& top, std::string& error);

/// Every file of `rev`'s tree. nullopt (with `error`) when `rev` names no commit or tree.
std::optional<TreeListing> list_tree(const std::string& top, const std::string& rev,
                                     std::string& error);

/// The paths whose staged entry (content or mode) differs from HEAD's, or that only one of them
/// has: `git diff-index --cached`, which compares the index with HEAD's tree without listing
/// either (the pre-commit hook's hot path). Before the first commit, nullopt with `error` empty:
/// the caller counts every staged path.
std::optional<std::vector<std::string>> staged_changes(const std::string& top, std::string& error);

/// True when `rev` resolves to a commit (false for HEAD before the first commit).
bool resolves(const std::string& top, const std::string& rev);

/// The hooks directory git runs hooks from (`core.hooksPath` honoured), absolute.
std::optional<std::string> hooks_dir(const std::string& top, std::string& error);

/// Blob contents from one `git cat-file --batch` started on first use. A forked worker starts
/// its own instead of sharing its parent's pipe.
class CatFile final : public BlobSource {
  public:
    explicit CatFile(std::string top) : m_top(std::move(top)) {}
    sys::ReadResult read_blob(const std::string& object) const override;

  private:
    std::string m_top;
    mutable Coprocess m_process;
};

/// Parses `git ls-files -s -z` output.
TreeListing parse_ls_files(std::string_view text);
/// Parses `git ls-tree -r -z` output.
TreeListing parse_ls_tree(std::string_view text);

}  // namespace lifeline::cli::git

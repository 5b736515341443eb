#pragma once
/// A repository of host trees (`.lifeline.yaml` with `hosts:` at its top level) and the states
/// lifeline reads it in: the working tree, the index, a revision.

#include <memory>
#include <optional>
#include <string>

#include "app.hpp"
#include "git.hpp"
#include "git_tree_fs.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::cli {

/// One state of the repository, read through `fs` with repository-relative paths (every
/// repository command runs in the top level).
struct RepoState {
    std::string label;  ///< "working tree", "index", or the revision as given
    std::unique_ptr<sys::FileSystem> fs;
    /// The files of the state (owned by `fs`); null for the working tree (nothing compares it).
    const TreeListing* listing = nullptr;
};

class Repo {
  public:
    /// The git repository around the current directory; changes into its top level.
    static std::unique_ptr<Repo> open_git(std::string& error);
    /// The directory of the `.lifeline.yaml` found from the current directory up to the git top
    /// level (no git needed); changes into it.
    static std::unique_ptr<Repo> open_work_tree(const sys::FileSystem& fs, std::string& error);

    const std::string& top() const { return m_top; }
    /// The files on disk.
    RepoState work_tree() const;
    /// What is staged.
    std::optional<RepoState> index(std::string& error) const;
    /// A commit or tree. HEAD before the first commit is the empty tree.
    std::optional<RepoState> revision(const std::string& rev, std::string& error) const;

  private:
    explicit Repo(std::string top) : m_top(std::move(top)), m_blobs(m_top) {}

    std::string m_top;
    git::CatFile m_blobs;  ///< one `git cat-file --batch` for every state of the run
    std::unique_ptr<sys::FileSystem> m_real = sys::make_real_file_system();
};

/// Loads the state's `.lifeline.yaml` (packs from the usual pack directories) into `sources`.
/// Prints the errors and returns nullopt when it is missing, invalid, or has no `hosts:`.
std::optional<Policy> load_repo_policy(App& app, const RepoState& state, SourceManager& sources);

}  // namespace lifeline::cli

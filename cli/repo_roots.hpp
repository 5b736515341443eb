#pragma once
/// A repository's host roots: the directories its `.lifeline.yaml` `hosts:` globs match, and
/// which of them a change touches.

#include <string>
#include <vector>

#include "git_tree_fs.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::cli {

/// Every directory one of `globs` matches on `fs`, repository-relative (the current directory is
/// the top level), sorted, without a trailing '/'. Globs match like glob(3) one path component at
/// a time: `*`, `?` and `[...]` never cross a '/', and never match a leading '.'.
std::vector<std::string> expand_host_globs(const sys::FileSystem& fs,
                                           const std::vector<HostGlob>& globs);

/// The paths whose entry (content or mode) differs between two listings, or that only one has.
std::vector<std::string> changed_paths(const TreeListing& a, const TreeListing& b);

/// The roots that hold one of `paths` (a root holds every path under it), in `roots` order.
std::vector<std::string> roots_touched(const std::vector<std::string>& roots,
                                       const std::vector<std::string>& paths);

/// True when one of `paths` is a repository file the policy was read from (the repository's
/// policy, a file it extends, a key file of an intent): every root is then touched.
bool policy_touched(const Policy& policy, const std::vector<std::string>& paths);

}  // namespace lifeline::cli

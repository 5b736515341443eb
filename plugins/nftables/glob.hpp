#pragma once
/// glob(3) as nft calls it for `include` (GLOB_MARK | GLOB_NOESCAPE), over any file system.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lifeline::nft {

/// What glob needs to know about a file system.
struct GlobFs {
    /// Entry names of a directory; nullopt when it is not a readable directory.
    std::function<std::optional<std::vector<std::string>>(const std::string&)> list;
    /// 0 = missing, 1 = a file (or anything not a directory), 2 = a directory.
    std::function<int(const std::string&)> kind;
};

/// Expands an absolute pattern component by component: wildcard components match directory
/// entries (never a leading '.' unless the pattern has one), literal components must exist.
/// Sorted bytewise; directories carry a trailing '/'.
std::vector<std::string> glob_paths(const std::string& pattern, const GlobFs& fs);

}  // namespace lifeline::nft

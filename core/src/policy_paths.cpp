// Where policies come from: the pack directories and the repository's `.lifeline.yaml`.

#include <algorithm>
#include <filesystem>

#include "build_paths.hpp"
#include "lifeline/config.hpp"
#include "lifeline/policy.hpp"

namespace lifeline {

std::vector<std::string> default_pack_dirs(const std::string& exe_path) {
    namespace fs = std::filesystem;
    std::vector<std::string> dirs;
    if (!exe_path.empty()) {
        fs::path exe_dir = fs::path(exe_path).parent_path();
        // The binary in the build tree reads the source tree's packs, so an edited pack takes
        // effect without an install.
        std::error_code ec1, ec2;
        auto build = fs::weakly_canonical(std::string(k_build_dir), ec1);
        auto here = fs::weakly_canonical(exe_dir, ec2);
        if (!ec1 && !ec2 && build == here)
            dirs.emplace_back(k_source_policy_dir);
        else
            dirs.push_back((exe_dir / "../share/lifeline/policies").lexically_normal().string());
    }
    std::string installed(k_install_policy_dir);
    if (std::find(dirs.begin(), dirs.end(), installed) == dirs.end()) dirs.push_back(installed);
    return dirs;
}

std::optional<std::string> discover_policy(const sys::FileSystem& fs, const std::string& cwd) {
    std::string dir = std::filesystem::path(cwd).lexically_normal().string();
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    std::string up;
    for (;;) {
        std::string base = dir == "/" ? "" : dir;
        auto policy = fs.stat(base + "/" + std::string(k_repo_policy_name));
        if (policy && policy->type == sys::FileStat::Type::regular)
            return up + std::string(k_repo_policy_name);
        // `.git` is a directory in a clone and a file in a worktree: either marks the top level.
        if (fs.stat(base + "/.git") || dir == "/" || dir.empty()) return std::nullopt;
        dir = std::filesystem::path(dir).parent_path().string();
        up += "../";
    }
}

}  // namespace lifeline

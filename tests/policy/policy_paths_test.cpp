// Pack directories and the discovery of a repository's .lifeline.yaml.

#include <gtest/gtest.h>

#include "fake_fs.hpp"
#include "lifeline/config.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::test {
namespace {

TEST(PolicyPaths, InstalledBinaryReadsThePacksBesideIt) {
    auto dirs = default_pack_dirs("/opt/ll/bin/lifeline");
    ASSERT_GE(dirs.size(), 1u);
    EXPECT_EQ(dirs.front(), "/opt/ll/share/lifeline/policies");
    EXPECT_EQ(dirs.back(), std::string(k_install_policy_dir));
}

TEST(PolicyPaths, BuildTreeBinaryReadsTheSourceTreePacks) {
    auto dirs = default_pack_dirs(std::string(LIFELINE_TEST_BUILD_DIR) + "/lifeline");
    ASSERT_GE(dirs.size(), 2u);
    EXPECT_EQ(dirs.front(), std::string(LIFELINE_TEST_SOURCE_DIR) + "/policies");
}

TEST(PolicyPaths, DiscoveryWalksUpToTheGitTopLevel) {
    FakeFileSystem fs;
    fs.add_dir("/repo/.git").add_file("/repo/.lifeline.yaml", "").add_dir("/repo/hosts/web");
    EXPECT_EQ(discover_policy(fs, "/repo/hosts/web"), "../../.lifeline.yaml");
    EXPECT_EQ(discover_policy(fs, "/repo/hosts/web/"), "../../.lifeline.yaml");
    EXPECT_EQ(discover_policy(fs, "/repo"), ".lifeline.yaml");
}

TEST(PolicyPaths, DiscoveryStopsAtTheGitTopLevel) {
    FakeFileSystem fs;
    // A policy above the repository does not apply to it.
    fs.add_file("/.lifeline.yaml", "").add_dir("/repo/.git").add_dir("/repo/sub");
    EXPECT_EQ(discover_policy(fs, "/repo/sub"), std::nullopt);
    // A worktree's .git is a file; it marks the top level too.
    fs.add_file("/wt/.git", "gitdir: /repo/.git/worktrees/wt\n").add_dir("/wt/a");
    EXPECT_EQ(discover_policy(fs, "/wt/a"), std::nullopt);
}

TEST(PolicyPaths, OutsideGitDiscoveryGoesUpToTheRoot) {
    FakeFileSystem fs;
    fs.add_file("/.lifeline.yaml", "").add_dir("/a/b");
    EXPECT_EQ(discover_policy(fs, "/a/b"), "../../.lifeline.yaml");
    FakeFileSystem empty;
    empty.add_dir("/a/b");
    EXPECT_EQ(discover_policy(empty, "/a/b"), std::nullopt);
    // A directory named .lifeline.yaml is not a policy.
    FakeFileSystem dir;
    dir.add_dir("/a/.lifeline.yaml").add_dir("/a/b");
    EXPECT_EQ(discover_policy(dir, "/a/b"), std::nullopt);
}

}  // namespace
}  // namespace lifeline::test

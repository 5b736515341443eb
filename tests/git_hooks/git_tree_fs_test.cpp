// The repository state as a file system (cli/git_tree_fs.cpp), over an in-memory object store:
// files, implied directories, modes, links inside and out of the tree; and the host-root globs
// and change mapping (cli/repo_roots.cpp).

#include "git_tree_fs.hpp"

#include <gtest/gtest.h>

#include <map>

#include "repo_roots.hpp"

namespace lifeline::cli {
namespace {

class MapBlobs final : public BlobSource {
  public:
    std::map<std::string, std::string> objects;
    mutable int reads = 0;
    sys::ReadResult read_blob(const std::string& object) const override {
        ++reads;
        sys::ReadResult r;
        auto it = objects.find(object);
        if (it == objects.end()) {
            r.error = "missing";
            return r;
        }
        r.text = it->second;
        return r;
    }
};

/// The real file system's answers, recorded: what the tree hands on for paths outside it.
class OutsideFs final : public sys::FileSystem {
  public:
    mutable std::vector<std::string> asked;
    sys::ReadResult read(const std::string& path) const override {
        asked.push_back("read " + path);
        sys::ReadResult r;
        r.text = "outside:" + path;
        return r;
    }
    std::optional<sys::FileStat> stat(const std::string& path) const override {
        asked.push_back("stat " + path);
        return std::nullopt;
    }
    std::optional<std::vector<std::string>> list(const std::string& path) const override {
        asked.push_back("list " + path);
        return std::nullopt;
    }
};

struct Fixture {
    MapBlobs blobs;
    OutsideFs outside;
    std::unique_ptr<GitTreeFs> fs;
    Fixture() {
        blobs.objects = {{"a1", "Port 22\n"},
                         {"a2", "#!/bin/sh\n"},
                         {"l1", "../shared/ssh"},
                         {"l2", "/usr/sbin/iptables-nft"},
                         {"l3", "../../../../outside.conf"},
                         {"l4", "loop"},
                         {"c1", "Include /etc/ssh/sshd_config.d/*.conf\n"}};
        TreeListing listing = {
            {"hosts/web1/etc/ssh/sshd_config", {0100644, "a1"}},
            {"hosts/web1/bin/bash", {0100755, "a2"}},
            {"hosts/web2/etc/ssh", {0120000, "l1"}},
            {"hosts/web2/shared/ssh/sshd_config", {0100644, "c1"}},
            {"hosts/web2/etc/alternatives/iptables", {0120000, "l2"}},
            {"hosts/web2/etc/escape", {0120000, "l3"}},
            {"hosts/web2/etc/loop", {0120000, "l4"}},
        };
        fs = std::make_unique<GitTreeFs>(listing, blobs, outside, "/repo");
    }
};

TEST(GitTreeFs, ReadsFilesAndListsImpliedDirectories) {
    Fixture f;
    auto r = f.fs->read("hosts/web1/etc/ssh/sshd_config");
    ASSERT_TRUE(r.text);
    EXPECT_EQ(*r.text, "Port 22\n");
    // Host::path joins the root and a host path; doubled and dotted segments still resolve.
    EXPECT_EQ(f.fs->read("hosts/web1//etc/./ssh/sshd_config").text.value_or(""), "Port 22\n");
    auto missing = f.fs->read("hosts/web1/etc/ssh/sshd_config.d/x.conf");
    EXPECT_FALSE(missing.text);
    EXPECT_TRUE(missing.not_found);
    auto names = f.fs->list("hosts");
    ASSERT_TRUE(names);
    EXPECT_EQ(*names, (std::vector<std::string>{"web1", "web2"}));
    EXPECT_EQ(f.fs->list(".")->size(), 1u);
    EXPECT_FALSE(f.fs->list("hosts/web1/bin/bash"));
    auto dir = f.fs->read("hosts/web1/etc");
    EXPECT_FALSE(dir.text);
    EXPECT_EQ(dir.error, "Is a directory");
    // A file used as a directory is nothing (ENOTDIR).
    EXPECT_FALSE(f.fs->stat("hosts/web1/bin/bash/x"));
}

TEST(GitTreeFs, ModesAreACheckoutsUnderUmask022AndOwnersAreTheUsers) {
    Fixture f;
    auto cfg = f.fs->stat("hosts/web1/etc/ssh/sshd_config");
    ASSERT_TRUE(cfg);
    EXPECT_EQ(cfg->type, sys::FileStat::Type::regular);
    EXPECT_EQ(cfg->mode, 0644u);
    EXPECT_EQ(cfg->size, 8u);
    EXPECT_EQ(cfg->uid, ::getuid());
    EXPECT_EQ(f.fs->stat("hosts/web1/bin/bash")->mode, 0755u);
    auto root = f.fs->stat("hosts/web1");
    ASSERT_TRUE(root);
    EXPECT_EQ(root->type, sys::FileStat::Type::directory);
    EXPECT_EQ(root->uid, cfg->uid);  // the tree's owner: owners never count
}

TEST(GitTreeFs, FollowsLinksInsideTheTreeAndHandsTheRestOn) {
    Fixture f;
    // etc/ssh -> ../shared/ssh (relative to etc/, so hosts/web2/shared/ssh): a directory link
    // in the middle of a path.
    EXPECT_EQ(f.fs->read("hosts/web2/etc/ssh/sshd_config").text.value_or(""),
              "Include /etc/ssh/sshd_config.d/*.conf\n");
    auto linked = f.fs->stat("hosts/web2/etc/ssh");
    ASSERT_TRUE(linked);
    EXPECT_EQ(linked->type, sys::FileStat::Type::directory);
    EXPECT_EQ(f.fs->read_link("hosts/web2/etc/alternatives/iptables"),
              std::optional<std::string>("/usr/sbin/iptables-nft"));
    EXPECT_FALSE(f.fs->read_link("hosts/web1/etc/ssh/sshd_config"));
    // An absolute target, a relative one leaving the tree, an absolute path: the real system,
    // as in a checkout at /repo.
    f.fs->stat("hosts/web2/etc/alternatives/iptables");
    EXPECT_EQ(f.fs->read("hosts/web2/etc/escape").text.value_or(""), "outside:/outside.conf");
    EXPECT_EQ(f.fs->read("/etc/services").text.value_or(""), "outside:/etc/services");
    EXPECT_EQ(f.outside.asked,
              (std::vector<std::string>{"stat /usr/sbin/iptables-nft", "read /outside.conf",
                                        "read /etc/services"}));
    // A link to itself ends like ELOOP.
    EXPECT_FALSE(f.fs->stat("hosts/web2/etc/loop"));
}

TEST(GitTreeFs, ReadsEachBlobOnce) {
    Fixture f;
    f.fs->stat("hosts/web1/etc/ssh/sshd_config");
    f.fs->read("hosts/web1/etc/ssh/sshd_config");
    f.fs->read("hosts/web1/etc/ssh/sshd_config");
    EXPECT_EQ(f.blobs.reads, 1);
}

TEST(RepoRoots, GlobsMatchDirectoriesComponentByComponent) {
    Fixture f;
    std::vector<HostGlob> globs{{"hosts/*/", {}}};
    EXPECT_EQ(expand_host_globs(*f.fs, globs),
              (std::vector<std::string>{"hosts/web1", "hosts/web2"}));
    EXPECT_EQ(expand_host_globs(*f.fs, {{"hosts/web?", {}}, {"hosts/web1", {}}}),
              (std::vector<std::string>{"hosts/web1", "hosts/web2"}));
    // Files never are roots; a name without magic must exist.
    EXPECT_EQ(expand_host_globs(*f.fs, {{"hosts/web1/bin/*", {}}}), std::vector<std::string>{});
    EXPECT_EQ(expand_host_globs(*f.fs, {{"hosts/web3", {}}}), std::vector<std::string>{});
}

TEST(RepoRoots, ChangedPathsMapToTheRootsHoldingThem) {
    TreeListing a = {{"hosts/a/x", {0100644, "1"}},
                     {"hosts/b/x", {0100644, "2"}},
                     {"hosts/c/x", {0100644, "3"}},
                     {"README", {0100644, "4"}}};
    TreeListing b = a;
    b["hosts/a/x"].object = "9";        // content
    b["hosts/b/x"].mode = 0100755;      // mode only
    b.erase("README");                  // removed
    b["hosts/d/new"] = {0100644, "5"};  // added
    auto changed = changed_paths(a, b);
    EXPECT_EQ(changed,
              (std::vector<std::string>{"README", "hosts/a/x", "hosts/b/x", "hosts/d/new"}));
    std::vector<std::string> roots{"hosts/a", "hosts/b", "hosts/c", "hosts/d", "hosts/a/x/y"};
    EXPECT_EQ(roots_touched(roots, changed),
              (std::vector<std::string>{"hosts/a", "hosts/b", "hosts/d"}));
    // "hosts/ab" is not under "hosts/a".
    EXPECT_EQ(roots_touched({"hosts/a"}, {"hosts/ab/x"}), std::vector<std::string>{});
}

TEST(RepoRoots, APolicyFileOrKeyFileChangeTouchesEverything) {
    Policy p;
    p.files = {"/usr/share/lifeline/policies/lockout.yaml", "base/../.lifeline.yaml"};
    AccessIntent i;
    i.key = "keys/alice.pub";
    p.intents.push_back(i);
    EXPECT_TRUE(policy_touched(p, {".lifeline.yaml"}));
    EXPECT_TRUE(policy_touched(p, {"keys/alice.pub"}));
    EXPECT_FALSE(policy_touched(p, {"hosts/a/x", "usr/share/lifeline/policies/lockout.yaml"}));
}

}  // namespace
}  // namespace lifeline::cli

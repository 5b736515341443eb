// The real lifeline binary loading real modules: discovery through --plugin-dir and
// LIFELINE_PLUGIN_PATH, the listing and documentation of a good plugin, and the refusal (with the
// exact message) of a module built for another ABI, of a shared object that is no plugin, and — as
// root — of modules that someone other than root could have written.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lifeline/plugin.hpp"
#include "run_command.hpp"

namespace fs = std::filesystem;
using lifeline::test::CommandResult;

namespace {

constexpr unsigned k_nobody = 65534;
constexpr const char* k_good = "lifeline-loadtest.so";

/// A private directory under /tmp (mode 0755, removed at the end) to stage modules in, so each
/// test controls exactly which modules a directory holds and with which owner and mode.
class StageDir {
public:
    StageDir() {
        char tmpl[] = "/tmp/lifeline-plugin-test-XXXXXX";
        if (::mkdtemp(tmpl)) m_path = tmpl;
        fs::permissions(m_path, fs::perms(0755));
    }
    ~StageDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    StageDir(const StageDir&) = delete;
    StageDir& operator=(const StageDir&) = delete;

    /// Copies a built module in, mode 0755; returns its path in the directory.
    std::string add(const std::string& module) {
        fs::path to = fs::path(m_path) / fs::path(module).filename();
        fs::copy_file(module, to, fs::copy_options::overwrite_existing);
        fs::permissions(to, fs::perms(0755));
        return to.string();
    }
    /// Writes a file with the given text; returns its path.
    std::string write(const std::string& name, const std::string& text) {
        std::string p = m_path + "/" + name;
        std::ofstream(p) << text;
        return p;
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

/// Runs lifeline with `args`; LIFELINE_PLUGIN_PATH is empty unless `plugin_path` is given, so
/// the caller's environment cannot add plugins.
CommandResult lifeline(std::vector<std::string> args, const std::string& plugin_path = "") {
    args.insert(args.begin(), lifeline::test::lifeline_bin());
    return lifeline::test::run_command(args, std::chrono::seconds(60),
                                       {{"LIFELINE_PLUGIN_PATH", plugin_path}});
}

/// The block `lifeline plugins` prints for the plugin named `name` (its header line and the
/// indented lines under it), or "" when it is not listed.
std::string plugin_block(const std::string& listing, const std::string& name) {
    std::istringstream in(listing);
    std::string line, block;
    bool inside = false;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != ' ') inside = line.rfind(name + " ", 0) == 0;
        if (inside) block += line + "\n";
    }
    return block;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The text block of the good plugin loaded from `dir`.
std::string good_block(const std::string& dir) {
    return "loadtest 1.2.3  (" + dir + "/" + k_good + ")\n"
           "  Loader test plugin\n"
           "  formats:\n"
           "    *.loadtest\n"
           "    /etc/loadtest.conf\n"
           "  rules: LT001\n";
}

/// The one-line message lifeline prints for a module it did not load.
std::string refusal(const std::string& path, const std::string& why) {
    return "lifeline: plugin " + path + ": " + why + "\n";
}

// --- discovery and use of a good plugin -----------------------------------------------------

TEST(PluginDir, ListsTheGoodPluginWithVersionFormatsAndRules) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
    ASSERT_FALSE(r.timed_out);
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(plugin_block(r.out, "loadtest"), good_block(dir.path()));
}

TEST(PluginDir, JsonListingHasEveryField) {
    StageDir dir;
    std::string module = dir.add(GOOD_MODULE);
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins", "--format", "json"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto listing = nlohmann::json::parse(r.out);
    nlohmann::json expected = {{"name", "loadtest"},
                               {"version", "1.2.3"},
                               {"path", module},
                               {"description", "Loader test plugin"},
                               {"rule_prefix", "LT"},
                               {"formats", {"*.loadtest", "/etc/loadtest.conf"}},
                               {"rules", {"LT001"}}};
    int found = 0;
    for (const auto& p : listing) {
        if (p.at("name") != "loadtest") continue;
        ++found;
        EXPECT_EQ(p, expected);
    }
    EXPECT_EQ(found, 1);
}

TEST(PluginDir, RulesPrintsTheEmbeddedDocByIdAndBySlug) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    std::string doc = read_file(GOOD_DOC);
    ASSERT_NE(doc.find("## What it checks\n"), std::string::npos);
    std::string expected =
        "# LT001 forbidden-word\n\nPlugin: loadtest; default severity: error\n\n" + doc;
    for (std::string which : {"LT001", "forbidden-word"}) {
        auto r = lifeline({"--plugin-dir", dir.path(), "rules", which});
        EXPECT_EQ(r.exit_code, 0) << which;
        EXPECT_EQ(r.err, "") << which;
        EXPECT_EQ(r.out, expected) << which;
    }
}

TEST(PluginDir, TheRuleFiresOnAFileThePluginClaims) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    std::string bad = dir.write("bad.loadtest", "fine\nthis is forbidden here\n");
    auto r = lifeline({"--plugin-dir", dir.path(), "lint", bad});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.err, "");
    // "this is " is 8 bytes, so the word starts at column 9 and spans 9 columns.
    EXPECT_EQ(r.out, bad + ":2:9: error: the word \"forbidden\" appears [LT001 forbidden-word]\n"
                           " 2 | this is forbidden here\n"
                           "   |         ^~~~~~~~~\n"
                           "  help: remove it\n"
                           "1 error, 0 warnings, 0 info\n");

    std::string good = dir.write("good.loadtest", "fine\n");
    r = lifeline({"--plugin-dir", dir.path(), "lint", good});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(PluginDir, LintRootReadsTheHostFileThroughTheHost) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    StageDir host;
    fs::create_directories(host.path() + "/etc");
    host.write("etc/loadtest.conf", "forbidden\n");
    auto r = lifeline({"--plugin-dir", dir.path(), "lint", "--root", host.path()});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(r.out.rfind(host.path() + "/etc/loadtest.conf:1:1: error: the word \"forbidden\" "
                                        "appears [LT001 forbidden-word]\n",
                          0),
              0u)
        << r.out;
}

TEST(PluginPath, EnvironmentVariableLoadsThePlugin) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    auto r = lifeline({"plugins"}, "/nonexistent/lifeline-plugins:" + dir.path());
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(plugin_block(r.out, "loadtest"), good_block(dir.path()));
}

TEST(PluginPath, PluginDirComesBeforeTheEnvironmentAndTheFirstModuleWins) {
    StageDir first, second;
    first.add(GOOD_MODULE);
    second.add(GOOD_MODULE);
    auto r = lifeline({"--plugin-dir", first.path(), "plugins"}, second.path());
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(plugin_block(r.out, "loadtest"), good_block(first.path()));
}

TEST(PluginPath, WithoutEitherOnlyTheDefaultDirectoriesAreSearched) {
    auto r = lifeline({"plugins"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(plugin_block(r.out, "loadtest"), "");
    // The build tree's plugins/ next to the binary holds the sshd plugin.
    fs::path sshd = fs::path(lifeline::test::lifeline_bin()).parent_path() / "plugins" /
                    "lifeline-sshd.so";
    EXPECT_NE(plugin_block(r.out, "sshd").find("  (" + sshd.string() + ")\n"), std::string::npos)
        << r.out;
}

// --- modules that must be refused ---------------------------------------------------------

TEST(Refused, ModuleBuiltForAnotherAbi) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    std::string abi = dir.add(ABI_MODULE);
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
    int ours = lifeline::k_plugin_abi_version;
    EXPECT_EQ(r.err, refusal(abi, "refused: built for plugin ABI " + std::to_string(ours + 1) +
                                      ", this lifeline loads ABI " + std::to_string(ours) +
                                      "; rebuild the plugin against this lifeline's headers"));
    // The other modules still load, so the listing succeeds without the refused one.
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(plugin_block(r.out, "loadtest"), good_block(dir.path()));
    EXPECT_EQ(r.out.find("abitest"), std::string::npos);
}

TEST(Refused, SharedObjectThatIsNoPlugin) {
    StageDir dir;
    std::string foreign = dir.add(FOREIGN_MODULE);
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
    EXPECT_EQ(r.err,
              refusal(foreign, "not a lifeline plugin (no lifeline_plugin_abi entry point)"));
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find(foreign), std::string::npos);
}

TEST(Refused, FileThatIsNoSharedObject) {
    StageDir dir;
    std::string junk = dir.write("lifeline-junk.so", std::string(128, 'x'));
    fs::permissions(junk, fs::perms(0755));
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
    EXPECT_EQ(r.err, refusal(junk, "cannot load: " + junk + ": invalid ELF header"));
    EXPECT_EQ(r.exit_code, 0);
}

// --- as root: modules only root may have written ------------------------------------------

class AsRoot : public ::testing::Test {
protected:
    void SetUp() override {
        if (::geteuid() == 0) return;
        // CI runs as root: there a skip would hide the one check that guards root.
        if (std::getenv("CI")) FAIL() << "CI must run the root-only loader tests as root";
        GTEST_SKIP() << "needs root";
    }

    /// Lists plugins from `dir` and expects the good module refused with `message`; then checks
    /// that lint cannot use the refused plugin.
    void expect_refused(const StageDir& dir, const std::string& path, const std::string& why) {
        auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
        EXPECT_EQ(r.err, refusal(path, why));
        EXPECT_EQ(r.exit_code, 0);
        EXPECT_EQ(plugin_block(r.out, "loadtest"), "");

        std::string file = m_files.write("x.loadtest", "forbidden\n");
        r = lifeline({"--plugin-dir", dir.path(), "lint", file});
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.out, "");
        EXPECT_EQ(r.err, refusal(path, why) + "lifeline: " + file +
                             ": no plugin reads this kind of file (see `lifeline plugins`)\n");
    }

    StageDir m_files;
};

TEST_F(AsRoot, RootOwnedModuleInAPrivateDirectoryLoads) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    auto r = lifeline({"--plugin-dir", dir.path(), "plugins"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(plugin_block(r.out, "loadtest"), good_block(dir.path()));
}

TEST_F(AsRoot, DirectoryWritableByGroupIsRefused) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    fs::permissions(dir.path(), fs::perms(0775));
    expect_refused(dir, dir.path(), "refused: plugin directory is writable by group or others");
}

TEST_F(AsRoot, DirectoryWritableByOthersIsRefused) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    fs::permissions(dir.path(), fs::perms(0757));
    expect_refused(dir, dir.path(), "refused: plugin directory is writable by group or others");
}

TEST_F(AsRoot, DirectoryNotOwnedByRootIsRefused) {
    StageDir dir;
    dir.add(GOOD_MODULE);
    ASSERT_EQ(::chown(dir.path().c_str(), k_nobody, k_nobody), 0);
    expect_refused(dir, dir.path(), "refused: plugin directory is not owned by root");
}

TEST_F(AsRoot, ModuleNotOwnedByRootIsRefused) {
    StageDir dir;
    std::string module = dir.add(GOOD_MODULE);
    ASSERT_EQ(::chown(module.c_str(), k_nobody, k_nobody), 0);
    expect_refused(dir, module, "refused: module is not owned by root");
}

TEST_F(AsRoot, ModuleWritableByGroupIsRefused) {
    StageDir dir;
    std::string module = dir.add(GOOD_MODULE);
    fs::permissions(module, fs::perms(0775));
    expect_refused(dir, module, "refused: module is writable by group or others");
}

TEST_F(AsRoot, ModuleFromLifelinePluginPathIsCheckedToo) {
    StageDir dir;
    std::string module = dir.add(GOOD_MODULE);
    ASSERT_EQ(::chown(module.c_str(), k_nobody, k_nobody), 0);
    auto r = lifeline({"plugins"}, dir.path());
    EXPECT_EQ(r.err, refusal(module, "refused: module is not owned by root"));
    EXPECT_EQ(plugin_block(r.out, "loadtest"), "");
}

}  // namespace

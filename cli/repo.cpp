#include "repo.hpp"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "lifeline/render.hpp"

namespace lifeline::cli {
namespace {

bool enter(const std::string& dir, std::string& error) {
    if (::chdir(dir.c_str()) == 0) return true;
    error = "cannot change into " + dir + ": " + std::strerror(errno);
    return false;
}

}  // namespace

std::unique_ptr<Repo> Repo::open_git(std::string& error) {
    auto top = git::top_level(error);
    if (!top || !enter(*top, error)) return nullptr;
    return std::unique_ptr<Repo>(new Repo(*top));
}

std::unique_ptr<Repo> Repo::open_work_tree(const sys::FileSystem& fs, std::string& error) {
    char buf[PATH_MAX];
    if (!::getcwd(buf, sizeof buf)) {
        error = std::strerror(errno);
        return nullptr;
    }
    auto found = discover_policy(fs, buf);
    if (!found) {
        error = "no " + std::string(k_repo_policy_name) +
                " in this directory or a parent up to the git top level";
        return nullptr;
    }
    std::string top =
        (std::filesystem::path(buf) / *found).parent_path().lexically_normal().string();
    if (!enter(top, error)) return nullptr;
    return std::unique_ptr<Repo>(new Repo(top));
}

RepoState Repo::work_tree() const {
    return {"working tree", sys::make_real_file_system(), nullptr};
}

std::optional<RepoState> Repo::index(std::string& error) const {
    auto listing = git::list_index(m_top, error);
    if (!listing) return std::nullopt;
    auto fs = std::make_unique<GitTreeFs>(std::move(*listing), m_blobs, *m_real, m_top);
    const TreeListing* files = &fs->listing();
    return RepoState{"index", std::move(fs), files};
}

std::optional<RepoState> Repo::revision(const std::string& rev, std::string& error) const {
    std::optional<TreeListing> listing;
    if (rev == "HEAD" && !git::resolves(m_top, rev)) {
        listing.emplace();  // before the first commit, everything staged is new
    } else {
        listing = git::list_tree(m_top, rev, error);
    }
    if (!listing) return std::nullopt;
    auto fs = std::make_unique<GitTreeFs>(std::move(*listing), m_blobs, *m_real, m_top);
    const TreeListing* files = &fs->listing();
    return RepoState{rev, std::move(fs), files};
}

std::optional<Policy> load_repo_policy(App& app, const RepoState& state, SourceManager& sources) {
    std::string name(k_repo_policy_name);
    auto st = state.fs->stat(name);
    if (!st || st->type != sys::FileStat::Type::regular) {
        std::cerr << "lifeline: no " << name << " at the top level (" << state.label
                  << "): it maps the repository's host roots (hosts: [\"hosts/*/\"])\n";
        return std::nullopt;
    }
    DiagnosticSink errors;
    PolicyInput input{*state.fs, sources, default_pack_dirs(app.exe_path)};
    Policy policy = load_policy(name, input, make_rule_catalog(app.registry), errors);
    if (!errors.items().empty()) {
        sort_diagnostics(errors.items());
        render_text(errors.items(), sources, std::cerr, ::isatty(STDERR_FILENO) != 0);
        std::cerr << "lifeline: " << name << " (" << state.label
                  << ") is invalid (see `lifeline policy check`)\n";
        return std::nullopt;
    }
    if (policy.hosts.empty()) {
        std::cerr << "lifeline: " << name << " (" << state.label
                  << ") has no `hosts:`: nothing says which directories are host roots "
                     "(e.g. hosts: [\"hosts/*/\"])\n";
        return std::nullopt;
    }
    return policy;
}

}  // namespace lifeline::cli

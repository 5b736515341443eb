// `lifeline hook install [--force]` writes the git pre-commit hook; `lifeline hook run` is what
// it runs (`lint --staged`): also the entry of the pre-commit framework (.pre-commit-hooks.yaml).

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "git.hpp"
#include "hook_script.hpp"
#include "repo_lint.hpp"

namespace lifeline::cli {
namespace {

struct HookOptions {
    bool force = false;
    std::string format = "text";
    int jobs = 0;
};

/// `'text'` for sh, with embedded single quotes closed and escaped.
std::string sh_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// The hook script with the binary line pointing at `exe` (LIFELINE still overrides it).
std::string hook_text(const std::string& exe) {
    std::string script(k_pre_commit_script);
    if (exe.empty()) return script;
    size_t at = script.find(k_pre_commit_binary_line);
    if (at != std::string::npos)
        script.replace(at, k_pre_commit_binary_line.size(),
                       "lifeline=${LIFELINE:-" + sh_quote(exe) + "}");
    return script;
}

int run_install(App& app, const HookOptions& opt) {
    std::string error;
    auto top = git::top_level(error);
    auto dir = top ? git::hooks_dir(*top, error) : std::nullopt;
    if (!dir) {
        std::cerr << "lifeline: hook install: " << error << '\n';
        return k_exit_usage;
    }
    namespace fs = std::filesystem;
    std::string path = *dir + "/pre-commit";
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) {
        std::ifstream in(path, std::ios::binary);
        std::stringstream old;
        old << in.rdbuf();
        bool ours = old.str().find(k_pre_commit_marker) != std::string::npos;
        if (!ours && !opt.force) {
            std::cerr << "lifeline: hook install: " << path
                      << " exists and is not lifeline's; add `lifeline hook run` to it, or "
                         "replace it with --force\n";
            return k_exit_usage;
        }
    }
    fs::create_directories(*dir, ec);
    // Written beside and renamed over: a commit running meanwhile sees the old or the new hook.
    std::string tmp = path + ".lifeline-tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << hook_text(app.exe_path);
        if (!out.flush()) {
            std::cerr << "lifeline: hook install: cannot write " << tmp << '\n';
            return k_exit_usage;
        }
    }
    if (::chmod(tmp.c_str(), 0755) != 0 || std::rename(tmp.c_str(), path.c_str()) != 0) {
        std::cerr << "lifeline: hook install: " << path << ": " << std::strerror(errno) << '\n';
        std::remove(tmp.c_str());
        return k_exit_usage;
    }
    std::cout << "installed " << path << " (runs "
              << (app.exe_path.empty() ? "lifeline" : app.exe_path) << " hook run)\n";
    return k_exit_ok;
}

}  // namespace

void register_hook(CLI::App& cli, App& app) {
    auto opt = std::make_shared<HookOptions>();
    auto* hook =
        cli.add_subcommand("hook", "The git pre-commit hook: install it, or run its check");
    hook->require_subcommand(1);
    auto* install = hook->add_subcommand(
        "install",
        "Write .git/hooks/pre-commit (core.hooksPath honoured): it runs `lifeline hook run`");
    install->add_flag("--force", opt->force, "Replace a pre-commit hook that is not lifeline's");
    install->callback([&app, opt] { app.exit_code = run_install(app, *opt); });
    auto* run = hook->add_subcommand(
        "run",
        "What the hook runs: lint the staged content of the host roots the staged files touch "
        "(same as `lint --staged`)");
    add_format_option(*run, opt->format, {"text", "json", "github"});
    run->add_option("-j,--jobs", opt->jobs, "Worker processes (default: one per CPU)")
        ->check(CLI::NonNegativeNumber);
    run->callback([&app, opt] {
        RepoLintOptions lint;
        lint.staged = true;
        lint.format = opt->format;
        lint.jobs = opt->jobs;
        app.exit_code = run_repo_lint(app, lint);
    });
}

}  // namespace lifeline::cli

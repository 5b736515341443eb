#pragma once
/// Shared state of one lifeline invocation and the subcommand registration functions.

#include <memory>
#include <string>
#include <vector>

#include "lifeline/facts.hpp"
#include "lifeline/host.hpp"
#include "lifeline/plugin_loader.hpp"
#include "lifeline/render.hpp"
#include "lifeline/source.hpp"
#include "lifeline/sys/fs.hpp"

// CLI11 is header-only and costs seconds per translation unit: only the files that register a
// command (cmd_*.cpp, main.cpp) include it; the rest of the CLI sees these declarations.
namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace lifeline::cli {

/// Exit statuses shared by every command.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_findings = 1;
inline constexpr int k_exit_usage = 2;

/// What every subcommand may need: plugin search options, the loaded plugins, the file system.
struct App {
    std::vector<std::string> plugin_dirs;
    std::string exe_path;
    std::unique_ptr<sys::FileSystem> fs = sys::make_real_file_system();
    SourceManager sources;
    PluginRegistry registry;
    int exit_code = k_exit_ok;

    /// Loads plugins once; prints load errors to stderr. Returns false when none loaded.
    bool load_plugins();
    /// Asks every loaded plugin for its facts about `host` (Plugin::contribute).
    HostFacts collect_facts(Host& host, DiagnosticSink& errors,
                            std::vector<AccessIntent> intents = {});

private:
    bool m_loaded = false;
};

void register_lint(CLI::App& cli, App& app);
void register_rules(CLI::App& cli, App& app);
void register_plugins(CLI::App& cli, App& app);
void register_dump(CLI::App& cli, App& app);
void register_access(CLI::App& cli, App& app);
void register_policy(CLI::App& cli, App& app);
void register_diff(CLI::App& cli, App& app);
void register_hook(CLI::App& cli, App& app);
void register_run(CLI::App& cli, App& app);
void register_window(CLI::App& cli, App& app);

/// Adds `--format` to a subcommand: `text|json`, or the given choices.
CLI::Option* add_format_option(CLI::App& sub, std::string& format,
                               std::vector<std::string> choices = {"text", "json"});
/// The formats of the commands that report findings (lint, access).
inline const std::vector<std::string> k_report_formats = {"text", "json", "sarif", "github"};
/// What SARIF output needs: the loaded plugins' rules, `root` (as given and absolute), the
/// sources read.
SarifContext sarif_context(const App& app, const std::string& root);

}  // namespace lifeline::cli

#include <algorithm>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <iostream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "lifeline/suppress.hpp"
#include "lifeline/config.hpp"

namespace lifeline::cli {

bool App::load_plugins() {
    if (m_loaded) return !registry.entries().empty();
    m_loaded = true;
    PluginSearch search;
    search.dirs = default_plugin_dirs(plugin_dirs, exe_path);
    // As root, a module anyone else can write is a way to run code as root: refuse it.
    search.require_root_owned = ::geteuid() == 0;
    registry.load(search);
    for (const auto& e : registry.errors())
        std::cerr << "lifeline: plugin " << e.path << ": " << e.message << '\n';
    if (registry.entries().empty()) {
        std::cerr << "lifeline: no plugins found (searched:";
        for (const auto& d : search.dirs) std::cerr << ' ' << d;
        std::cerr << "); use --plugin-dir or LIFELINE_PLUGIN_PATH\n";
        return false;
    }
    return true;
}

HostFacts App::collect_facts(Host& host, DiagnosticSink& errors,
                             std::vector<AccessIntent> intents) {
    HostFacts facts;
    facts.intents = std::move(intents);
    std::vector<Plugin*> order;
    for (const auto& e : registry.entries()) order.push_back(e.plugin.get());
    std::stable_sort(order.begin(), order.end(), [](Plugin* a, Plugin* b) {
        return a->contribute_order() < b->contribute_order();
    });
    for (Plugin* p : order) p->contribute(host, facts, errors);
    return facts;
}

CLI::Option* add_format_option(CLI::App& sub, std::string& format,
                               std::vector<std::string> choices) {
    return sub.add_option("--format", format, "Output format")
        ->check(CLI::IsMember(std::move(choices)))
        ->default_val("text");
}

SarifContext sarif_context(const App& app, const std::string& root) {
    SarifContext ctx;
    for (const auto& e : app.registry.entries())
        for (const auto& r : e.plugin->info().rules) ctx.rules.push_back(r);
    for (const auto& r : suppression_rules()) ctx.rules.push_back(r);
    ctx.root = root;
    std::error_code ec;
    auto absolute = std::filesystem::absolute(root, ec);
    ctx.root_absolute = ec ? std::string() : absolute.lexically_normal().string();
    ctx.sources = &app.sources;
    return ctx;
}

namespace {

std::string self_exe() {
    char buf[PATH_MAX];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    return std::string(buf, static_cast<size_t>(n));
}

}  // namespace
}  // namespace lifeline::cli

int main(int argc, char** argv) {
    using namespace lifeline::cli;
    App app;
    app.exe_path = self_exe();
    CLI::App cli{"lifeline: keeps operators from locking themselves out of Linux servers over SSH"};
    cli.set_version_flag("--version", std::string(lifeline::k_version));
    cli.require_subcommand(1);
    cli.add_option("--plugin-dir", app.plugin_dirs, "Also load plugins from DIR (repeatable)")
        ->type_name("DIR");
    register_lint(cli, app);
    register_access(cli, app);
    register_dump(cli, app);
    register_rules(cli, app);
    register_plugins(cli, app);
    register_policy(cli, app);
    register_diff(cli, app);
    register_hook(cli, app);
    register_run(cli, app);
    register_window(cli, app);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = cli.exit(e);
        return rc == 0 ? 0 : k_exit_usage;
    } catch (const std::exception& e) {
        // Never a stack trace: anything unexpected is an error exit with a message.
        std::cerr << "lifeline: internal error: " << e.what() << '\n';
        return k_exit_usage;
    }
    return app.exit_code;
}

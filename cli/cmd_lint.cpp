#include <unistd.h>

#include <iostream>

#include "app.hpp"
#include "lifeline/host.hpp"
#include "lifeline/render.hpp"

namespace lifeline::cli {
namespace {

struct LintOptions {
    std::string root = "/";
    std::vector<std::string> files;
    std::string format = "text";
    std::string fail_on = "warning";
};

int run_lint(App& app, const LintOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    Host host(opt.root, *app.fs, app.sources);
    DiagnosticSink sink;
    bool unreadable = false;
    if (opt.files.empty()) {
        auto root_stat = app.fs->stat(opt.root);
        if (!root_stat || root_stat->type != sys::FileStat::Type::directory) {
            std::cerr << "lifeline: --root " << opt.root << ": not a directory\n";
            return k_exit_usage;
        }
        bool any_layer = false;
        for (const auto& e : app.registry.entries()) {
            LintRequest req{host, {}};
            LintStatus status = e.plugin->lint(req, sink);
            if (status == LintStatus::unreadable) unreadable = true;
            any_layer |= status != LintStatus::absent;
        }
        // A root holding none of the files any plugin reads is almost always a wrong path: say so
        // instead of passing silently.
        if (!any_layer) {
            std::cerr << "lifeline: nothing to check under " << opt.root
                      << ": no layer found (e.g. etc/ssh/sshd_config); is --root right?\n";
            return k_exit_usage;
        }
    } else {
        for (const auto& file : opt.files) {
            Plugin* owner = nullptr;
            for (const auto& e : app.registry.entries()) {
                if (e.plugin->claims_file(file)) {
                    owner = e.plugin.get();
                    break;
                }
            }
            if (!owner) {
                std::cerr << "lifeline: " << file
                          << ": no plugin reads this kind of file (see `lifeline plugins`)\n";
                return k_exit_usage;
            }
            LintRequest req{host, {file}};
            if (owner->lint(req, sink) == LintStatus::unreadable) unreadable = true;
        }
    }
    auto& items = sink.items();
    sort_diagnostics(items);
    if (opt.format == "json") {
        render_json(items, std::cout);
    } else {
        render_text(items, app.sources, std::cout, ::isatty(STDOUT_FILENO) != 0);
    }
    if (unreadable) return k_exit_usage;
    Severity threshold = parse_severity(opt.fail_on).value_or(Severity::warning);
    return sink.has_at_least(threshold) ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_lint(CLI::App& cli, App& app) {
    auto opt = std::make_shared<LintOptions>();
    auto* sub = cli.add_subcommand("lint", "Check a host (or single files) for lockout risks");
    sub->add_option("files", opt->files, "Check only these files (e.g. an sshd_config)");
    sub->add_option("--root", opt->root, "Directory standing for the host's /")
        ->type_name("DIR")
        ->default_val("/");
    add_format_option(*sub, opt->format);
    sub->add_option("--fail-on", opt->fail_on, "Lowest severity that makes lint exit 1")
        ->check(CLI::IsMember({"info", "warning", "error"}))
        ->default_val("warning");
    sub->callback([&app, opt] { app.exit_code = run_lint(app, *opt); });
}

}  // namespace lifeline::cli

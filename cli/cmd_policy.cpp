// `lifeline policy show` and `lifeline policy check`.

#include <unistd.h>

#include <iostream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "lifeline/render.hpp"
#include "policy_run.hpp"

namespace lifeline::cli {
namespace {

struct PolicyOptions {
    std::string policy;
    bool origin = false;
    std::string file;
    std::string format = "text";
};

int run_show(App& app, const PolicyOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    auto policy = load_run_policy(app, opt.policy);
    if (!policy) return k_exit_usage;
    render_policy(*policy, std::cout, opt.origin);
    return k_exit_ok;
}

int run_check(App& app, const PolicyOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    DiagnosticSink errors;
    load_app_policy(app, opt.file, errors);
    auto& items = errors.items();
    sort_diagnostics(items);
    if (opt.format == "json")
        render_json(items, std::cout);
    else if (!items.empty())
        render_text(items, app.sources, std::cout, ::isatty(STDOUT_FILENO) != 0);
    else
        std::cout << opt.file << ": valid\n";
    return items.empty() ? k_exit_ok : k_exit_findings;
}

}  // namespace

void register_policy(CLI::App& cli, App& app) {
    auto opt = std::make_shared<PolicyOptions>();
    auto* sub = cli.add_subcommand("policy", "Show or check YAML policies");
    sub->require_subcommand(1);
    auto* show = sub->add_subcommand(
        "show",
        "Print the effective policy (--policy, else .lifeline.yaml, else the lockout pack)");
    show->add_option("--policy", opt->policy, "A policy file, or a pack name (lockout)")
        ->type_name("FILE");
    show->add_flag("--origin", opt->origin, "Add the file:line:col that set each value");
    show->callback([&app, opt] { app.exit_code = run_show(app, *opt); });
    auto* check = sub->add_subcommand("check", "Validate a policy file (exit 1 when invalid)");
    check->add_option("file", opt->file, "A policy file, or a pack name")->required();
    add_format_option(*check, opt->format);
    check->callback([&app, opt] { app.exit_code = run_check(app, *opt); });
}

}  // namespace lifeline::cli

#include <iostream>

#include "app.hpp"

namespace lifeline::cli {
namespace {

int run_rules(App& app, const std::string& which) {
    if (!app.load_plugins()) return k_exit_usage;
    if (which.empty()) {
        for (const auto& e : app.registry.entries()) {
            for (const auto& r : e.plugin->info().rules) {
                std::cout << r.id << "  " << r.slug << "  " << severity_name(r.severity) << "  "
                          << r.summary << '\n';
            }
        }
        return k_exit_ok;
    }
    for (const auto& e : app.registry.entries()) {
        for (const auto& r : e.plugin->info().rules) {
            if (r.id == which || r.slug == which) {
                std::cout << "# " << r.id << " " << r.slug << "\n\nPlugin: "
                          << e.plugin->info().name
                          << "; default severity: " << severity_name(r.severity) << "\n\n"
                          << r.doc;
                if (!r.doc.empty() && r.doc.back() != '\n') std::cout << '\n';
                return k_exit_ok;
            }
        }
    }
    std::cerr << "lifeline: no rule " << which << " (see `lifeline rules`)\n";
    return k_exit_usage;
}

}  // namespace

void register_rules(CLI::App& cli, App& app) {
    auto which = std::make_shared<std::string>();
    auto* sub = cli.add_subcommand("rules", "List rules, or print one rule's documentation");
    sub->add_option("rule", *which, "A rule ID (SSHD001) or slug");
    sub->callback([&app, which] { app.exit_code = run_rules(app, *which); });
}

}  // namespace lifeline::cli

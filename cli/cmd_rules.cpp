#include <iostream>
#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "lifeline/suppress.hpp"

namespace lifeline::cli {
namespace {

/// A rule and the plugin that owns it ("core" for the core's own rules).
struct OwnedRule {
    const RuleInfo* rule;
    std::string_view plugin;
};

/// Every rule: each plugin's, then the core's (suppression comments).
std::vector<OwnedRule> all_rules(const App& app) {
    std::vector<OwnedRule> out;
    for (const auto& e : app.registry.entries())
        for (const auto& r : e.plugin->info().rules) out.push_back({&r, e.plugin->info().name});
    for (const auto& r : suppression_rules()) out.push_back({&r, "core"});
    return out;
}

struct RulesOptions {
    std::string which;
    std::string format = "text";
};

void list_json(const App& app) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [r, plugin] : all_rules(app)) {
        out.push_back({{"id", r->id},
                       {"slug", r->slug},
                       {"severity", severity_name(r->severity)},
                       {"summary", r->summary},
                       {"plugin", plugin},
                       {"live_only", r->live_only},
                       {"doc", r->doc}});
    }
    std::cout << out.dump(2) << '\n';
}

int run_rules(App& app, const RulesOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    if (opt.which.empty()) {
        if (opt.format == "json") {
            list_json(app);
            return k_exit_ok;
        }
        for (const auto& [r, plugin] : all_rules(app))
            std::cout << r->id << "  " << r->slug << "  " << severity_name(r->severity) << "  "
                      << r->summary << '\n';
        return k_exit_ok;
    }
    for (const auto& [r, plugin] : all_rules(app)) {
        if (r->id != opt.which && r->slug != opt.which) continue;
        std::cout << "# " << r->id << " " << r->slug << "\n\nPlugin: " << plugin
                  << "; default severity: " << severity_name(r->severity) << "\n\n"
                  << r->doc;
        if (!r->doc.empty() && r->doc.back() != '\n') std::cout << '\n';
        return k_exit_ok;
    }
    std::cerr << "lifeline: no rule " << opt.which << " (see `lifeline rules`)\n";
    return k_exit_usage;
}

}  // namespace

void register_rules(CLI::App& cli, App& app) {
    auto opt = std::make_shared<RulesOptions>();
    auto* sub = cli.add_subcommand("rules", "List rules, or print one rule's documentation");
    sub->add_option("rule", opt->which, "A rule ID (SSHD001) or slug");
    add_format_option(*sub, opt->format);
    sub->callback([&app, opt] { app.exit_code = run_rules(app, *opt); });
}

}  // namespace lifeline::cli

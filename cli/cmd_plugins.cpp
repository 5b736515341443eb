#include <iostream>
#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>

#include "app.hpp"

namespace lifeline::cli {
namespace {

void print_json(const App& app) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : app.registry.entries()) {
        const auto& info = e.plugin->info();
        nlohmann::json rules = nlohmann::json::array();
        for (const auto& r : info.rules) rules.push_back(r.id);
        nlohmann::json formats = nlohmann::json::array();
        for (auto f : info.file_formats) formats.push_back(f);
        out.push_back({{"name", info.name},
                       {"version", info.version},
                       {"path", e.path},
                       {"description", info.description},
                       {"rule_prefix", info.rule_prefix},
                       {"formats", formats},
                       {"rules", rules}});
    }
    std::cout << out.dump(2) << '\n';
}

void print_text(const App& app) {
    for (const auto& e : app.registry.entries()) {
        const auto& info = e.plugin->info();
        std::cout << info.name << ' ' << info.version << "  (" << e.path << ")\n";
        if (!info.description.empty()) std::cout << "  " << info.description << '\n';
        std::cout << "  formats:";
        for (auto f : info.file_formats) std::cout << "\n    " << f;
        std::cout << "\n  rules:";
        for (const auto& r : info.rules) std::cout << ' ' << r.id;
        std::cout << '\n';
    }
}

}  // namespace

void register_plugins(CLI::App& cli, App& app) {
    auto format = std::make_shared<std::string>("text");
    auto* sub = cli.add_subcommand("plugins", "List the loaded plugins, their formats and rules");
    add_format_option(*sub, *format);
    sub->callback([&app, format] {
        if (!app.load_plugins()) {
            app.exit_code = k_exit_usage;
            return;
        }
        if (*format == "json") {
            print_json(app);
        } else {
            print_text(app);
        }
    });
}

}  // namespace lifeline::cli

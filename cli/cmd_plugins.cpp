#include <iostream>

#include "app.hpp"

namespace lifeline::cli {

void register_plugins(CLI::App& cli, App& app) {
    auto* sub = cli.add_subcommand("plugins", "List the loaded plugins, their formats and rules");
    sub->callback([&app] {
        if (!app.load_plugins()) {
            app.exit_code = k_exit_usage;
            return;
        }
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
    });
}

}  // namespace lifeline::cli

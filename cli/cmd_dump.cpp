#include <iostream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "lifeline/host.hpp"
#include "lifeline/render.hpp"

namespace lifeline::cli {
namespace {

struct DumpOptions {
    std::string layer;
    std::string root = "/";
    std::vector<std::string> connection;
    std::vector<std::string> files;
    int family = 0;
};

int run_dump(App& app, const DumpOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    Plugin* plugin = app.registry.find(opt.layer);
    if (!plugin) {
        std::cerr << "lifeline: no plugin named '" << opt.layer << "' (loaded:";
        for (const auto& e : app.registry.entries()) std::cerr << ' ' << e.plugin->info().name;
        std::cerr << ")\n";
        return k_exit_usage;
    }
    Host host(opt.root, *app.fs, app.sources);
    DiagnosticSink errors;
    DiagnosticSink scratch;  // each plugin's dump reports its own read errors
    HostFacts facts = app.collect_facts(host, scratch);
    DumpRequest req{host, opt.connection, opt.files, opt.family, facts};
    int rc = plugin->dump(req, std::cout, errors);
    if (rc < 0) {
        std::cerr << "lifeline: plugin '" << opt.layer << "' has nothing to dump\n";
        return k_exit_usage;
    }
    auto& items = errors.items();
    sort_diagnostics(items);
    render_text(items, app.sources, std::cerr);
    return rc;
}

}  // namespace

void register_dump(CLI::App& cli, App& app) {
    auto opt = std::make_shared<DumpOptions>();
    auto* sub = cli.add_subcommand("dump", "Print a layer's effective configuration");
    sub->add_option("layer", opt->layer, "Layer (plugin) name, e.g. sshd")->required();
    sub->add_option("files", opt->files, "Read these files instead of the host's");
    sub->add_option("--root", opt->root, "Directory standing for the host's /")
        ->type_name("DIR")
        ->default_val("/");
    sub->add_option("-C", opt->connection,
                    "Connection spec, as sshd -C: user=U,host=H,addr=A,laddr=L,lport=P,rdomain=R")
        ->type_name("SPEC")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    sub->add_option("--family", opt->family, "Address family (4 or 6)")
        ->check(CLI::IsMember({4, 6}));
    sub->callback([&app, opt] { app.exit_code = run_dump(app, *opt); });
}

}  // namespace lifeline::cli

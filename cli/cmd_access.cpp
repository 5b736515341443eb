#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <CLI/CLI.hpp>

#include "access_run.hpp"
#include "app.hpp"
#include "lifeline/host.hpp"
#include "lifeline/render.hpp"

namespace lifeline::cli {

/// Parses USER@ADDRESS[:PORT]; IPv6 with a port is bracketed: alice@[2001:db8::7]:22.
/// Returns an error message, or "" on success.
std::string parse_access_target(std::string_view target, AccessQuery& q) {
    size_t at = target.rfind('@');
    if (at == std::string_view::npos || at == 0)
        return "expected USER@ADDRESS[:PORT], e.g. alice@203.0.113.7 or alice@[2001:db8::7]:22";
    q.user = std::string(target.substr(0, at));
    std::string_view rest = target.substr(at + 1);
    std::string_view addr = rest;
    std::string_view port;
    if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        if (close == std::string_view::npos) return "unbalanced '[' in address";
        addr = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return "expected ':PORT' after ']'";
            port = after.substr(1);
        }
    } else if (std::count(rest.begin(), rest.end(), ':') == 1) {
        size_t colon = rest.find(':');
        addr = rest.substr(0, colon);
        port = rest.substr(colon + 1);
    }
    unsigned char buf[16];
    std::string a(addr);
    if (::inet_pton(AF_INET, a.c_str(), buf) == 1) {
        q.family = 4;
    } else if (::inet_pton(AF_INET6, a.c_str(), buf) == 1) {
        q.family = 6;
    } else {
        return "'" + a + "' is not an IPv4 or IPv6 address";
    }
    q.address = a;
    if (!port.empty() || (rest.size() > 0 && rest.back() == ':')) {
        int p = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
            return "'" + std::string(port) + "' is not a port number (1-65535)";
        q.port = p;
    }
    return "";
}

AccessReport answer_access(App& app, Host& host, const HostFacts& facts, AccessQuery query,
                           DiagnosticSink& errors) {
    AccessReport report;
    report.query = std::move(query);
    std::vector<Plugin*> layers;
    for (const auto& e : app.registry.entries())
        if (e.plugin->access_stage() >= 0) layers.push_back(e.plugin.get());
    std::stable_sort(layers.begin(), layers.end(), [](Plugin* a, Plugin* b) {
        return a->access_stage() < b->access_stage();
    });
    for (Plugin* p : layers) {
        auto result = p->access(report.query, host, facts, errors);
        if (result) report.layers.push_back(std::move(*result));
    }
    // Without an explicit port, report the port the login path uses (the "port" fact of the
    // first layer that names one).
    for (const auto& l : report.layers) {
        if (report.query.port != 0) break;
        for (const auto& [k, v] : l.facts)
            if (k == "port") report.query.port = std::atoi(v.c_str());
    }
    report.errors = errors.items();
    bool fatal = std::any_of(report.errors.begin(), report.errors.end(),
                             [](const Diagnostic& d) { return d.severity == Severity::error; });
    report.verdict = combine_verdict(report.layers, fatal);
    return report;
}

namespace {

struct AccessOptions {
    std::string target;
    std::string root = "/";
    std::string to;
    std::string format = "text";
};

int run_access(App& app, const AccessOptions& opt) {
    AccessQuery query;
    std::string err = parse_access_target(opt.target, query);
    if (!err.empty()) {
        std::cerr << "lifeline: access: " << err << '\n';
        return k_exit_usage;
    }
    query.local_address = opt.to;
    if (!app.load_plugins()) return k_exit_usage;
    Host host(opt.root, *app.fs, app.sources);
    DiagnosticSink errors;
    HostFacts facts = app.collect_facts(host, errors);
    AccessReport report = answer_access(app, host, facts, std::move(query), errors);
    if (opt.format == "json") {
        render_access_json(report, std::cout);
    } else if (opt.format == "sarif") {
        render_access_sarif(report, sarif_context(app, opt.root), std::cout);
    } else if (opt.format == "github") {
        render_access_github(report, std::cout);
    } else {
        render_access_text(report, app.sources, std::cout);
    }
    if (report.verdict == "allowed") return k_exit_ok;
    // at-risk: the login works now but is not guaranteed; exit like denied.
    if (report.verdict == "denied" || report.verdict == "at-risk") return k_exit_findings;
    return k_exit_usage;
}

}  // namespace

void register_access(CLI::App& cli, App& app) {
    auto opt = std::make_shared<AccessOptions>();
    auto* sub = cli.add_subcommand("access", "Can USER log in from ADDRESS? One verdict, with the trace");
    sub->add_option("target", opt->target, "USER@ADDRESS[:PORT] (IPv6 with a port: USER@[ADDR]:PORT)")
        ->required();
    sub->add_option("--root", opt->root, "Directory standing for the host's /")
        ->type_name("DIR")
        ->default_val("/");
    sub->add_option("--to", opt->to, "Local address the client connects to")
        ->type_name("LOCAL_ADDRESS");
    add_format_option(*sub, opt->format, k_report_formats);
    sub->callback([&app, opt] { app.exit_code = run_access(app, *opt); });
}

}  // namespace lifeline::cli

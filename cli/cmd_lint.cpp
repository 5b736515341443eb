#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "lifeline/host.hpp"
#include "lifeline/render.hpp"
#include "lint_host.hpp"
#include "policy_run.hpp"
#include "repo_lint.hpp"

namespace lifeline::cli {

/// Parses USER@CIDR[:PORT] (a bare address is a /32 or /128; IPv6 with a port is bracketed:
/// alice@[2001:db8::/32]:22). Returns an error message, or "" on success.
std::string parse_access_intent(std::string_view text, AccessIntent& intent) {
    size_t at = text.rfind('@');
    if (at == std::string_view::npos || at == 0)
        return "expected USER@CIDR[:PORT], e.g. alice@203.0.113.0/24 or alice@[2001:db8::/32]:22";
    intent.text = std::string(text);
    intent.user = std::string(text.substr(0, at));
    std::string_view rest = text.substr(at + 1), addr = rest, port;
    if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        if (close == std::string_view::npos) return "unbalanced '[' in address";
        addr = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return "expected ':PORT' after ']'";
            port = after.substr(1);
            if (port.empty()) return "missing port after ':'";
        }
    } else if (std::count(rest.begin(), rest.end(), ':') == 1) {
        size_t colon = rest.find(':');
        addr = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (port.empty()) return "missing port after ':'";
    }
    net::NetworkError why = net::NetworkError::none;
    auto network = net::parse_network(addr, &why);
    if (!network) {
        if (why == net::NetworkError::host_bits)
            return "'" + std::string(addr) + "' has bits set after the prefix length";
        return "'" + std::string(addr) + "' is not an address or CIDR";
    }
    intent.sources = *network;
    if (!port.empty()) {
        int p = 0;
        auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
        if (ec != std::errc() || ptr != port.data() + port.size() || p < 1 || p > 65535)
            return "'" + std::string(port) + "' is not a port number (1-65535)";
        intent.port = p;
    }
    return "";
}

namespace {

struct LintOptions {
    std::vector<std::string> access;
    std::string root = "/";
    std::vector<std::string> files;
    std::string format = "text";
    std::string fail_on = "warning";
    bool fail_on_given = false;  ///< --fail-on on the command line beats the policy's fail_on
    std::string policy;          ///< --policy; empty = .lifeline.yaml, else the lockout pack
    bool repo = false;           ///< every host root of the repository's .lifeline.yaml
    bool staged = false;         ///< the index; without --repo only the roots it changes
    int jobs = 0;
    bool live = false;           ///< --live: the running machine's state too
};

/// Why --live cannot run with `opt`, or "". It reads this machine's kernel and daemons, so
/// the files must be this machine's too, and listing rulesets and sockets needs root.
std::string live_usage_error(const LintOptions& opt) {
    std::string root = opt.root;
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    if (root != "/")
        return "--live reads the running machine, so its files must be this machine's: drop "
               "--root " + opt.root + " (or use --root /)";
    if (opt.repo || opt.staged) return "--live does not combine with --repo or --staged";
    if (::geteuid() != 0)
        return "--live needs root: iptables-save, nft and `ss -p` show the kernel's rules and "
               "sockets only to root (run it with sudo)";
    return "";
}

int run_lint(App& app, const LintOptions& opt) {
    std::vector<AccessIntent> intents;
    for (const auto& text : opt.access) {
        AccessIntent intent;
        std::string err = parse_access_intent(text, intent);
        if (!err.empty()) {
            std::cerr << "lifeline: lint: --access " << text << ": " << err << '\n';
            return k_exit_usage;
        }
        intents.push_back(std::move(intent));
    }
    if (opt.live) {
        std::string err = live_usage_error(opt);
        if (!err.empty()) {
            std::cerr << "lifeline: lint: " << err << '\n';
            return k_exit_usage;
        }
    }
    if (opt.repo || opt.staged) {
        RepoLintOptions repo{opt.staged, opt.repo, opt.jobs, opt.format, std::nullopt, intents};
        if (opt.fail_on_given) repo.fail_on = parse_severity(opt.fail_on);
        return run_repo_lint(app, repo);
    }
    if (!app.load_plugins()) return k_exit_usage;
    // The policy's must_login / must_not_login intents join the --access ones.
    auto policy = load_run_policy(app, opt.policy);
    if (!policy) return k_exit_usage;
    intents.insert(intents.end(), policy->intents.begin(), policy->intents.end());
    Host host(opt.root, *app.fs, app.sources);
    // --live: every layer reads the running machine through one snapshot (each command runs
    // once), so they all see the same state.
    std::unique_ptr<sys::ProcessRunner> runner;
    std::optional<sys::CachingProcessRunner> snapshot;
    if (opt.live) {
        runner = sys::make_real_process_runner();
        host.set_live(&snapshot.emplace(*runner));
    }
    HostLint result;
    if (opt.files.empty()) {
        auto root_stat = app.fs->stat(opt.root);
        if (!root_stat || root_stat->type != sys::FileStat::Type::directory) {
            std::cerr << "lifeline: --root " << opt.root << ": not a directory\n";
            return k_exit_usage;
        }
        result = lint_host(app, host, *policy, std::move(intents));
        // A root holding none of the files any plugin reads is almost always a wrong path: say so
        // instead of passing silently.
        if (!result.any_layer) {
            std::cerr << "lifeline: nothing to check under " << opt.root
                      << ": no layer found (e.g. etc/ssh/sshd_config); is --root right?\n";
            return k_exit_usage;
        }
    } else {
        const RuleOptions options = policy->rule_options();
        DiagnosticSink scratch;
        HostFacts facts = app.collect_facts(host, scratch, std::move(intents));
        DiagnosticSink sink;
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
            LintRequest req{host, {file}, facts, &options};
            if (owner->lint(req, sink) == LintStatus::unreadable) result.unreadable = true;
        }
        result.items = std::move(sink.items());
        finish_findings(result.items, app.sources, *policy);
    }
    const auto& items = result.items;
    if (opt.format == "json") {
        render_json(items, std::cout);
    } else if (opt.format == "sarif") {
        render_sarif(items, sarif_context(app, opt.root), std::cout);
    } else if (opt.format == "github") {
        render_github(items, std::cout);
    } else {
        render_text(items, app.sources, std::cout, ::isatty(STDOUT_FILENO) != 0);
    }
    if (result.unreadable) return k_exit_usage;
    Severity threshold = opt.fail_on_given ? parse_severity(opt.fail_on).value_or(Severity::warning)
                                           : policy->fail_on;
    bool reached = std::any_of(items.begin(), items.end(),
                               [&](const Diagnostic& d) { return d.severity >= threshold; });
    return reached ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_lint(CLI::App& cli, App& app) {
    auto opt = std::make_shared<LintOptions>();
    auto* sub = cli.add_subcommand("lint", "Check a host (or single files) for lockout risks");
    auto* files = sub->add_option("files", opt->files, "Check only these files (e.g. an sshd_config)");
    sub->add_flag("--live", opt->live,
                  "Also read the running machine (as root, --root /): live iptables and nftables "
                  "rules, fail2ban's current bans, sshd's listening sockets")
        ->excludes(files);
    auto* root = sub->add_option("--root", opt->root, "Directory standing for the host's /")
                     ->type_name("DIR")
                     ->default_val("/");
    sub->add_option("--access", opt->access,
                    "A login that must keep working: USER@CIDR[:PORT] (IPv6 with a port: "
                    "USER@[CIDR]:PORT); repeatable")
        ->type_name("USER@CIDR[:PORT]")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    add_format_option(*sub, opt->format, k_report_formats);
    auto* fail_on =
        sub->add_option("--fail-on", opt->fail_on,
                        "Lowest severity that makes lint exit 1 (default: the policy's fail_on)")
            ->check(CLI::IsMember({"info", "warning", "error"}))
            ->default_val("warning");
    auto* policy = sub->add_option("--policy", opt->policy,
                    "Policy file or pack name (default: .lifeline.yaml from the current directory "
                    "up to the git top level, else the lockout pack)")
        ->type_name("FILE");
    // The repository modes read the policy of the state they check (its .lifeline.yaml, whose
    // hosts: name the roots), so --root, files and --policy do not combine with them.
    for (auto* flag :
         {sub->add_flag("--repo", opt->repo,
                        "Check every host root of the repository's .lifeline.yaml (hosts:), from "
                        "the working tree (with --staged: from the index)"),
          sub->add_flag("--staged", opt->staged,
                        "Check what is staged in git (the index, not the working tree): the host "
                        "roots the staged changes touch (with --repo: every root); paths are "
                        "repository-relative")})
        flag->excludes(files)->excludes(root)->excludes(policy);
    sub->add_option("-j,--jobs", opt->jobs,
                    "Worker processes for --repo/--staged (default: one per CPU)")
        ->check(CLI::NonNegativeNumber);
    sub->callback([&app, opt, fail_on] {
        opt->fail_on_given = fail_on->count() > 0;
        app.exit_code = run_lint(app, *opt);
    });
}

}  // namespace lifeline::cli

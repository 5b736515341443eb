// `lifeline run`: a change wrapped by the gate (docs/gate.md); `lifeline probe`: one classified
// fresh login. The gate's logic is in gate/; this file parses options and wires the real parts.
#include <cstdlib>
#include <deque>
#include <functional>
#include <iostream>
#include <sstream>
#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "gate.hpp"
#include "lifeline/host.hpp"
#include "lint_host.hpp"
#include "live_commands.hpp"
#include "local.hpp"
#include "policy_run.hpp"
#include "real.hpp"
#include "ssh.hpp"

namespace lifeline::cli {
namespace {

struct SshOptions {
    std::vector<std::string> options;  ///< -o
    std::string identity;              ///< -i
    int connect_timeout = 5;
};

struct RunOptions {
    std::string host;
    bool local = false;
    std::string probe;  ///< --local: where fresh logins go
    SshOptions ssh;
    int window = 120;
    int max_probes = 3;
    int recovery_timeout = 60;
    std::string state_dir = "/var/lib/lifeline";
    std::string policy;
    bool no_rollback_on_lockout = false;
    bool rollback_on_change_failure = false;
    std::vector<std::string> command;
};

void add_ssh_options(CLI::App& sub, SshOptions& o) {
    sub.add_option("-o", o.options, "An ssh -o option for every connection (repeatable)")
        ->type_name("OPTION");
    sub.add_option("-i", o.identity, "An ssh identity file")->type_name("FILE");
    sub.add_option("--connect-timeout", o.connect_timeout, "ssh ConnectTimeout of probes, seconds")
        ->check(CLI::Range(1, 600))
        ->default_val(5);
}

gate::ProbeOptions probe_options(const SshOptions& o) {
    gate::ProbeOptions p;
    p.connect_timeout = std::chrono::seconds(o.connect_timeout);
    p.ssh_options = o.options;
    p.identity = o.identity;
    return p;
}

/// The post-check: the fetched files linted as `lint --root TREE --policy …` would, keeping
/// the error-level findings, with paths shown as they are on the host.
/// The gate's own login as a declared login: `user@address:port` (IPv6 bracketed).
std::optional<AccessIntent> own_login_intent(const gate::OwnLogin& login) {
    if (login.user.empty() || login.address.empty() || login.port == 0) return std::nullopt;
    bool v6 = login.address.find(':') != std::string::npos;
    std::string text = login.user + "@" + (v6 ? "[" + login.address + "]" : login.address) + ":" +
                       std::to_string(login.port);
    AccessIntent intent;
    if (!parse_access_intent(text, intent).empty()) return std::nullopt;
    return intent;
}

/// Sorts a lint's error-level findings into `pc`: the gate's own login's (advisory, after
/// `own_prefix`) and the lockouts; a finding whose key is already there is skipped.
void collect_lockouts(const HostLint& result, const std::string& tree,
                      const std::string& own_prefix, gate::PostCheck& pc) {
    for (const Diagnostic& d : result.items) {
        if (d.severity != Severity::error) continue;
        std::string path = d.location.path;
        if (tree != "/" && path.rfind(tree, 0) == 0) path = path.substr(tree.size());
        std::string at = path + ":" + std::to_string(d.location.line);
        if (!own_prefix.empty() && d.message.rfind(own_prefix, 0) == 0) {
            std::string line = at + ": " + d.message.substr(own_prefix.size());
            if (std::find(pc.own_login.begin(), pc.own_login.end(), line) == pc.own_login.end())
                pc.own_login.push_back(line);
            continue;
        }
        std::string key = d.rule_id + " " + d.message;
        if (std::find(pc.keys.begin(), pc.keys.end(), key) != pc.keys.end()) continue;
        pc.lockouts.push_back(at + ":" + std::to_string(d.location.column) + ": " + key);
        pc.keys.push_back(key);
    }
}

/// The host's live state, linted as `lint --live` does, with every command the plugins ask for
/// run on the host (gate::RecordedRunner; a few rounds, as one command may follow another).
std::optional<HostLint> lint_live(App& app, const Policy& policy, const std::string& tree,
                                  const std::vector<AccessIntent>& intents,
                                  const gate::LiveFetch& fetch, std::string& error) {
    gate::RecordedRunner runner;
    // Each round a Host of its own, all alive to the end: the plugins key their per-run caches
    // by the Host's address.
    std::deque<Host> hosts;
    for (int round = 0; round < 4; ++round) {
        hosts.emplace_back(tree, *app.fs, app.sources);
        hosts.back().set_live(&runner);
        HostLint result = lint_host(app, hosts.back(), policy, intents);
        std::vector<gate::Argv> missing = runner.take_missing();
        if (missing.empty()) return result;
        auto out = fetch(gate::live_commands_script(missing));
        if (!out) {
            error = "the script running the live commands on the host failed";
            return std::nullopt;
        }
        if (!gate::parse_live_results(*out, missing, runner, error)) return std::nullopt;
    }
    error = "the plugins still asked for new commands after 4 rounds";
    return std::nullopt;
}

gate::PostCheck lint_tree(App& app, const std::string& policy_spec, const std::string& tree,
                          const gate::OwnLogin& login, const gate::LiveFetch& live) {
    gate::PostCheck pc;
    if (!app.load_plugins()) return pc;
    auto policy = load_run_policy(app, policy_spec);
    if (!policy) return pc;
    std::vector<AccessIntent> intents = policy->intents;
    // The gate's own login is checked too, but only to explain a failed fresh login: the model
    // may lack what the login relies on (an AuthorizedKeysCommand, a certificate authority).
    auto own = own_login_intent(login);
    std::string own_prefix;
    if (own) {
        own_prefix = "--access " + own->text + ": ";
        intents.push_back(*own);
    }
    // The files, as the host boots from them; then what runs now (a rule inserted live, a ban).
    Host host(tree, *app.fs, app.sources);
    collect_lockouts(lint_host(app, host, *policy, intents), tree, own_prefix, pc);
    pc.checked = true;
    if (live) {
        if (auto now = lint_live(app, *policy, tree, intents, live, pc.live_error))
            collect_lockouts(*now, tree, own_prefix, pc);
    }
    return pc;
}

void print_recovery(const gate::Target& target, std::ostream& out) {
    out << "lifeline run: the way back is NOT confirmed. Recover out of band (a console, the "
           "cloud provider's serial console, IPMI):\n"
           "  systemctl status ssh            # is sshd running? (journalctl -u ssh -n 50)\n"
           "  sshd -t                         # does its configuration load?\n"
           "  nft list ruleset; iptables-save # does the firewall admit port 22 (or sshd's port)?\n"
           "  fail2ban-client banned          # is your address banned? fail2ban-client unban ADDR\n"
           "  ls /var/lib/lifeline/gates/     # the snapshot; sh /var/lib/lifeline/gates/ID/rollback.sh restores it\n"
           "then try: ssh "
        << gate::format_target(target) << '\n';
}

/// The probe target of `run --local`: --probe, else the address and port the operator's own SSH
/// connection reached (SSH_CONNECTION), as SUDO_USER (or USER).
std::optional<gate::Target> local_probe_target(const std::string& probe, std::string& err) {
    if (!probe.empty()) return gate::parse_target(probe, err);
    const char* conn = std::getenv("SSH_CONNECTION");
    if (!conn) {
        err = "--local needs --probe USER@HOST[:PORT]: there is no SSH_CONNECTION to derive it from";
        return std::nullopt;
    }
    std::istringstream in(conn);
    std::string client, client_port, server, server_port;
    in >> client >> client_port >> server >> server_port;
    gate::Target t;
    const char* user = std::getenv("SUDO_USER");
    if (!user) user = std::getenv("USER");
    t.user = user ? user : "root";
    t.host = server;
    t.port = std::atoi(server_port.c_str());
    if (t.host.empty() || t.port <= 0) {
        err = "cannot read SSH_CONNECTION '" + std::string(conn) + "'; give --probe";
        return std::nullopt;
    }
    return t;
}

/// The prober and the change need what opening the gate learns (root shell, control socket,
/// the operator's address): both are built on first use, after open_canary.
class LateProber final : public gate::Prober {
public:
    using Make = std::function<gate::SshProber()>;
    explicit LateProber(Make make) : m_make(std::move(make)) {}
    gate::ProbeResult probe(const std::string& nonce) override { return get().probe(nonce); }
    gate::DisarmResult disarm(const std::string& nonce) override { return get().disarm(nonce); }
    std::string address() const override { return m_p ? m_p->address() : ""; }

private:
    gate::SshProber& get() {
        if (!m_p) m_p.emplace(m_make());
        return *m_p;
    }
    Make m_make;
    std::optional<gate::SshProber> m_p;
};

class LateChange final : public gate::Change {
public:
    using Env = std::function<std::map<std::string, std::string>()>;
    LateChange(gate::Exec& e, std::vector<std::string> argv, Env env)
        : m_exec(e), m_argv(std::move(argv)), m_env(std::move(env)) {}
    bool start(std::string& error) override {
        m_c.emplace(m_exec, m_argv, m_env());
        return m_c->start(error);
    }
    std::optional<int> wait_for(gate::Millis t) override { return m_c->wait_for(t); }

private:
    gate::Exec& m_exec;
    std::vector<std::string> m_argv;
    Env m_env;
    std::optional<gate::CommandChange> m_c;
};

int run_run(App& app, const RunOptions& opt) {
    std::string err;
    if (opt.local == !opt.host.empty()) {
        std::cerr << "lifeline: run: give either --host [USER@]HOST[:PORT] or --local\n";
        return k_exit_usage;
    }
    auto target = opt.local ? local_probe_target(opt.probe, err) : gate::parse_target(opt.host, err);
    if (!target) {
        std::cerr << "lifeline: run: " << (opt.local ? "" : "--host: ") << err << '\n';
        return k_exit_usage;
    }
    if (opt.command.empty()) {
        std::cerr << "lifeline: run: no change command (put it after --)\n";
        return k_exit_usage;
    }
    auto exec = gate::make_real_exec();
    gate::SshSettings settings;
    settings.target = *target;
    settings.ssh = probe_options(opt.ssh);
    settings.state_dir = opt.state_dir;
    settings.gate_id = gate::new_gate_id();
    gate::ScriptVars check{settings.gate_id, settings.state_dir, opt.window, ""};
    if (std::string e = gate::check_vars(check); !e.empty()) {
        std::cerr << "lifeline: run: " << e << '\n';
        return k_exit_usage;
    }
    gate::TreeLinter lint = [&app, &opt](const std::string& tree, const gate::OwnLogin& login,
                                         const gate::LiveFetch& live) {
        return lint_tree(app, opt.policy, tree, login, live);
    };
    gate::GateOptions g;
    g.window = gate::Millis(opt.window * 1000LL);
    g.max_probes = opt.max_probes;
    g.recovery_timeout = gate::Millis(opt.recovery_timeout * 1000LL);
    g.rollback_on_lockout = !opt.no_rollback_on_lockout;
    g.rollback_on_change_failure = opt.rollback_on_change_failure;

    std::unique_ptr<gate::Remote> remote;
    LateProber::Make make_prober;
    LateChange::Env change_env;
    if (opt.local) {
        auto local = std::make_unique<gate::LocalRemote>(*exec, settings.state_dir,
                                                         settings.gate_id, lint);
        gate::LocalRemote* l = local.get();
        make_prober = [&exec, settings, l, &g] {
            std::string e;
            auto script = gate::host_script(l->vars(g.window), gate::HostAction::disarm, e);
            return gate::SshProber(*exec, settings,
                                   settings.target.user == "root" ? "sh -s" : "sudo -n sh -s",
                                   script.value_or(""));
        };
        change_env = [id = settings.gate_id] {
            return std::map<std::string, std::string>{{"LIFELINE_GATE", id}};
        };
        remote = std::move(local);
    } else {
        auto ssh = std::make_unique<gate::SshRemote>(*exec, settings, lint);
        gate::SshRemote* r = ssh.get();
        make_prober = [&exec, settings, r, &g] {
            std::string e;
            auto script = gate::host_script(r->vars(g.window), gate::HostAction::disarm, e);
            return gate::SshProber(*exec, settings, r->root_shell(), script.value_or(""));
        };
        change_env = [r, host = gate::format_target(*target), id = settings.gate_id] {
            return std::map<std::string, std::string>{{"LIFELINE_HOST", host},
                                                      {"LIFELINE_CONTROL_PATH", r->control_path()},
                                                      {"LIFELINE_GATE", id}};
        };
        remote = std::move(ssh);
    }
    LateProber prober(make_prober);
    LateChange change(*exec, opt.command, change_env);
    gate::SteadyClock clock;
    gate::StreamReporter reporter(std::cerr);
    gate::RandomNonces nonces;
    gate::GateOutcome out = gate::run_gate(*remote, prober, change, clock, reporter, nonces, g);
    switch (out.exit_code) {
        case gate::k_exit_kept:
            std::cerr << "lifeline run: change kept (fresh login to " << gate::format_target(*target)
                      << " confirmed)\n";
            break;
        case gate::k_exit_rolled_back:
            std::cerr << "lifeline run: rolled back: " << out.cause << '\n';
            break;
        case gate::k_exit_rollback_unconfirmed:
            std::cerr << "lifeline run: " << out.cause << '\n';
            print_recovery(*target, std::cerr);
            break;
        default:
            std::cerr << "lifeline run: not started: " << out.cause << '\n';
            break;
    }
    return out.exit_code;
}

struct ProbeCliOptions {
    std::string host;
    SshOptions ssh;
    std::string format = "text";
};

int run_probe(const ProbeCliOptions& opt) {
    std::string err;
    auto target = gate::parse_target(opt.host, err);
    if (!target) {
        std::cerr << "lifeline: probe: " << err << '\n';
        return k_exit_usage;
    }
    auto exec = gate::make_real_exec();
    gate::SshSettings s;
    s.target = *target;
    s.ssh = probe_options(opt.ssh);
    gate::SshProber prober(*exec, s, "sh -s", "");
    gate::RandomNonces nonces;
    gate::SteadyClock clock;
    auto t0 = clock.now();
    gate::ProbeResult r = prober.probe(nonces.next());
    auto ms = (clock.now() - t0).count();
    if (opt.format == "json") {
        nlohmann::json j{{"target", gate::format_target(*target)},
                         {"outcome", gate::outcome_name(r.outcome)},
                         {"detail", r.detail},
                         {"ms", ms}};
        std::cout << j.dump() << '\n';
    } else {
        std::cout << gate::format_target(*target) << ": " << gate::outcome_name(r.outcome)
                  << (r.detail.empty() ? "" : " (" + r.detail + ")") << " in " << ms << " ms\n";
    }
    return r.outcome == gate::ProbeOutcome::ok ? k_exit_ok : k_exit_findings;
}

}  // namespace

void register_run(CLI::App& cli, App& app) {
    auto opt = std::make_shared<RunOptions>();
    auto* sub = cli.add_subcommand(
        "run", "Wrap a change: canary session, snapshot, dead-man switch, fresh-login probes, "
               "automatic rollback");
    auto* host = sub->add_option("--host", opt->host, "The host: [USER@]HOST[:PORT] (IPv6 with a "
                                                      "port: USER@[ADDR]:PORT)");
    auto* local = sub->add_flag("--local", opt->local,
                                "The change runs on this host (as root); probes go to --probe");
    host->excludes(local);
    sub->add_option("--probe", opt->probe,
                    "--local: fresh logins to [USER@]HOST[:PORT] (default: the address and port "
                    "of SSH_CONNECTION, as SUDO_USER)")
        ->needs(local);
    add_ssh_options(*sub, opt->ssh);
    sub->add_option("--window", opt->window,
                    "Seconds the host waits for a sign of life before rolling back by itself")
        ->check(CLI::Range(10, 86400))
        ->default_val(120);
    sub->add_option("--max-probes", opt->max_probes,
                    "Fresh logins tried after the change (capped below fail2ban's maxretry)")
        ->check(CLI::Range(1, 20))
        ->default_val(3);
    sub->add_option("--recovery-timeout", opt->recovery_timeout,
                    "Seconds to wait for a fresh login after a rollback")
        ->check(CLI::Range(5, 3600))
        ->default_val(60);
    sub->add_option("--state-dir", opt->state_dir, "The gate's directory on the host")
        ->default_val("/var/lib/lifeline");
    sub->add_option("--policy", opt->policy, "Policy for the post-check lint (default: "
                                             ".lifeline.yaml, else the lockout pack)");
    sub->add_flag("--no-rollback-on-lockout", opt->no_rollback_on_lockout,
                  "Only warn when the post-check finds an error-level lockout");
    sub->add_flag("--rollback-on-change-failure", opt->rollback_on_change_failure,
                  "Roll back when the change command exits non-zero");
    sub->add_option("command", opt->command, "The change command, after --")->required();
    sub->callback([&app, opt] { app.exit_code = run_run(app, *opt); });

    auto popt = std::make_shared<ProbeCliOptions>();
    auto* probe = cli.add_subcommand("probe", "One fresh SSH login, its failure classified");
    probe->add_option("target", popt->host, "[USER@]HOST[:PORT]")->required();
    add_ssh_options(*probe, popt->ssh);
    add_format_option(*probe, popt->format);
    probe->callback([&app, popt] { app.exit_code = run_probe(*popt); });
}

}  // namespace lifeline::cli

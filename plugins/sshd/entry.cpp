// The sshd plugin: lint (the loader's findings plus every rule) and `dump sshd`, which prints
// what `sshd -T [-C spec]` would print.
#include <ctime>
#include <ostream>

#include "access/intent_check.hpp"
#include "access/sshd_access.hpp"
#include "config.hpp"
#include "connection.hpp"
#include "diag.hpp"
#include "effective.hpp"
#include "lifeline/plugin.hpp"
#include "rules/rule.hpp"
#include "access/socket_unit.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

constexpr int k_exit_config = 255;  // sshd's fatal()
constexpr int k_exit_usage = 1;     // sshd's exit(1): bad -C spec, missing file, no host keys

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// `path` as read under the host's root, shown as a host path (/etc/ssh/sshd_config), as the
/// firewall layers show theirs.
std::string host_path(const Host& host, std::string path) {
    const std::string& root = host.root();
    if (root != "/" && path.rfind(root, 0) == 0) {
        path.erase(0, root.size());
        if (path.empty() || path[0] != '/') path.insert(0, "/");
    }
    return path;
}

bool has_explicit_host_key(const Config& cfg) {
    for (const auto& [path, from] : cfg.filled->host_key_files)
        if (from) return true;
    return false;
}

/// sshd's exit status for a failed configuration: 1 when the first failure is a file that
/// cannot be read, 255 otherwise.
int exit_status_for(const std::vector<Diagnostic>& errors) {
    for (const auto& e : errors) {
        if (e.severity != Severity::error) continue;
        return e.rule_id == k_config_unreadable.id || e.rule_id == k_host_keys_unavailable.id
                   ? k_exit_usage
                   : k_exit_config;
    }
    return 0;
}

class SshdPlugin final : public Plugin {
  public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{"sshd",
                                       "0.1.0",
                                       "OpenSSH 9.2p1 sshd (Debian 12): sshd_config and includes",
                                       {"sshd_config", "sshd_config.d/*.conf"},
                                       all_rule_infos(),
                                       "SSHD"};
        return k_info;
    }

    bool claims_file(std::string_view path) const override {
        std::string_view name = base_name(path);
        if (name.substr(0, 11) == "sshd_config") return true;
        if (name.size() > 5 && name.substr(name.size() - 5) == ".conf") {
            std::string_view dir = path.substr(0, path.size() - name.size());
            while (!dir.empty() && dir.back() == '/') dir.remove_suffix(1);
            return base_name(dir) == "sshd_config.d";
        }
        return false;
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        Config cfg;
        if (request.files.empty()) {
            cfg = load_config(request.host);
            if (!cfg.main_found) {
                auto st = request.host.fs().stat(request.host.path("/etc/ssh/sshd_config"));
                if (!st) return LintStatus::absent;
            }
        } else {
            cfg = load_config_file(request.host, request.files.front());
        }
        for (const auto& e : cfg.errors) out.report(e);
        if (!cfg.main_found) return LintStatus::unreadable;
        if (has_explicit_host_key(cfg)) {
            std::vector<Diagnostic> keys;
            check_host_keys(*cfg.filled, request.host, keys, cfg.main_path);
            for (auto& e : keys) out.report(std::move(e));
        }
        RuleContext ctx{request.host, cfg, out, &request.facts, request.options};
        for (const SshdRule& rule : all_rules())
            if (rule.check) rule.check(ctx);
        // Declared logins are walked like `lifeline access`; the clock is read here, at the
        // plugin's edge.
        if (request.files.empty() && !cfg.fatal())
            check_intents(request.host, cfg, request.facts,
                          static_cast<long>(std::time(nullptr) / 86400),
                          find_rule("SSHD057")->info, find_rule("SSHD058")->info, out);
        return LintStatus::checked;
    }

    int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) override {
        std::string spec_error;
        auto conn = parse_connection_specs(request.connection, spec_error);
        if (!conn) {
            errors.report(
                make_diagnostic(k_connection_spec_invalid, "-C", 0, 0, spec_error));
            return k_exit_usage;
        }
        Config cfg = request.files.empty() ? load_config(request.host)
                                           : load_config_file(request.host, request.files.front());
        std::vector<Diagnostic> fatal;
        for (const auto& e : cfg.errors)
            if (e.severity == Severity::error) fatal.push_back(e);
        if (fatal.empty()) check_privsep_user(request.host, fatal, cfg.main_path);
        if (fatal.empty()) check_host_keys(*cfg.filled, request.host, fatal, cfg.main_path);
        if (!fatal.empty()) {
            int status = exit_status_for(fatal);
            for (auto& e : fatal) errors.report(std::move(e));
            return status;
        }
        Effective eff = evaluate(cfg, *conn, request.host.users());
        if (!eff.ok()) {
            for (const auto& e : eff.errors()) errors.report(e);
            return k_exit_config;
        }
        for (const std::string& line : eff.dump_lines()) {
            if (request.family != 0 && line.rfind("listenaddress ", 0) == 0) {
                bool v6 = line.size() > 14 && line[14] == '[';
                if ((request.family == 4) == v6) continue;
            }
            out << line << '\n';
        }
        return 0;
    }

    /// sshd's listening sockets (ssh.socket's when socket activation is on), for the firewall
    /// layers. A configuration sshd refuses contributes nothing: sshd will not start.
    int contribute_order() const override { return 0; }

    void contribute(Host& host, HostFacts& facts, DiagnosticSink& errors) override {
        (void)errors;
        Config cfg = load_config(host);
        if (!cfg.main_found) return;
        facts.sshd_present = true;
        SocketUnit socket = read_ssh_socket(host);
        if (socket.enabled) {
            for (const auto& l : socket.listens) {
                for (int family : {4, 6}) {
                    if (l.family != 0 && l.family != family) continue;
                    facts.ssh_listeners.push_back(
                        {family, l.address, l.port, {l.file, l.line, 0, l.text}});
                }
            }
            return;
        }
        if (cfg.fatal()) return;
        if (cfg.filled) {
            const IntOpt& tries = cfg.filled->max_authtries;
            facts.ssh_max_auth_tries = static_cast<int>(tries.v);
            facts.ssh_max_auth_tries_origin =
                tries.from ? nf::Origin{host_path(host, tries.from->path()), tries.from->line,
                                        tries.from->column, "MaxAuthTries " + std::to_string(tries.v)}
                           : nf::Origin{host_path(host, cfg.main_path), 0, 0,
                                        "MaxAuthTries 6 (default)"};
        }
        for (const Listener& l : cfg.listeners) {
            nf::Origin origin;
            const Directive* d = l.port_origin ? l.port_origin : l.origin;
            if (d) {
                origin = {d->path(), d->line, d->column, std::string(d->written)};
                for (const auto& a : d->args) origin.text += " " + a.text;
            } else {
                origin = {cfg.main_path, 0, 0, "Port 22 (default)"};
            }
            // Show host paths (/etc/ssh/sshd_config), as the firewall layers do.
            origin.file = host_path(host, origin.file);
            facts.ssh_listeners.push_back(
                {l.family, l.wildcard ? std::string() : l.address, l.port, origin});
        }
    }

    int access_stage() const override { return 20; }

    std::optional<LayerResult> access(const AccessQuery& query, Host& host,
                                      const HostFacts& facts, DiagnosticSink& errors) override {
        (void)facts;
        // The clock is read here, at the plugin's edge, so the access code stays pure.
        long today = static_cast<long>(std::time(nullptr) / 86400);
        return sshd_access(query, host, errors, today);
    }
};

}  // namespace
}  // namespace lifeline::sshd

LIFELINE_PLUGIN(lifeline::sshd::SshdPlugin)

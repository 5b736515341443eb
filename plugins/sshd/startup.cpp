#include "startup.hpp"

#include "diag.hpp"
#include "hostkeys.hpp"

namespace lifeline::sshd {
namespace {

/// SSHD008: sshd refuses to start when no global AuthenticationMethods list consists only of
/// enabled methods (Match blocks are not checked).
void check_auth_methods(const ServerOptions& o, std::vector<Diagnostic>& errors) {
    if (o.auth_methods.empty()) return;
    std::string disabled;
    for (const Item& list : o.auth_methods) {
        bool ok = true;
        size_t pos = 0;
        while (ok) {
            size_t comma = list.text.find(',', pos);
            std::string m = list.text.substr(pos, comma == std::string::npos ? comma : comma - pos);
            std::string name = m.substr(0, m.find(':'));
            if (!auth_method_enabled(o, name)) {
                ok = false;
                if (disabled.empty())
                    disabled = "method \"" + name + "\" in list \"" + list.text + "\" is disabled";
            }
            if (comma == std::string::npos) break;
            pos = comma + 1;
        }
        if (ok) return;
    }
    const Directive* d = o.auth_methods.front().from;
    errors.push_back(make_diagnostic(
        k_auth_methods_unsatisfiable, d ? d->path() : std::string(), d ? d->line : 0,
        d ? d->column : 0,
        "AuthenticationMethods cannot be satisfied by enabled authentication methods", disabled));
}

/// SSHD009: a command set without the user to run it as.
void check_command_user(const StrOpt& command, const StrOpt& user, const char* what,
                        std::vector<Diagnostic>& errors) {
    if (!command.v || iequals(*command.v, "none") || user.v) return;
    const Directive* d = command.from;
    errors.push_back(make_diagnostic(k_command_without_user, d ? d->path() : std::string(),
                                     d ? d->line : 0, d ? d->column : 0,
                                     std::string(what) + " set without " + what + "User",
                                     std::string("add '") + what + "User USER'"));
}

}  // namespace

bool auth_method_enabled(const ServerOptions& o, std::string_view m) {
    auto on = [](const IntOpt& v) { return v.v == 1; };
    if (m == "none") return true;
    if (m == "publickey") return on(o.pubkey_authentication);
    if (m == "gssapi-keyex" || m == "gssapi-with-mic") return on(o.gss_authentication);
    if (m == "password") return on(o.password_authentication);
    if (m == "keyboard-interactive") return on(o.kbd_interactive_authentication);
    if (m == "hostbased") return on(o.hostbased_authentication);
    return false;
}

Environment make_environment(Host& host, const ServiceLookup& services) {
    Environment env;
    env.services = services;
    env.users = &host.users();
    Host* h = &host;
    env.interface_exists = [h](std::string_view name) {
        // SO_BINDTODEVICE accepts an empty name (it unbinds); every Linux host has "lo".
        if (name.empty() || name == "lo") return true;
        if (name.find('/') != std::string_view::npos || name.size() >= 16) return false;
        return h->fs().stat(h->path("/sys/class/net/" + std::string(name))).has_value();
    };
    return env;
}

void run_startup_pass(Config& cfg, Host& host, const ServiceLookup& services) {
    Environment env = make_environment(host, services);
    // Block states at startup: only `Match all` is active, and only outside never-match includes.
    std::vector<char> active(cfg.blocks.size(), 0);
    for (size_t b = 0; b < cfg.blocks.size(); ++b) {
        MatchBlock& mb = cfg.blocks[b];
        bool parent_ok = mb.parent < 0 || active[size_t(mb.parent)];
        mb.never_match = !parent_ok;
        active[b] = parent_ok && mb.valid && mb.is_all;
        for (const auto& c : mb.criteria)
            if (c.attribute == "localport") cfg.has_local_port_match = true;
    }
    cfg.startup = std::make_unique<ServerOptions>();
    ServerOptions& o = *cfg.startup;
    for (const Directive& d : cfg.directives) {
        if (d.broken) {
            // sshd also refuses an unknown keyword inside an inactive block ("not allowed
            // within a Match block"); SSHD001 already covers that line.
            continue;
        }
        bool on = d.block < 0 || active[size_t(d.block)];
        if (d.keyword->op == Op::match) continue;
        apply_directive(o, d, on, Pass::startup, env, cfg.errors);
    }
    cfg.listeners = resolve_listeners(o, host, &cfg.errors);
    cfg.filled = std::make_unique<ServerOptions>(o);
    fill_defaults(*cfg.filled, &cfg.errors);
    check_command_user(cfg.filled->authorized_keys_command,
                       cfg.filled->authorized_keys_command_user, "AuthorizedKeysCommand",
                       cfg.errors);
    check_command_user(cfg.filled->authorized_principals_command,
                       cfg.filled->authorized_principals_command_user,
                       "AuthorizedPrincipalsCommand", cfg.errors);
    check_auth_methods(*cfg.filled, cfg.errors);
}

bool check_host_keys(const ServerOptions& filled, Host& host, std::vector<Diagnostic>& errors,
                     const std::string& main_path) {
    // GSSAPI key exchange can run without a host key.
    if (filled.gss_keyex.v == 1) return true;
    const Directive* first = nullptr;
    std::string why;
    for (const auto& [path, from] : filled.host_key_files) {
        if (!first && from) first = from;
        if (!path) continue;
        auto r = host.fs().read(host.path(*path));
        PrivateKeyInfo key = r.text ? inspect_private_key(*r.text) : PrivateKeyInfo{};
        if (!key.loadable) {
            if (why.empty()) why = "Unable to load host key: " + *path;
            continue;
        }
        // sshd skips RSA keys shorter than RequiredRSASize.
        if (key.type == "ssh-rsa" && key.bits < filled.required_rsa_size.v) {
            if (why.empty()) why = "Host key " + *path + ": Invalid key length";
            continue;
        }
        return true;
    }
    errors.push_back(make_diagnostic(
        k_host_keys_unavailable, first ? first->path() : main_path, first ? first->line : 0,
        first ? first->column : 0, "sshd: no hostkeys available -- exiting.",
        why.empty() ? "no HostKey file is configured" : why));
    return false;
}

bool check_privsep_user(Host& host, std::vector<Diagnostic>& errors, const std::string& main_path) {
    // sshd looks the user up in the passwd database; a host tree without /etc/passwd is taken
    // as "not described" rather than "no users".
    if (!host.fs().stat(host.path("/etc/passwd"))) return true;
    if (host.users().find_user("sshd")) return true;
    errors.push_back(make_diagnostic(k_privsep_user_missing, main_path, 0, 0,
                                     "Privilege separation user sshd does not exist",
                                     "the openssh-server package creates it: adduser --system sshd"));
    return false;
}

}  // namespace lifeline::sshd

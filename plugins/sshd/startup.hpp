#pragma once
/// sshd's startup pass: global lines and `Match all` blocks applied, every line validated,
/// listeners resolved, defaults filled in, the sanity checks that stop `sshd -t`.

#include <optional>
#include <string>
#include <vector>

#include "apply.hpp"
#include "config.hpp"
#include "options.hpp"

namespace lifeline::sshd {

/// The host facts the parser uses, read through `host`.
Environment make_environment(Host& host, const ServiceLookup& services);

/// Runs the startup pass over a loaded config; fills `startup`, `filled` and `errors`.
void run_startup_pass(Config& cfg, Host& host, const ServiceLookup& services);

/// fill_default_server_options: defaults, algorithm lists, "none" clearing. Assembly failures
/// are appended to `errors` when given.
void fill_defaults(ServerOptions& o, std::vector<Diagnostic>* errors);

/// Assembles the algorithm lists (+/-/^ against the defaults).
void assemble_all(ServerOptions& o, std::vector<Diagnostic>* errors);

/// copy_set_server_options: every option the Match pass set replaces the global value.
void copy_set_options(ServerOptions& dst, const ServerOptions& src,
                      std::vector<Diagnostic>* errors);

/// The listeners of a filled option set (ports and queued ListenAddress lines resolved with
/// the host's /etc/hosts). Resolution failures are appended to `errors` when given.
std::vector<Listener> resolve_listeners(const ServerOptions& o, Host& host,
                                        std::vector<Diagnostic>* errors);

/// Whether at least one HostKey can be loaded (a private key readable without a passphrase;
/// RSA keys at least RequiredRSASize bits); otherwise appends "no hostkeys available".
bool check_host_keys(const ServerOptions& filled, Host& host, std::vector<Diagnostic>& errors,
                     const std::string& main_path);

/// Whether the privilege separation user `sshd` exists in the host's passwd (when the host
/// tree has one); otherwise appends "Privilege separation user sshd does not exist".
bool check_privsep_user(Host& host, std::vector<Diagnostic>& errors, const std::string& main_path);

/// Is `method` (an AuthenticationMethods entry without its `:submethod`) enabled in `o`?
bool auth_method_enabled(const ServerOptions& o, std::string_view method);

}  // namespace lifeline::sshd

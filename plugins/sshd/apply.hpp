#pragma once
/// One directive applied to an option set, as sshd 9.2's process_server_config_line does:
/// the same validation, the same "first value wins" guards, the same state-dependent errors.

#include <functional>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/users.hpp"
#include "options.hpp"
#include "values.hpp"

namespace lifeline::sshd {

/// What the parser needs from the host: service names, users (for `~user`), interfaces.
struct Environment {
    ServiceLookup services;
    const UserDb* users = nullptr;
    /// Whether a network interface (Linux VRF / device) exists, for `ListenAddress ... rdomain`.
    std::function<bool(std::string_view)> interface_exists;
};

/// Which of sshd's two passes is running.
enum class Pass {
    startup,  ///< no connection: global lines applied, Match blocks only checked
    match,    ///< per connection: only lines of matching blocks applied, into a fresh set
};

/// Applies `d` (not broken, not Match/Include) to `o`. `active` is whether the line's block is
/// active in this pass. Errors go to `errors`.
void apply_directive(ServerOptions& o, const Directive& d, bool active, Pass pass,
                     const Environment& env, std::vector<Diagnostic>& errors);

/// sshd's tilde_expand_filename with the host's users; nullopt when `~user` is unknown.
std::optional<std::string> tilde_expand(std::string_view path, const UserDb* users);

}  // namespace lifeline::sshd

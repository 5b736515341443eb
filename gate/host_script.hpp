#pragma once
/// The host-side half of the gate as text: gate/scripts/lib.sh (embedded at build time) with the
/// gate's variables in front and one action at the end, ready for `sh -s` over the canary.

#include <optional>
#include <string>
#include <string_view>

namespace lifeline::gate {

/// The library, as embedded.
extern const std::string_view k_host_library;

/// What a host-side script knows about its gate.
struct ScriptVars {
    std::string id;                         ///< [A-Za-z0-9-], 1-64 characters
    std::string base = "/var/lib/lifeline";  ///< absolute; [A-Za-z0-9/._-] only
    int window_s = 120;                      ///< 1-86400
    std::string operator_address;           ///< an IPv4/IPv6 address, or empty
};

enum class HostAction {
    preflight,  ///< layers, limits, space, the lock, the snapshot
    arm,        ///< store rollback.sh and deadman.sh, then schedule the dead-man
    extend,     ///< push the deadline to window seconds from now
    disarm,     ///< prints disarmed | fired | not-armed
    rollback,   ///< restore the snapshot now
    release,    ///< drop the lock and the snapshot of a gate that changed nothing
    fetch,      ///< the layers' current files as a tar stream on stdout
};

/// Why `vars` cannot go into a script, or "" when they can (nothing is quoted: every value is
/// restricted to characters the shell takes literally).
std::string check_vars(const ScriptVars& vars);

/// The script for `action`; nullopt when check_vars() objects (`error` says why).
std::optional<std::string> host_script(const ScriptVars& vars, HostAction action,
                                       std::string& error);

}  // namespace lifeline::gate

#pragma once
/// What a jail's ban does to an SSH login: which ports and protocol its actions block, by which
/// mechanism, from the action names fail2ban 1.0.2 ships (action.d/). Pure.

#include <string>
#include <utility>
#include <vector>

#include "fail2ban/jail.hpp"
#include "lifeline/services.hpp"

namespace lifeline::f2b {

/// One action of a jail's `action` setting: `name[param=value, …]`.
struct ActionCall {
    std::string name;
    std::vector<std::pair<std::string, std::string>> params;
    /// The value of `param`, or nullptr.
    const std::string* param(std::string_view key) const;
};

/// Parses an interpolated `action` value (one action per line).
std::vector<ActionCall> parse_actions(std::string_view text);

/// Where a jail's bans hit.
struct BanReach {
    enum class Scope {
        none,       ///< no action blocks traffic to this host (mail, reports, hosts.deny)
        ports,      ///< the ports in `ports`
        all_ports,  ///< every port of the protocol
        unknown,    ///< an action or a port lifeline cannot read: assume it can block SSH
    };
    Scope scope = Scope::none;
    std::vector<std::pair<int, int>> ports;  ///< inclusive ranges, for Scope::ports
    bool tcp = true;                         ///< the protocol includes TCP
    std::string mechanism;                   ///< how the ban is applied, for messages
    std::string note;                        ///< why the scope is unknown
    SourceLocation origin;                   ///< the action (or banaction) line

    /// True when a ban can block a TCP connection to `port`.
    bool blocks(int port) const;
    /// "22", "22,2222", "every port".
    std::string describe() const;
};

/// The reach of every action of `jail` together. `services` resolves port names.
BanReach ban_reach(const Jail& jail, const ServiceTable& services);

/// Parses a port list as the ban actions take it (`ssh`, `22,2222`, `0:65535`, `1000-2000`);
/// false when a part cannot be resolved (`bad` names it).
bool parse_port_list(std::string_view text, const ServiceTable& services,
                     std::vector<std::pair<int, int>>& out, std::string* bad = nullptr);

}  // namespace lifeline::f2b

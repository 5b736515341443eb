#pragma once
/// What layers learn about a host and share with each other before any of them lints or answers
/// an access query: sshd's listeners, every firewall layer's tables, the access intents asked
/// about. The core collects them by calling Plugin::contribute on every plugin first.

#include <string>
#include <vector>

#include "lifeline/netfilter.hpp"

namespace lifeline {

/// A socket sshd will listen on.
struct SshListener {
    int family = 4;         ///< 4 or 6
    std::string address;    ///< empty = every address of the family
    int port = 22;
    nf::Origin origin;      ///< the Port / ListenAddress line (line 0 = the default)
};

/// `--access user@cidr[:port]` on lint: a login that must keep working.
struct AccessIntent {
    std::string text;       ///< as given
    std::string user;
    net::Network sources;
    int port = 0;           ///< 0 = sshd's ports
};

/// The shared facts.
struct HostFacts {
    bool sshd_present = false;
    std::vector<SshListener> ssh_listeners;
    /// Every firewall layer's tables; `firewall_layers` names the layers that contributed.
    nf::Ruleset firewall;
    std::vector<std::string> firewall_layers;
    std::vector<AccessIntent> intents;
};

}  // namespace lifeline

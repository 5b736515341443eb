#pragma once
/// What layers learn about a host and share with each other before any of them lints or answers
/// an access query: sshd's listeners, every firewall layer's tables, the access intents asked
/// about. The core collects them by calling Plugin::contribute on every plugin first.

#include <string>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/netfilter.hpp"

namespace lifeline {

/// A socket sshd will listen on.
struct SshListener {
    int family = 4;         ///< 4 or 6
    std::string address;    ///< empty = every address of the family
    int port = 22;
    nf::Origin origin;      ///< the Port / ListenAddress line (line 0 = the default)
};

/// A declared login: `--access user@cidr[:port]` on lint, or a policy's `must_login` /
/// `must_not_login` entry (one intent per `from` network).
struct AccessIntent {
    std::string text;       ///< as given (or `user@cidr` for a policy entry)
    std::string user;
    net::Network sources;
    int port = 0;           ///< 0 = sshd's ports
    std::string auth;       ///< publickey, password, keyboard-interactive; empty = any method
    std::string key;        ///< public key file the user logs in with (auth publickey); may be empty
    bool must_not = false;  ///< a must_not_login entry: this login must be refused
    SourceLocation origin;  ///< the policy line that declared it; empty path = the command line
};

/// The shared facts.
struct HostFacts {
    bool sshd_present = false;
    std::vector<SshListener> ssh_listeners;
    /// sshd's global MaxAuthTries (0 = unknown) and the line that set it (line 0 = the default).
    int ssh_max_auth_tries = 0;
    nf::Origin ssh_max_auth_tries_origin;
    /// Every firewall layer's tables; `firewall_layers` names the layers that contributed.
    nf::Ruleset firewall;
    std::vector<std::string> firewall_layers;
    std::vector<AccessIntent> intents;
};

}  // namespace lifeline

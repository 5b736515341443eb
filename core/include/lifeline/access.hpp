#pragma once
/// The question every access layer answers: can USER log in from ADDRESS?

#include <string>
#include <vector>

namespace lifeline {

/// One connection attempt to ask about.
struct AccessQuery {
    std::string user;
    std::string address;        ///< client address, IPv4 or IPv6 text
    int family = 4;             ///< 4 or 6, from `address`
    int port = 0;               ///< destination port; 0 = the port the service listens on
    std::string local_address;  ///< --to; empty = any local address
};

/// One rule or setting on the path, with where it stands.
struct TraceStep {
    std::string file;
    int line = 0;
    std::string text;
    std::string note;
};

/// A layer's answer. `verdict` is the layer's own word ("permitted", "denied", "accept", ...).
struct LayerResult {
    std::string layer;
    std::string verdict;
    bool denies = false;  ///< this layer stops the login
    bool unknown = false; ///< this layer cannot decide (bad input, unsupported construct)
    /// The layer lets the login through now but can take it away by itself later (a fail2ban
    /// jail that can ban the source, a rate limit on the port): the overall verdict is at-risk.
    bool at_risk = false;
    std::string risk;     ///< what can revoke it, in one sentence (when at_risk)
    std::string reason;
    std::vector<TraceStep> trace;
    /// Extra facts ("port": "22", "methods": "publickey") shown in text and JSON output.
    std::vector<std::pair<std::string, std::string>> facts;
};

}  // namespace lifeline

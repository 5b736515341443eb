#pragma once
/// The sockets of the firewall differential suite: a listener on many ports (both families) and
/// TCP connection probes whose outcome shows what the kernel's firewall did with the SYN.

#include <string>
#include <vector>

namespace fwdiff {

/// What a client sees when it opens a TCP connection through a firewall.
enum class ConnectResult {
    connected,  ///< the listener's banner arrived (SYN, handshake ACK and data all got through)
    refused,    ///< a fast error: TCP reset or a fatal ICMP error (a REJECT)
    timeout,    ///< no banner within the timeout (a DROP of the SYN, the answer or the ACK)
    error,      ///< the probe itself failed (bad address, no such local address, …)
};

/// One connection attempt and its result.
struct Probe {
    std::string source;
    std::string destination;
    int port = 0;
    ConnectResult result = ConnectResult::error;
    std::string detail;  ///< errno name of a refusal or the reason of an error; "-" otherwise
};

/// "connected", "refused", "timeout", "error".
const char* to_string(ConnectResult result);

/// Listens on every port for IPv4 and IPv6 (separate sockets, v6-only), accepts each connection,
/// sends it an SSH-style banner line and closes it. Prints `ready` once every socket is bound, then serves until SIGTERM/SIGINT or
/// `max_seconds`. Returns the process exit code (2 when a socket cannot be bound).
int listen_on(const std::vector<int>& ports, int max_seconds);

/// Connects from each probe's source to its destination; every probe is bounded by
/// `timeout_ms`. `serial` runs them one after the other (order matters for rate limits);
/// otherwise all run at once and share one deadline.
void run_probes(std::vector<Probe>& probes, int timeout_ms, bool serial);

}  // namespace fwdiff

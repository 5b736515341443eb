#pragma once
/// The running machine's listening TCP sockets and their processes (`lint --live`):
/// `ss -tlnpH` (iproute2), which prints one socket a line:
/// `LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:(("sshd",pid=612,fd=3))`.

#include <string>
#include <string_view>
#include <vector>

#include "lifeline/source.hpp"
#include "lifeline/sys/process.hpp"

namespace lifeline::sshd {

/// What `lint --live` calls the output in findings.
inline constexpr std::string_view k_ss_source = "<ss -tlnpH>";

/// One listening socket.
struct LiveSocket {
    int family = 4;
    std::string address;  ///< numeric, no brackets; "0.0.0.0" / "::" for any
    bool dual_stack = false;  ///< `*:PORT`: an IPv6 socket that takes IPv4 too (address "::")
    std::string scope;    ///< after '%': a link-local zone or a bound device ("lo")
    int port = 0;
    std::vector<std::string> processes;  ///< the names in `users:((…))`
    int line = 0;                        ///< in the output
    std::string text;                    ///< `address:port` as ss prints it

    /// `0.0.0.0:22`, `[::]:22`, `[fe80::1%lo]:2200`.
    std::string endpoint() const;
};

/// Parses `ss -tlnpH` output; lines that are not a listening socket are skipped.
std::vector<LiveSocket> parse_ss_listeners(std::string_view text);

/// What the live query found.
struct LiveListeners {
    bool read = false;
    bool not_installed = false;
    std::string failure;
    std::vector<LiveSocket> sockets;
};

/// Runs `ss -tlnpH` through `runner`; its output is registered with `sources` (k_ss_source).
LiveListeners read_live_listeners(const sys::ProcessRunner& runner, SourceManager& sources);

}  // namespace lifeline::sshd

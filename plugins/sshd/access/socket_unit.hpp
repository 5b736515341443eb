#pragma once
/// systemd socket activation for sshd: where `ssh.socket` makes the system listen.
///
/// When ssh.socket is enabled, systemd owns the listening socket and sshd's Port and
/// ListenAddress do not decide where connections are accepted (reference §1.13).

#include <string>
#include <vector>

#include "lifeline/host.hpp"

namespace lifeline::sshd {

/// One `ListenStream=` entry.
struct SocketListen {
    int family = 0;       ///< 0 = both (dual-stack wildcard), 4 or 6
    std::string address;  ///< empty = any address of the family
    int port = 0;
    std::string file;     ///< the unit file or drop-in that set it
    int line = 0;
    std::string text;     ///< the line as written
};

/// What the host's ssh.socket says.
struct SocketUnit {
    bool found = false;        ///< a unit file exists
    bool enabled = false;      ///< linked into sockets.target.wants
    std::string enabled_by;    ///< the wants/ link that enables it
    std::string unit_file;     ///< the unit file used (highest-priority directory)
    std::vector<SocketListen> listens;
    std::vector<std::string> errors;  ///< "file:line: message" for entries lifeline cannot read
};

/// Reads ssh.socket and its drop-ins from /etc/systemd/system, /run/systemd/system,
/// /lib/systemd/system and /usr/lib/systemd/system under the host root, in systemd's priority
/// order, applying `ListenStream=` resets and `BindIPv6Only=`.
SocketUnit read_ssh_socket(Host& host);

/// Parses one ListenStream= value; false when it is not a TCP listener (a path, vsock, ...).
bool parse_listen_stream(std::string_view value, SocketListen& out);

}  // namespace lifeline::sshd

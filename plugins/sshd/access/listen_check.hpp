#pragma once
/// Does sshd (or ssh.socket) listen where the client connects?

#include <optional>
#include <string>

#include "access/walk.hpp"
#include "effective.hpp"
#include "lifeline/access.hpp"
#include "lifeline/host.hpp"

namespace lifeline::sshd {

/// Where the connection lands: the port and, when known, the local address.
struct ListenChoice {
    int port = 0;
    std::string local_address;  ///< empty when the client may connect to any local address
};

/// Checks the listening sockets against the query's family, port and local address (`--to`),
/// taking them from ssh.socket when socket activation is enabled. Denies on the walk when
/// nothing listens.
std::optional<ListenChoice> check_listener(const AccessQuery& q, Host& host,
                                           const Effective& global, Walk& walk);

/// True for 127.0.0.0/8 and ::1.
bool is_loopback(const std::string& address);

}  // namespace lifeline::sshd

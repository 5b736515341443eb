#pragma once
/// The connection a Match pass is evaluated for (`sshd -T -C user=...,addr=...`).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::sshd {

/// What sshd knows of a connection when it evaluates Match blocks. Absent fields make the
/// criteria that need them not match (test mode), except LocalPort (see `lport`).
struct Connection {
    std::optional<std::string> user, host, addr, laddr, rdomain;
    /// Local port. Absent: a `Match LocalPort` line is an error in test mode (`sshd -T`).
    std::optional<int> lport;
};

/// Parses one `-C` spec into `into` (several specs merge, later fields overriding), with sshd's
/// exact errors: `Invalid test mode specification X`, `Invalid port 'P' in test mode
/// specification lport=P`. Returns false and sets `error` on failure.
bool parse_connection_spec(std::string_view spec, Connection& into, std::string& error);

/// Convenience: parses one spec into a fresh Connection.
std::optional<Connection> parse_connection_spec(std::string_view spec, std::string& error);

/// Parses and merges several specs, in order.
std::optional<Connection> parse_connection_specs(const std::vector<std::string>& specs,
                                                 std::string& error);

}  // namespace lifeline::sshd

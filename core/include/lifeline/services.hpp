#pragma once
/// TCP service names (/etc/services) as getservbyname(name, "tcp") resolves them, for layers
/// that accept `ssh` where a port number is meant.

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline {

/// The TCP entries of Debian 12 netbase 6.4's /etc/services (`name port aliases…` per line),
/// used when a host tree has no /etc/services of its own.
extern const std::string_view k_debian_tcp_services;

/// Names and aliases of TCP services with their ports; the first entry of a name wins.
class ServiceTable {
  public:
    /// Parses /etc/services text (`name port/proto aliases… # comment`); rows of other
    /// protocols are skipped, rows without a protocol count as TCP (the built-in table).
    static ServiceTable parse(std::string_view text);
    /// The table of Debian 12's netbase.
    static const ServiceTable& debian();

    /// The port of `name` (a name or an alias), or nullopt.
    std::optional<int> find(std::string_view name) const;
    bool empty() const { return m_ports.empty(); }

  private:
    std::map<std::string, int, std::less<>> m_ports;
};

}  // namespace lifeline

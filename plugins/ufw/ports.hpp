#pragma once
/// ufw's port syntax (UFWRule.set_port and util.parse_port_proto in ufw 0.36.2), shared by
/// application profiles and `### tuple ###` comments, and the /etc/services names it resolves.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::ufw {

/// /etc/services as getservbyname(name) sees it: every name and alias, first entry wins.
struct ServiceDb {
    std::map<std::string, int, std::less<>> ports;
    /// The port of `name`, or nullopt.
    std::optional<int> find(std::string_view name) const;
};

/// Parses /etc/services text (`name port/proto aliases… # comment`).
ServiceDb parse_services(std::string_view text);

/// A port list as ufw keeps it: numbers and `LOW:HIGH` ranges joined by commas, services
/// already resolved. `multi` is set for lists and ranges (they need `-m multiport`).
struct PortSpec {
    std::string text;
    bool multi = false;
};

/// Validates and normalises a port list ("22", "80,443", "6000:6010", "ssh"); "any" is kept.
/// On failure returns nullopt with `error` set.
std::optional<PortSpec> parse_ports(std::string_view text, const ServiceDb& services,
                                    std::string& error);

/// The inclusive ranges of a normalised port list; empty for "any".
std::vector<std::pair<int, int>> port_ranges(std::string_view normalised);

/// Protocols ufw accepts in rules (util.supported_protocols) plus "any".
bool is_ufw_protocol(std::string_view proto);
/// Protocols that take no port (util.portless_protocols).
bool is_portless_protocol(std::string_view proto);

}  // namespace lifeline::ufw

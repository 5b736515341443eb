#pragma once
/// Value parsers for rule arguments, with iptables 1.8.9's error wording. Pure functions.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "document.hpp"

namespace lifeline::iptables {

/// A whole decimal number (counters); nullopt for anything else.
std::optional<std::uint64_t> to_u64(std::string_view text);

/// A port number or a service name from a small built-in table (`ssh` → 22); nullopt if neither.
std::optional<int> parse_port(std::string_view text);

/// `N`, `N:M`, `:M`, `N:` (tcp/udp `--dport` form). Sets `error` on failure. libxt_tcp
/// refuses `first > last`; libxt_udp (xtoptions since 1.4.x) keeps such a range, which matches
/// nothing, so `check_order` is false for udp.
std::optional<PortRange> parse_port_range(std::string_view text, std::string& error,
                                          bool check_order = true);

/// `-p` value: name or number (`tcp`, `ipv6-icmp`, `6`, `all`). Sets `error` on failure.
std::optional<ProtocolMatch> parse_protocol(std::string_view text, std::string& error);

/// `-s`/`-d` value: comma list of `ADDR[/LEN|/MASK]`; host bits are masked. `family` is 4 or 6.
std::optional<AddressMatch> parse_addresses(std::string_view text, int family, std::string& error);

/// `--ctstate` (conntrack) or `--state` list; `conntrack` also selects the error wording.
std::optional<unsigned> parse_states(std::string_view text, bool conntrack, std::string& error);

/// `--tcp-flags` list (`SYN,ACK`, `ALL`, `NONE`).
std::optional<unsigned> parse_tcp_flags(std::string_view text, std::string& error);

}  // namespace lifeline::iptables

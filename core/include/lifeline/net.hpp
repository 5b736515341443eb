#pragma once
/// IP addresses and networks: parsing, formatting and prefix matching, shared by every plugin.
///
/// Pure functions: no resolver, no interface lookups. Two parsers exist because daemons disagree
/// on what an address is: `parse_ip` takes the strict forms (`inet_pton`), while
/// `parse_numeric_host` takes what glibc's `getaddrinfo(AI_NUMERICHOST)` takes (OpenSSH's
/// address lists use it), including the old `inet_aton` forms `10.1`, `0x0a.0.0.1`, `012.0.0.1`.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lifeline::net {

/// An IPv4 or IPv6 address. IPv4 uses the first four bytes of `bytes`.
struct IpAddress {
    int family = 0;  ///< 4 or 6
    std::array<std::uint8_t, 16> bytes{};
    std::uint32_t scope_id = 0;  ///< IPv6 zone index (`fe80::1%2`), 0 when none

    /// 32 or 128.
    int bit_count() const { return family == 4 ? 32 : 128; }
    bool operator==(const IpAddress& o) const = default;
};

/// A network: an address and a prefix length.
struct Network {
    IpAddress address;
    int prefix = 0;
};

/// Strict parse: four decimal octets (`inet_pton(AF_INET)`) or an RFC 4291 IPv6 address.
std::optional<IpAddress> parse_ip(std::string_view text);

/// What glibc `getaddrinfo(AI_NUMERICHOST)` accepts: `inet_aton` forms for IPv4 (1 to 4 parts,
/// hex `0x`, octal `0`), IPv6 with an optional numeric zone (`%2`) or the zone `%lo`.
std::optional<IpAddress> parse_numeric_host(std::string_view text);

/// Text form as `inet_ntop`/`getnameinfo(NI_NUMERICHOST)` print it (`::ffff:1.2.3.4`,
/// `2001:db8::1`).
std::string format_ip(const IpAddress& address);

/// The address with every bit after `prefix` cleared.
IpAddress mask(const IpAddress& address, int prefix);

/// True when `address` (same family) lies in `network`.
bool contains(const Network& network, const IpAddress& address);

/// True when every bit of `address` after `prefix` is zero (no host bits set).
bool host_bits_clear(const IpAddress& address, int prefix);

/// Why a `ADDRESS[/LEN]` text is not a network.
enum class NetworkError {
    none,
    syntax,     ///< not an address, or a malformed length
    too_long,   ///< the length exceeds 32 / 128
    host_bits,  ///< bits set after the prefix (`10.0.0.1/8`)
};

/// Strict `ADDRESS[/LEN]` (a bare address is a /32 or /128), refusing host bits.
/// On failure returns nullopt and sets `error` when given.
std::optional<Network> parse_network(std::string_view text, NetworkError* error = nullptr);

/// `ADDRESS/LEN` text of a network (`10.0.0.0/8`, `2001:db8::/32`).
std::string format_network(const Network& network);

}  // namespace lifeline::net

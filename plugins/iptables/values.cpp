#include "values.hpp"

#include <array>
#include <charconv>
#include <utility>

namespace lifeline::iptables {

std::optional<std::uint64_t> to_u64(std::string_view text) {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
    return value;
}

namespace {

/// Debian 12 /etc/services entries a firewall rule commonly names (iptables resolves the name
/// with getservbyname; the parser must stay pure, so it carries this table instead).
constexpr std::array<std::pair<std::string_view, int>, 34> k_services{{
    {"ftp-data", 20},     {"ftp", 21},          {"ssh", 22},         {"telnet", 23},
    {"smtp", 25},         {"domain", 53},       {"bootps", 67},      {"bootpc", 68},
    {"tftp", 69},         {"http", 80},         {"www", 80},         {"pop3", 110},
    {"sunrpc", 111},      {"auth", 113},        {"ntp", 123},        {"netbios-ns", 137},
    {"netbios-dgm", 138}, {"netbios-ssn", 139}, {"imap2", 143},      {"imap", 143},
    {"snmp", 161},        {"ldap", 389},        {"https", 443},      {"microsoft-ds", 445},
    {"isakmp", 500},      {"syslog", 514},      {"submission", 587}, {"ldaps", 636},
    {"rsync", 873},       {"imaps", 993},       {"pop3s", 995},      {"openvpn", 1194},
    {"mysql", 3306},      {"postgresql", 5432},
}};

/// Protocol names iptables accepts (its built-in table plus /etc/protocols names).
constexpr std::array<std::pair<std::string_view, int>, 14> k_protocols{{
    {"all", 0},
    {"icmp", 1},
    {"igmp", 2},
    {"tcp", 6},
    {"udp", 17},
    {"gre", 47},
    {"esp", 50},
    {"ah", 51},
    {"ipv6-icmp", 58},
    {"icmpv6", 58},
    {"sctp", 132},
    {"udplite", 136},
    {"mh", 135},
    {"ipv6-mh", 135},
}};

std::optional<unsigned> to_uint(std::string_view text, unsigned max) {
    unsigned value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value > max) return std::nullopt;
    return value;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

/// Prefix length of a dotted IPv4 mask; nullopt when the ones are not contiguous.
std::optional<int> mask_length(const net::IpAddress& mask) {
    int length = 0;
    bool zero_seen = false;
    for (int i = 0; i < 4; ++i) {
        for (int bit = 7; bit >= 0; --bit) {
            bool one = (mask.bytes[i] >> bit) & 1;
            if (one && zero_seen) return std::nullopt;
            if (one)
                ++length;
            else
                zero_seen = true;
        }
    }
    return length;
}

std::optional<net::Network> parse_one_address(std::string_view text, int family,
                                              std::string& error) {
    auto slash = text.find('/');
    std::string_view host = text.substr(0, slash);
    auto address = net::parse_ip(host);
    if (!address || address->family != family) {
        error = "host/network `" + std::string(host) + "' not found";
        return std::nullopt;
    }
    int prefix = address->bit_count();
    if (slash != std::string_view::npos) {
        std::string_view mask = text.substr(slash + 1);
        auto bits = to_uint(mask, static_cast<unsigned>(address->bit_count()));
        auto dotted = family == 4 ? net::parse_ip(mask) : std::nullopt;
        if (bits) {
            prefix = static_cast<int>(*bits);
        } else if (dotted && dotted->family == 4 && mask_length(*dotted)) {
            prefix = *mask_length(*dotted);
        } else {
            error = "invalid mask `" + std::string(mask) + "' specified";
            return std::nullopt;
        }
    }
    // iptables clears host bits silently (`10.1.2.3/8` is saved as `10.0.0.0/8`).
    return net::Network{net::mask(*address, prefix), prefix};
}

}  // namespace

std::optional<int> parse_port(std::string_view text) {
    if (auto number = to_uint(text, 65535)) return static_cast<int>(*number);
    for (const auto& [name, port] : k_services) {
        if (name == text) return port;
    }
    return std::nullopt;
}

std::optional<PortRange> parse_port_range(std::string_view text, std::string& error,
                                          bool check_order) {
    auto colon = text.find(':');
    std::string_view first = text.substr(0, colon);
    std::string_view last = colon == std::string_view::npos ? first : text.substr(colon + 1);
    auto bad = [&](std::string_view part) {
        error = "invalid port/service `" + std::string(part) + "' specified";
        return std::nullopt;
    };
    auto low = first.empty() && colon != std::string_view::npos ? std::optional<int>(0)
                                                                : parse_port(first);
    if (!low) return bad(first);
    auto high = last.empty() && colon != std::string_view::npos ? std::optional<int>(65535)
                                                                : parse_port(last);
    if (!high) return bad(last);
    if (check_order && *low > *high) {
        error = "invalid portrange (min > max)";
        return std::nullopt;
    }
    return PortRange{*low, *high};
}

std::optional<ProtocolMatch> parse_protocol(std::string_view text, std::string& error) {
    std::string name = lower(text);
    if (auto number = to_uint(name, 255)) return ProtocolMatch{false, name, int(*number)};
    for (const auto& [known, number] : k_protocols) {
        if (known == name) return ProtocolMatch{false, name, number};
    }
    error = "unknown protocol \"" + std::string(text) + "\" specified";
    return std::nullopt;
}

std::optional<AddressMatch> parse_addresses(std::string_view text, int family, std::string& error) {
    AddressMatch result;
    size_t start = 0;
    while (true) {
        auto comma = text.find(',', start);
        auto network = parse_one_address(text.substr(start, comma - start), family, error);
        if (!network) return std::nullopt;
        result.networks.push_back(*network);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return result;
}

std::optional<unsigned> parse_states(std::string_view text, bool conntrack, std::string& error) {
    static constexpr std::array<std::pair<std::string_view, unsigned>, 7> k_names{{
        {"INVALID", k_invalid},
        {"ESTABLISHED", k_established},
        {"RELATED", k_related},
        {"NEW", k_new},
        {"UNTRACKED", k_untracked},
        {"SNAT", k_snat},
        {"DNAT", k_dnat},
    }};
    unsigned states = 0;
    size_t start = 0;
    while (true) {
        auto comma = text.find(',', start);
        std::string_view name = text.substr(start, comma - start);
        unsigned bit = 0;
        for (const auto& [known, value] : k_names) {
            // `state` knows only the first five names; SNAT/DNAT are conntrack-only.
            if (known == name && (conntrack || value <= k_untracked)) bit = value;
        }
        if (bit == 0) {
            error = std::string(conntrack ? "Bad ctstate \"" : "Bad state \"") + std::string(name) +
                    "\"";
            return std::nullopt;
        }
        states |= bit;
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return states;
}

std::optional<unsigned> parse_tcp_flags(std::string_view text, std::string& error) {
    static constexpr std::array<std::pair<std::string_view, unsigned>, 8> k_flags{{
        {"FIN", k_fin},
        {"SYN", k_syn},
        {"RST", k_rst},
        {"PSH", k_psh},
        {"ACK", k_ack},
        {"URG", k_urg},
        {"ALL", 63},
        {"NONE", 0},
    }};
    unsigned flags = 0;
    size_t start = 0;
    while (true) {
        auto comma = text.find(',', start);
        std::string_view name = text.substr(start, comma - start);
        bool found = false;
        for (const auto& [known, value] : k_flags) {
            if (known == name) {
                flags |= value;
                found = true;
            }
        }
        if (!found) {
            error = "Unknown TCP flag `" + std::string(name) + "'";
            return std::nullopt;
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return flags;
}

}  // namespace lifeline::iptables

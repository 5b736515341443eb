// Typed values. Messages are nftables 1.0.6's (datatype.c, ct.c, proto.c) for the values it
// refuses; a name nft would resolve through DNS is not an error here but stays unresolved.
#include "values.hpp"

#include <algorithm>
#include <cctype>

#include "names.hpp"

namespace lifeline::nft {
namespace {

struct Symbol {
    std::string_view name;
    std::uint64_t value;
};

// nft bit values (ct.c ct_state_tbl; proto.c tcp_flag_tbl).
constexpr Symbol k_ct_states[] = {
    {"invalid", 1}, {"established", 2}, {"related", 4}, {"new", 8}, {"untracked", 64}};
constexpr Symbol k_tcp_flags[] = {{"fin", 1},  {"syn", 2},  {"rst", 4},  {"psh", 8},
                                  {"ack", 16}, {"urg", 32}, {"ecn", 64}, {"cwr", 128}};
constexpr Symbol k_protocol_keywords[] = {
    {"tcp", 6},  {"udp", 17},    {"udplite", 136}, {"esp", 50},  {"ah", 51},   {"icmp", 1},
    {"igmp", 2}, {"icmpv6", 58}, {"comp", 108},    {"dccp", 33}, {"sctp", 132}};
// proto.c icmp_type_tbl and icmp6_type_tbl.
constexpr Symbol k_icmp_types[] = {{"echo-reply", 0},           {"destination-unreachable", 3},
                                   {"source-quench", 4},        {"redirect", 5},
                                   {"echo-request", 8},         {"router-advertisement", 9},
                                   {"router-solicitation", 10}, {"time-exceeded", 11},
                                   {"parameter-problem", 12},   {"timestamp-request", 13},
                                   {"timestamp-reply", 14},     {"info-request", 15},
                                   {"info-reply", 16},          {"address-mask-request", 17},
                                   {"address-mask-reply", 18}};
constexpr Symbol k_icmpv6_types[] = {
    {"destination-unreachable", 1},  {"packet-too-big", 2},         {"time-exceeded", 3},
    {"parameter-problem", 4},        {"echo-request", 128},         {"echo-reply", 129},
    {"mld-listener-query", 130},     {"mld-listener-report", 131},  {"mld-listener-done", 132},
    {"mld-listener-reduction", 132}, {"nd-router-solicit", 133},    {"nd-router-advert", 134},
    {"nd-neighbor-solicit", 135},    {"nd-neighbor-advert", 136},   {"nd-redirect", 137},
    {"router-renumbering", 138},     {"ind-neighbor-solicit", 141}, {"ind-neighbor-advert", 142},
    {"mld2-listener-report", 143}};
constexpr std::string_view k_fib_types[] = {"unspec",   "unicast",   "local",     "broadcast",
                                            "anycast",  "multicast", "blackhole", "unreachable",
                                            "prohibit", "throw",     "nat",       "xresolve"};

template <size_t N>
std::optional<std::uint64_t> lookup(const Symbol (&table)[N], std::string_view name) {
    for (const Symbol& s : table)
        if (s.name == name) return s.value;
    return std::nullopt;
}

bool looks_numeric_v4(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) || c == '.';
    });
}

bool is_text(const Value& v) {
    return v.kind == Value::Kind::symbol || v.kind == Value::Kind::quoted ||
           v.kind == Value::Kind::number;
}

/// Splits [lo, hi] into the fewest CIDR blocks (addresses as 128-bit big-endian bytes).
void range_to_networks(const net::IpAddress& lo, const net::IpAddress& hi,
                       std::vector<net::Network>& out) {
    int bits = lo.bit_count();
    net::IpAddress cur = lo;
    auto bit = [&](const net::IpAddress& a, int i) { return (a.bytes[i / 8] >> (7 - i % 8)) & 1; };
    for (int guard = 0; guard < 256; ++guard) {
        // the largest prefix starting at cur that stays within hi
        int prefix = bits;
        while (prefix > 0) {
            int p = prefix - 1;
            if (bit(cur, p)) break;  // cur not aligned to a /p block
            net::IpAddress last = cur;
            for (int i = p; i < bits; ++i) last.bytes[i / 8] |= std::uint8_t(1u << (7 - i % 8));
            if (std::lexicographical_compare(hi.bytes.begin(), hi.bytes.begin() + bits / 8,
                                             last.bytes.begin(), last.bytes.begin() + bits / 8))
                break;
            prefix = p;
        }
        out.push_back({cur, prefix});
        net::IpAddress last = cur;
        for (int i = prefix; i < bits; ++i) last.bytes[i / 8] |= std::uint8_t(1u << (7 - i % 8));
        if (last == hi) return;
        // cur = last + 1
        cur = last;
        for (int i = bits / 8 - 1; i >= 0; --i) {
            if (++cur.bytes[i] != 0) break;
        }
    }
}

class Converter {
  public:
    Converter(std::string_view datatype, Atoms& out) : m_type(datatype), m_out(out) {}

    std::optional<TypeError> value(const Value& v) {
        switch (v.kind) {
            case Value::Kind::set:
            case Value::Kind::list:
                if (m_bitmask && v.kind == Value::Kind::list) return bits_element(v);
                for (const Value& item : v.items)
                    if (auto e = value(item)) return e;
                return std::nullopt;
            case Value::Kind::mapping:
                return value(v.items[0]);
            case Value::Kind::range:
                return range(v);
            case Value::Kind::prefix:
                return prefix(v);
            default:
                return element(v);
        }
    }

  private:
    std::optional<TypeError> error(const Value& v, std::string message) {
        return TypeError{v.loc, std::move(message)};
    }

    std::optional<TypeError> element(const Value& v) {
        if (m_type == "ipv4_addr" || m_type == "ipv6_addr") {
            net::IpAddress a;
            if (auto e = address(v, a)) return e;
            if (a.family != 0) m_out.networks.push_back({a, a.bit_count()});
            return std::nullopt;
        }
        if (m_bitmask) return bits_element(v);
        if (m_type == "ifname" || m_type == "iface_index") {
            if (!is_text(v) && v.kind != Value::Kind::asterisk)
                return error(v, "Invalid interface name");
            std::string name = v.text;
            bool wildcard = v.kind == Value::Kind::asterisk ||
                            (v.kind == Value::Kind::quoted && !name.empty() && name.back() == '*');
            if (wildcard) name.pop_back();
            m_out.interfaces.push_back({name, wildcard});
            return std::nullopt;
        }
        if (m_type == "fib_addrtype") {
            if (std::find(std::begin(k_fib_types), std::end(k_fib_types), v.text) ==
                std::end(k_fib_types))
                return error(v, "Could not parse fib address type");
            m_out.names.push_back(v.text);
            return std::nullopt;
        }
        std::uint64_t n = 0;
        if (auto e = number(v, n)) return e;
        m_out.ranges.push_back({std::uint32_t(n), std::uint32_t(n)});
        return std::nullopt;
    }

    std::optional<TypeError> number(const Value& v, std::uint64_t& n) {
        if (v.kind == Value::Kind::number) {
            n = v.number;
        } else if (v.kind == Value::Kind::binop) {
            auto folded = constant_integer(v);
            if (!folded) return error(v, "Could not parse " + datatype_description(m_type));
            n = *folded;
        } else if (m_type == "inet_service") {
            auto port = is_text(v) ? service_port(v.text) : std::nullopt;
            if (!port)
                return error(v,
                             "Could not resolve service: Servname not supported for ai_socktype");
            n = std::uint64_t(*port);
        } else if (m_type == "inet_proto") {
            auto kw = lookup(k_protocol_keywords, v.text);
            auto proto = kw ? std::optional<int>(int(*kw)) : protocol_number(v.text);
            if (!proto) return error(v, "Could not resolve protocol name");
            n = std::uint64_t(*proto);
        } else if (m_type == "nf_proto") {
            if (v.text == "ipv4")
                n = 4;
            else if (v.text == "ipv6")
                n = 6;
            else
                return error(v, "Could not parse netfilter protocol");
            return std::nullopt;
        } else if (m_type == "icmp_type" || m_type == "icmpv6_type") {
            bool v4 = m_type == "icmp_type";
            auto found = v4 ? lookup(k_icmp_types, v.text) : lookup(k_icmpv6_types, v.text);
            if (!found)
                return error(v, v4 ? "Could not parse ICMP type" : "Could not parse ICMPv6 type");
            n = *found;
        } else if (m_type == "ether_type") {
            if (v.text == "ip")
                n = 0x0800;
            else if (v.text == "ip6")
                n = 0x86dd;
            else if (v.text == "arp")
                n = 0x0806;
            else if (v.text == "vlan" || v.text == "8021q")
                n = 0x8100;
            else if (v.text == "8021ad")
                n = 0x88a8;
            else
                return error(v, "Could not parse Ethertype");
        } else {
            return error(v, "Could not parse " + datatype_description(m_type));
        }
        if (m_type == "inet_service" && n > 65535) return error(v, "Service out of range");
        bool byte = m_type == "inet_proto" || m_type == "icmp_type" || m_type == "icmpv6_type";
        if (byte && n > 255)
            return error(v, "Value " + std::to_string(n) + " exceeds valid range 0-255");
        if (m_type == "nf_proto" && v.kind == Value::Kind::number)
            n = n == 2    ? 4
                : n == 10 ? 6
                          : n + 1000;  // NFPROTO_IPV4/IPV6; others match no IP packet
        return std::nullopt;
    }

    std::optional<TypeError> bits_element(const Value& v) {
        std::uint64_t bits = 0;
        if (auto e = bits_of(v, bits)) return e;
        if (m_type == "ct_state") bits = ct_bits_from_nft(bits);
        m_out.ranges.push_back({std::uint32_t(bits), std::uint32_t(bits)});
        return std::nullopt;
    }

    std::optional<TypeError> bits_of(const Value& v, std::uint64_t& bits) {
        if (v.kind == Value::Kind::list || v.kind == Value::Kind::binop) {
            if (v.kind == Value::Kind::binop && v.text != "|") {
                auto folded = constant_integer(v);
                if (!folded) return error(v, "Could not parse " + datatype_description(m_type));
                bits = *folded;
                return std::nullopt;
            }
            for (const Value& item : v.items) {
                std::uint64_t b = 0;
                if (auto e = bits_of(item, b)) return e;
                bits |= b;
            }
            return std::nullopt;
        }
        if (v.kind == Value::Kind::number) {
            bits = v.number;
            return std::nullopt;
        }
        auto found =
            m_type == "ct_state" ? lookup(k_ct_states, v.text) : lookup(k_tcp_flags, v.text);
        if (!found)
            return error(v, m_type == "ct_state" ? "Could not parse conntrack state"
                                                 : "Could not parse TCP flag");
        bits = *found;
        return std::nullopt;
    }

    std::optional<TypeError> address(const Value& v, net::IpAddress& out) {
        int family = m_type == "ipv4_addr" ? 4 : 6;
        if (!is_text(v)) return error(v, "Could not parse " + datatype_description(m_type));
        auto a = family == 4 ? net::parse_numeric_host(v.text) : net::parse_ip(v.text);
        if (a && a->family == family) {
            out = *a;
            return std::nullopt;
        }
        auto other = net::parse_ip(v.text);
        if ((a && a->family != family) || (other && other->family != family))
            return error(v,
                         "Could not resolve hostname: Address family for hostname not supported");
        if (looks_numeric_v4(v.text) || v.text.find(':') != std::string::npos)
            return error(v, "Could not resolve hostname: Name or service not known");
        // A host name: nft resolves it through DNS when loading; unknown here.
        m_out.unresolved = "host name '" + v.text + "' is resolved by DNS when nft loads";
        return std::nullopt;
    }

    std::optional<TypeError> range(const Value& v) {
        if (m_type == "ipv4_addr" || m_type == "ipv6_addr") {
            net::IpAddress lo, hi;
            if (auto e = address(v.items[0], lo)) return e;
            if (auto e = address(v.items[1], hi)) return e;
            if (lo.family == 0 || hi.family == 0) return std::nullopt;
            if (std::lexicographical_compare(hi.bytes.begin(), hi.bytes.end(), lo.bytes.begin(),
                                             lo.bytes.end()))
                return error(v, "Range has zero or negative size");
            range_to_networks(lo, hi, m_out.networks);
            return std::nullopt;
        }
        std::uint64_t lo = 0, hi = 0;
        if (auto e = number(v.items[0], lo)) return e;
        if (auto e = number(v.items[1], hi)) return e;
        if (hi < lo) return error(v, "Range has zero or negative size");
        m_out.ranges.push_back({std::uint32_t(lo), std::uint32_t(hi)});
        return std::nullopt;
    }

    std::optional<TypeError> prefix(const Value& v) {
        if (m_type != "ipv4_addr" && m_type != "ipv6_addr")
            return std::nullopt;  // integer prefixes (marks): accepted, not modelled
        net::IpAddress a;
        if (auto e = address(v.items[0], a)) return e;
        if (a.family == 0) return std::nullopt;
        if (int(v.number) > a.bit_count()) return error(v, "Prefix length exceeds address size");
        m_out.networks.push_back({net::mask(a, int(v.number)), int(v.number)});
        return std::nullopt;
    }

    std::string_view m_type;
    Atoms& m_out;
    bool m_bitmask = m_type == "ct_state" || m_type == "tcp_flag";
};

}  // namespace

bool is_modelled_datatype(std::string_view t) {
    return t == "ipv4_addr" || t == "ipv6_addr" || t == "inet_service" || t == "inet_proto" ||
           t == "nf_proto" || t == "ct_state" || t == "tcp_flag" || t == "ifname" ||
           t == "iface_index" || t == "mark" || t == "ether_type" || t == "fib_addrtype" ||
           t == "icmp_type" || t == "icmpv6_type";
}

std::optional<TypeError> convert(const Value& value, std::string_view datatype, Atoms& out) {
    return Converter(datatype, out).value(value);
}

std::uint32_t ct_bits_from_nft(std::uint64_t b) {
    std::uint32_t out = 0;
    if (b & 1) out |= nf::k_ct_invalid;
    if (b & 2) out |= nf::k_ct_established;
    if (b & 4) out |= nf::k_ct_related;
    if (b & 8) out |= nf::k_ct_new;
    if (b & 64) out |= nf::k_ct_untracked;
    return out;
}

std::optional<std::uint64_t> constant_integer(const Value& v) {
    if (v.kind == Value::Kind::number) return v.number;
    if (v.kind != Value::Kind::binop) return std::nullopt;
    auto a = constant_integer(v.items[0]);
    auto b = constant_integer(v.items[1]);
    if (!a || !b) return std::nullopt;
    if (v.text == "|") return *a | *b;
    if (v.text == "&") return *a & *b;
    if (v.text == "^") return *a ^ *b;
    if (v.text == "<<") return *b < 64 ? *a << *b : 0;
    if (v.text == ">>") return *b < 64 ? *a >> *b : 0;
    return std::nullopt;
}

std::string datatype_description(std::string_view t) {
    if (t == "ipv4_addr") return "IPv4 address";
    if (t == "ipv6_addr") return "IPv6 address";
    if (t == "inet_service") return "internet network service";
    if (t == "inet_proto") return "Internet protocol";
    if (t == "ct_state") return "conntrack state";
    if (t == "tcp_flag") return "TCP flag";
    if (t == "ifname") return "network interface name";
    if (t == "iface_index") return "network interface index";
    if (t == "mark") return "packet mark";
    if (t == "nf_proto") return "netfilter protocol";
    if (t == "ether_type") return "Ethernet protocol";
    if (t == "ether_addr") return "Ethernet address";
    if (t == "icmp_type") return "ICMP type";
    if (t == "icmpv6_type") return "ICMPv6 type";
    return std::string(t);
}

}  // namespace lifeline::nft

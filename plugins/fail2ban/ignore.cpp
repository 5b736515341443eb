// IPAddr.__wrap_ipstr / __init / masktoplen of fail2ban 1.0.2, for ignoreip entries.
#include "ignore.hpp"

#include <optional>

#include "fail2ban/ini.hpp"
#include "fail2ban/jail.hpp"

namespace lifeline::f2b {
namespace {

/// What fail2ban-server 1.0.2 does with an entry IPAddr refuses (checked with the real server,
/// tests/e2e_fail2ban): the ValueError aborts the configuration stream, so no jail runs.
constexpr std::string_view k_refusal_effect =
    "fail2ban-server fails on this entry and then runs no jail at all (at start it exits, a "
    "reload leaves no working jail)";

/// What IPAddr(text) gives with no explicit length: an address (IPv4-mapped IPv6 becomes
/// IPv4) with its bit count as prefix, or nothing for a name.
std::optional<net::Network> plain_address(std::string_view text) {
    auto ip = net::parse_ip(text);
    if (!ip || ip->scope_id != 0 || text.find('%') != std::string_view::npos) return std::nullopt;
    if (ip->family == 6) {
        bool mapped = true;
        for (int i = 0; i < 10; ++i) mapped &= ip->bytes[i] == 0;
        mapped &= ip->bytes[10] == 0xff && ip->bytes[11] == 0xff;
        if (mapped) {
            net::IpAddress v4;
            v4.family = 4;
            for (int i = 0; i < 4; ++i) v4.bytes[i] = ip->bytes[12 + i];
            return net::Network{v4, 32};
        }
    }
    return net::Network{*ip, ip->bit_count()};
}

/// IPAddr(mask).maskplen: the prefix length of a contiguous mask; a text that is no address
/// has the integer value 0 and so the length 0; other values raise ValueError (nullopt).
std::optional<int> mask_to_prefix(std::string_view mask_text) {
    IgnoreEntry inner = parse_ignore_entry(mask_text);
    if (inner.kind == IgnoreEntry::Kind::refused) return std::nullopt;
    if (inner.kind != IgnoreEntry::Kind::network) return 0;
    const net::IpAddress& a = inner.network.address;
    int bits = a.bit_count(), ones = 0;
    while (ones < bits && (a.bytes[ones / 8] >> (7 - ones % 8) & 1)) ++ones;
    for (int b = ones; b < bits; ++b)
        if (a.bytes[b / 8] >> (7 - b % 8) & 1) {
            // Not contiguous. The table also maps IPv6-sized values, but an IPv4 value with
            // a gap is in neither half.
            return std::nullopt;
        }
    return ones;
}

bool has_space(std::string_view s) {
    for (char c : s)
        if (py_isspace(c)) return true;
    return false;
}

bool host_name_like(std::string_view s) {
    if (s.empty() || s.size() > 253) return false;
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '-' || c == '.' || c == '_')) return false;
    }
    return true;
}

}  // namespace

IgnoreEntry parse_ignore_entry(std::string_view text) {
    IgnoreEntry e;
    e.text = std::string(text);
    std::string_view s = text;
    if (s.size() > 2 && s.front() == '[' && s.back() == ']') s = s.substr(1, s.size() - 2);
    size_t slash = s.find('/');
    if (slash == std::string_view::npos) {
        if (auto n = plain_address(s)) {
            e.kind = IgnoreEntry::Kind::network;
            e.network = *n;
            return e;
        }
        e.kind = IgnoreEntry::Kind::name;
        if (has_space(text))
            e.problem = "it holds a blank (a TAB is not a separator), so fail2ban reads it as one "
                        "host name that never resolves: it ignores nothing";
        else if (!host_name_like(s))
            e.problem = "it is neither an address, a network nor a host name: it ignores nothing";
        return e;
    }
    std::string_view addr = s.substr(0, slash), len = s.substr(slash + 1);
    std::optional<long long> prefix;
    bool mask_form = len.find('.') != std::string_view::npos ||
                     len.find(':') != std::string_view::npos;
    bool mask_not_address = false;
    if (mask_form) {
        auto p = mask_to_prefix(len);
        if (!p) {
            e.kind = IgnoreEntry::Kind::refused;
            e.problem = "the mask '" + std::string(len) + "' is not contiguous: " +
                        std::string(k_refusal_effect);
            return e;
        }
        IgnoreEntry inner = parse_ignore_entry(len);
        mask_not_address = inner.kind != IgnoreEntry::Kind::network;
        prefix = *p;
    } else {
        prefix = python_int(len);
        if (!prefix) {
            e.kind = IgnoreEntry::Kind::refused;
            e.problem = "'" + std::string(len) + "' is not a prefix length" +
                        (has_space(len) ? " (a TAB is not a separator)" : std::string()) + ": " +
                        std::string(k_refusal_effect);
            return e;
        }
    }
    auto base = net::parse_ip(addr);
    if (!base || base->scope_id != 0 || addr.find('%') != std::string_view::npos) {
        // With an explicit length, no IPv4-mapped conversion and no family other than the
        // two; a name with a length never resolves to anything.
        e.kind = IgnoreEntry::Kind::name;
        e.problem = "'" + std::string(addr) +
                    "' is not an address, and a host name cannot carry a length: it ignores "
                    "nothing";
        return e;
    }
    if (*prefix < 0) {
        // -2 is IPAddr.CIDR_RAW: a raw value whose family matches no address. -1 is CIDR_UNSPEC,
        // as if no length was given. Any other negative picks the family CIDR_RAW - length
        // (-4: IPv4, -12: IPv6, the rest none inet_pton knows): the address parses in it with no
        // mask applied, or the entry is invalid and isInNet falls back to a DNS lookup of the
        // address text, which yields that very address. Either way the entry is the address
        // alone (an IPv4-mapped IPv6 address read as IPv4); checked with fail2ban 1.0.2's
        // Filter.inIgnoreIPList and a running server (tests/e2e_fail2ban ignoreip_negative_len).
        if (*prefix == -2) {
            e.kind = IgnoreEntry::Kind::nothing;
            e.problem = "the length -2 is fail2ban's marker for a raw value: the entry matches no "
                        "address";
            return e;
        }
        IgnoreEntry alone = parse_ignore_entry(addr);
        if (alone.kind != IgnoreEntry::Kind::network) {
            e.kind = IgnoreEntry::Kind::nothing;
            e.problem = "a negative length makes the entry match no address";
            return e;
        }
        e.kind = IgnoreEntry::Kind::network;
        e.network = alone.network;
        e.problem = "a negative length is no length to fail2ban: the entry is the single address " +
                    net::format_ip(e.network.address);
        return e;
    }
    int bits = base->bit_count();
    int effective = *prefix > bits ? bits : static_cast<int>(*prefix);
    e.kind = IgnoreEntry::Kind::network;
    e.network = {net::mask(*base, effective), effective};
    if (mask_not_address) {
        e.problem = "'" + std::string(len) + "' is not a mask" +
                    (has_space(len) ? " (a TAB is not a separator)" : std::string()) +
                    ": fail2ban reads it as length 0, so the entry ignores every IPv" +
                    std::to_string(base->family) + " address";
    } else if (*prefix > bits) {
        e.problem = "the length " + std::to_string(*prefix) + " exceeds " +
                    std::to_string(bits) + ": fail2ban reads the entry as the single address " +
                    net::format_ip(e.network.address);
    } else if (has_space(text)) {
        e.problem = "it holds a blank (a TAB is not a separator)";
    }
    return e;
}

bool ignores_all(const IgnoreEntry& entry, const net::Network& sources) {
    if (entry.kind != IgnoreEntry::Kind::network) return false;
    const net::Network& n = entry.network;
    if (n.address.family != sources.address.family || sources.prefix < n.prefix) return false;
    return net::contains(n, sources.address);
}

bool is_self_address(const net::Network& sources) {
    const net::IpAddress& a = sources.address;
    if (sources.prefix != a.bit_count()) return false;
    if (a.family == 4) return a.bytes[0] == 127 && a.bytes[1] == 0 && a.bytes[2] == 0 && a.bytes[3] == 1;
    for (int i = 0; i < 15; ++i)
        if (a.bytes[i] != 0) return false;
    return a.bytes[15] == 1;
}

}  // namespace lifeline::f2b

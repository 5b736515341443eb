#include "lifeline/net.hpp"

#include <charconv>
#include <cstdio>

namespace lifeline::net {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Four decimal octets without leading zeros, as inet_pton(AF_INET) wants.
std::optional<std::array<std::uint8_t, 4>> parse_dotted_quad(std::string_view s) {
    std::array<std::uint8_t, 4> out{};
    int part = 0;
    size_t i = 0;
    while (true) {
        if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
        if (s[i] == '0' && i + 1 < s.size() && is_digit(s[i + 1])) return std::nullopt;
        unsigned v = 0;
        while (i < s.size() && is_digit(s[i])) {
            v = v * 10 + unsigned(s[i] - '0');
            if (v > 255) return std::nullopt;
            ++i;
        }
        out[size_t(part++)] = std::uint8_t(v);
        if (part == 4) return i == s.size() ? std::optional(out) : std::nullopt;
        if (i >= s.size() || s[i] != '.') return std::nullopt;
        ++i;
    }
}

/// One number of an inet_aton part: C literal rules (0x hex, 0 octal, else decimal).
/// Returns the value and advances `i`; nullopt on overflow past 32 bits.
std::optional<std::uint64_t> parse_aton_number(std::string_view s, size_t& i) {
    int base = 10;
    if (s[i] == '0') {
        if (i + 1 < s.size() && (s[i + 1] == 'x' || s[i + 1] == 'X') && i + 2 < s.size() &&
            hex_value(s[i + 2]) >= 0) {
            base = 16;
            i += 2;
        } else {
            base = 8;
        }
    }
    std::uint64_t v = 0;
    while (i < s.size()) {
        int d = hex_value(s[i]);
        if (d < 0 || d >= base) break;
        v = v * std::uint64_t(base) + std::uint64_t(d);
        if (v > 0xffffffffull) return std::nullopt;
        ++i;
    }
    return v;
}

/// glibc's exact inet_aton: 1 to 4 parts, the last one filling the remaining bytes.
std::optional<std::array<std::uint8_t, 4>> parse_inet_aton(std::string_view s) {
    std::uint64_t parts[4] = {};
    int n = 0;
    size_t i = 0;
    while (true) {
        if (i >= s.size() || !is_digit(s[i])) return std::nullopt;
        auto v = parse_aton_number(s, i);
        if (!v) return std::nullopt;
        if (i < s.size() && s[i] == '.') {
            if (n >= 3 || *v > 0xff) return std::nullopt;
            parts[n++] = *v;
            ++i;
            continue;
        }
        if (i != s.size()) return std::nullopt;
        static const std::uint64_t k_max_last[] = {0xffffffffull, 0xffffff, 0xffff, 0xff};
        if (*v > k_max_last[n]) return std::nullopt;
        std::uint32_t value = std::uint32_t(*v);
        for (int k = 0; k < n; ++k) value |= std::uint32_t(parts[k]) << (24 - 8 * k);
        return std::array<std::uint8_t, 4>{std::uint8_t(value >> 24), std::uint8_t(value >> 16),
                                           std::uint8_t(value >> 8), std::uint8_t(value)};
    }
}

/// inet_pton(AF_INET6): hex groups, one `::`, an optional trailing dotted quad.
std::optional<std::array<std::uint8_t, 16>> parse_ipv6(std::string_view s) {
    std::array<std::uint8_t, 16> out{};
    int words = 0;  // 16-bit groups written so far
    int gap = -1;   // index (in groups) where `::` stands
    size_t i = 0;
    if (s.size() >= 2 && s[0] == ':' && s[1] == ':') {
        gap = 0;
        i = 2;
        if (i == s.size()) return out;
    } else if (!s.empty() && s[0] == ':') {
        return std::nullopt;
    }
    while (i < s.size()) {
        size_t start = i;
        unsigned v = 0;
        int digits = 0;
        while (i < s.size() && hex_value(s[i]) >= 0 && digits < 5) {
            v = v * 16 + unsigned(hex_value(s[i]));
            ++i;
            ++digits;
        }
        if (i < s.size() && s[i] == '.') {
            // Embedded IPv4 in the last 32 bits.
            if (words > 6) return std::nullopt;
            auto quad = parse_dotted_quad(s.substr(start));
            if (!quad) return std::nullopt;
            for (int k = 0; k < 4; ++k) out[size_t(words * 2 + k)] = (*quad)[size_t(k)];
            words += 2;
            i = s.size();
            break;
        }
        if (digits == 0 || digits > 4 || words >= 8) return std::nullopt;
        out[size_t(words * 2)] = std::uint8_t(v >> 8);
        out[size_t(words * 2 + 1)] = std::uint8_t(v);
        ++words;
        if (i == s.size()) break;
        if (s[i] != ':') return std::nullopt;
        ++i;
        if (i < s.size() && s[i] == ':') {
            if (gap >= 0) return std::nullopt;
            gap = words;
            ++i;
        } else if (i == s.size()) {
            return std::nullopt;  // trailing single colon
        }
    }
    if (gap >= 0) {
        if (words >= 8) return std::nullopt;
        int tail = words - gap;
        for (int k = tail - 1; k >= 0; --k) {
            out[size_t((8 - tail + k) * 2)] = out[size_t((gap + k) * 2)];
            out[size_t((8 - tail + k) * 2 + 1)] = out[size_t((gap + k) * 2 + 1)];
        }
        for (int k = gap; k < 8 - tail; ++k) out[size_t(k * 2)] = out[size_t(k * 2 + 1)] = 0;
    } else if (words != 8) {
        return std::nullopt;
    }
    return out;
}

IpAddress make_v4(const std::array<std::uint8_t, 4>& b) {
    IpAddress a;
    a.family = 4;
    for (size_t k = 0; k < 4; ++k) a.bytes[k] = b[k];
    return a;
}

IpAddress make_v6(const std::array<std::uint8_t, 16>& b) {
    IpAddress a;
    a.family = 6;
    a.bytes = b;
    return a;
}

std::string format_v4(const std::uint8_t* b) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
    return buf;
}

}  // namespace

std::optional<IpAddress> parse_ip(std::string_view text) {
    if (text.find(':') == std::string_view::npos) {
        if (auto q = parse_dotted_quad(text)) return make_v4(*q);
        return std::nullopt;
    }
    if (auto b = parse_ipv6(text)) return make_v6(*b);
    return std::nullopt;
}

std::optional<IpAddress> parse_numeric_host(std::string_view text) {
    if (text.find(':') == std::string_view::npos) {
        if (auto q = parse_inet_aton(text)) return make_v4(*q);
        return std::nullopt;
    }
    std::uint32_t scope = 0;
    size_t pct = text.find('%');
    if (pct != std::string_view::npos) {
        std::string_view zone = text.substr(pct + 1);
        text = text.substr(0, pct);
        if (zone == "lo") {
            scope = 1;  // the loopback interface is index 1 on Linux
        } else {
            auto [p, ec] = std::from_chars(zone.data(), zone.data() + zone.size(), scope);
            if (zone.empty() || ec != std::errc() || p != zone.data() + zone.size())
                return std::nullopt;
        }
    }
    auto b = parse_ipv6(text);
    if (!b) return std::nullopt;
    IpAddress a = make_v6(*b);
    a.scope_id = scope;
    return a;
}

std::string format_ip(const IpAddress& a) {
    if (a.family == 4) return format_v4(a.bytes.data());
    unsigned w[8];
    for (int k = 0; k < 8; ++k)
        w[k] = unsigned(a.bytes[size_t(2 * k)]) << 8 | a.bytes[size_t(2 * k + 1)];
    // Longest run of zero groups (first one on ties), compressed only when at least two long.
    int best = -1, best_len = 0;
    for (int k = 0; k < 8;) {
        if (w[k] != 0) {
            ++k;
            continue;
        }
        int start = k;
        while (k < 8 && w[k] == 0) ++k;
        if (k - start > best_len) best = start, best_len = k - start;
    }
    if (best_len < 2) best = -1;
    std::string out;
    char buf[8];
    for (int k = 0; k < 8; ++k) {
        if (best >= 0 && k >= best && k < best + best_len) {
            if (k == best) out += ':';
            continue;
        }
        if (k != 0) out += ':';
        if (k == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
            out += format_v4(a.bytes.data() + 12);
            break;
        }
        std::snprintf(buf, sizeof buf, "%x", w[k]);
        out += buf;
    }
    if (best >= 0 && best + best_len == 8) out += ':';
    if (a.scope_id != 0) out += '%' + std::to_string(a.scope_id);
    return out;
}

IpAddress mask(const IpAddress& address, int prefix) {
    IpAddress out = address;
    int bits = address.bit_count();
    int keep = prefix < 0 ? 0 : prefix > bits ? bits : prefix;
    size_t full = size_t(keep / 8);
    if (full < out.bytes.size() && keep % 8 != 0) {
        out.bytes[full] &= std::uint8_t(0xffu << (8 - keep % 8));
        ++full;
    }
    for (size_t i = full; i < out.bytes.size(); ++i) out.bytes[i] = 0;
    out.scope_id = 0;
    return out;
}

bool contains(const Network& network, const IpAddress& address) {
    // Byte-wise, without building masked copies: the evaluator calls this for every address
    // term of every rule it passes.
    if (network.address.family != address.family) return false;
    int bits = address.bit_count();
    int keep = network.prefix < 0 ? 0 : network.prefix > bits ? bits : network.prefix;
    size_t full = size_t(keep / 8);
    for (size_t i = 0; i < full; ++i)
        if (network.address.bytes[i] != address.bytes[i]) return false;
    if (keep % 8 == 0) return true;
    std::uint8_t m = std::uint8_t(0xffu << (8 - keep % 8));
    return (network.address.bytes[full] & m) == (address.bytes[full] & m);
}

bool host_bits_clear(const IpAddress& address, int prefix) {
    IpAddress m = mask(address, prefix);
    return m.bytes == address.bytes;
}

std::optional<Network> parse_network(std::string_view text, NetworkError* error) {
    auto fail = [&](NetworkError e) -> std::optional<Network> {
        if (error) *error = e;
        return std::nullopt;
    };
    if (error) *error = NetworkError::none;
    size_t slash = text.find('/');
    auto addr = parse_ip(text.substr(0, slash));
    if (!addr) return fail(NetworkError::syntax);
    int prefix = addr->bit_count();
    if (slash != std::string_view::npos) {
        std::string_view len = text.substr(slash + 1);
        if (len.empty() || len.size() > 3) return fail(NetworkError::syntax);
        for (char c : len)
            if (!is_digit(c)) return fail(NetworkError::syntax);
        std::from_chars(len.data(), len.data() + len.size(), prefix);
        if (prefix > addr->bit_count()) return fail(NetworkError::too_long);
    }
    if (!host_bits_clear(*addr, prefix)) return fail(NetworkError::host_bits);
    return Network{*addr, prefix};
}

std::string format_network(const Network& network) {
    return format_ip(network.address) + '/' + std::to_string(network.prefix);
}

}  // namespace lifeline::net

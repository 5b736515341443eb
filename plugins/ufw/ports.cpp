// Port lists the way ufw 0.36.2 checks them (common.py UFWRule.set_port): no leading or
// trailing separator, at most 15 entries (an iptables multiport limit), each a number in
// 1..65535, a range LOW:HIGH with LOW < HIGH, or a service name from /etc/services.
#include "ports.hpp"

#include <algorithm>
#include <cctype>

namespace lifeline::ufw {
namespace {

constexpr std::string_view k_protocols[] = {"tcp",  "udp", "ipv6", "esp", "ah",
                                            "igmp", "gre", "vrrp", "any"};
constexpr std::string_view k_portless[] = {"ipv6", "esp", "ah", "igmp", "gre", "vrrp"};
constexpr int k_max_separators = 14;

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// A decimal port in 1..65535 (leading zeros allowed, as Python's int() takes them).
std::optional<int> port_number(std::string_view s) {
    if (!all_digits(s)) return std::nullopt;
    size_t i = 0;
    while (i + 1 < s.size() && s[i] == '0') ++i;
    s.remove_prefix(i);
    if (s.size() > 5) return std::nullopt;
    int v = std::stoi(std::string(s));
    if (v < 1 || v > 65535) return std::nullopt;
    return v;
}

bool is_word_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

}  // namespace

std::optional<int> ServiceDb::find(std::string_view name) const {
    auto it = ports.find(name);
    if (it == ports.end()) return std::nullopt;
    return it->second;
}

ServiceDb parse_services(std::string_view text) {
    ServiceDb db;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        std::string_view line = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        start = end == std::string_view::npos ? text.size() + 1 : end + 1;
        line = line.substr(0, line.find('#'));
        std::vector<std::string_view> fields;
        size_t i = 0;
        while (i < line.size()) {
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
            size_t b = i;
            while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
            if (i > b) fields.push_back(line.substr(b, i - b));
        }
        if (fields.size() < 2) continue;
        auto slash = fields[1].find('/');
        if (slash == std::string_view::npos) continue;
        auto port = port_number(fields[1].substr(0, slash));
        if (!port) continue;
        for (size_t f = 0; f < fields.size(); ++f) {
            if (f == 1) continue;
            db.ports.emplace(std::string(fields[f]), *port);
        }
    }
    return db;
}

std::optional<PortSpec> parse_ports(std::string_view text, const ServiceDb& services,
                                    std::string& error) {
    PortSpec out;
    if (text == "any") {
        out.text = "any";
        return out;
    }
    error = "bad port '" + std::string(text) + "'";
    if (text.empty() || text.front() == ',' || text.front() == ':' || text.back() == ',' ||
        text.back() == ':')
        return std::nullopt;
    if (std::count(text.begin(), text.end(), ',') + std::count(text.begin(), text.end(), ':') >
        k_max_separators)
        return std::nullopt;
    size_t start = 0;
    int pieces = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        std::string_view p = text.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        start = comma == std::string_view::npos ? text.size() + 1 : comma + 1;
        ++pieces;
        std::string piece;
        auto colon = p.find(':');
        if (colon != std::string_view::npos && all_digits(p.substr(0, colon)) &&
            all_digits(p.substr(colon + 1))) {
            auto lo = port_number(p.substr(0, colon)), hi = port_number(p.substr(colon + 1));
            if (!lo || !hi || *lo >= *hi) return std::nullopt;
            out.multi = true;
            piece = std::string(p);
        } else if (all_digits(p)) {
            if (!port_number(p)) return std::nullopt;
            piece = std::string(p);
        } else if (p.size() >= 2 && is_word_char(p[0]) && (is_word_char(p[1]) || p[1] == '-')) {
            // ufw asks getservbyname() for the whole piece and keeps the number.
            auto port = services.find(p);
            if (!port) return std::nullopt;
            piece = std::to_string(*port);
        } else {
            return std::nullopt;
        }
        if (!out.text.empty()) out.text += ',';
        out.text += piece;
    }
    if (pieces > 1) out.multi = true;
    error.clear();
    return out;
}

std::vector<std::pair<int, int>> port_ranges(std::string_view normalised) {
    std::vector<std::pair<int, int>> out;
    if (normalised == "any") return out;
    size_t start = 0;
    while (start <= normalised.size()) {
        size_t comma = normalised.find(',', start);
        std::string_view p = normalised.substr(
            start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        start = comma == std::string_view::npos ? normalised.size() + 1 : comma + 1;
        auto colon = p.find(':');
        auto lo = port_number(p.substr(0, colon));
        auto hi = colon == std::string_view::npos ? lo : port_number(p.substr(colon + 1));
        if (lo && hi) out.emplace_back(*lo, *hi);
    }
    return out;
}

bool is_ufw_protocol(std::string_view proto) {
    return std::find(std::begin(k_protocols), std::end(k_protocols), proto) !=
           std::end(k_protocols);
}

bool is_portless_protocol(std::string_view proto) {
    return std::find(std::begin(k_portless), std::end(k_portless), proto) != std::end(k_portless);
}

}  // namespace lifeline::ufw

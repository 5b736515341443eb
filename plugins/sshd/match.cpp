#include "match.hpp"

#include <cstdlib>
#include <optional>

#include "lifeline/net.hpp"

namespace lifeline::sshd {
namespace {

/// sshd's addr_pton_cidr: 0 ok, -1 not an address (use it as a wildcard), -2 inconsistent.
int parse_cidr(std::string_view entry, net::IpAddress& addr, int& masklen) {
    if (entry.size() >= 64) return -1;
    std::string_view host = entry;
    long long len = -1;
    if (size_t slash = entry.find('/'); slash != std::string_view::npos) {
        host = entry.substr(0, slash);
        std::string_view m = entry.substr(slash + 1);
        if (m.empty() || m[0] < '0' || m[0] > '9') return -1;
        unsigned long long v = 0;
        for (char c : m) {
            if (c < '0' || c > '9') return -1;
            v = v * 10 + unsigned(c - '0');
            if (v > 128) return -1;
        }
        len = (long long)v;
    }
    auto a = net::parse_numeric_host(host);
    if (!a) return -1;
    if (len < 0) len = a->bit_count();
    if (len > a->bit_count()) return -2;
    if (!net::host_bits_clear(*a, int(len))) return -2;
    addr = *a;
    masklen = int(len);
    return 0;
}

}  // namespace

bool match_pattern(std::string_view s, std::string_view p) {
    // Iterative wildcard match with backtracking to the last `*`: same answers as sshd's
    // recursive matcher, without its exponential worst case.
    size_t si = 0, pi = 0;
    size_t star = std::string_view::npos, mark = 0;
    while (si < s.size()) {
        if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++si;
            ++pi;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = si;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            si = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

int match_pattern_list(std::string_view text, std::string_view list, bool lower) {
    bool positive = false;
    size_t i = 0;
    std::string sub;
    while (i < list.size()) {
        bool negated = false;
        if (list[i] == '!') {
            negated = true;
            ++i;
        }
        size_t end = list.find(',', i);
        if (end == std::string_view::npos) end = list.size();
        if (end - i >= 1023) return k_match_none;
        sub.assign(list.substr(i, end - i));
        if (lower)
            for (char& c : sub)
                if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        i = end < list.size() ? end + 1 : end;
        if (match_pattern(text, sub)) {
            if (negated) return k_match_negated;
            positive = true;
        }
    }
    return positive ? k_match_positive : k_match_none;
}

int match_hostname(std::string_view host, std::string_view list) {
    std::string h(host);
    for (char& c : h)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return match_pattern_list(h, list, true);
}

int addr_match_list(const std::string* address, std::string_view list) {
    std::optional<net::IpAddress> try_addr;
    if (address) {
        try_addr = net::parse_numeric_host(*address);
        if (!try_addr) return 0;
    }
    int ret = 0;
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        std::string_view entry = list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        bool neg = !entry.empty() && entry[0] == '!';
        if (neg) entry.remove_prefix(1);
        if (entry.empty()) return k_addr_invalid;
        net::IpAddress net_addr;
        int masklen = 0;
        int r = parse_cidr(entry, net_addr, masklen);
        if (r == -2) return k_addr_invalid;
        bool hit = false;
        if (r == 0) {
            hit = try_addr && net::contains(net::Network{net_addr, masklen}, *try_addr) &&
                  try_addr->scope_id == net_addr.scope_id;
        } else {
            hit = address && match_pattern(*address, entry);
        }
        if (hit) {
            if (neg) return -1;
            ret = 1;
        }
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return ret;
}

std::string addr_list_error(std::string_view list) {
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        std::string_view entry = list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (!entry.empty() && entry[0] == '!') entry.remove_prefix(1);
        if (entry.empty()) return "empty entry in the address list";
        net::IpAddress a;
        int len = 0;
        if (parse_cidr(entry, a, len) == -2) {
            auto slash = entry.find('/');
            auto host = net::parse_numeric_host(entry.substr(0, slash));
            if (host && slash != std::string_view::npos &&
                std::atoi(std::string(entry.substr(slash + 1)).c_str()) > host->bit_count())
                return "mask length too long in \"" + std::string(entry) + "\"";
            return "host bits set in \"" + std::string(entry) + "\"";
        }
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return {};
}

int match_host_and_ip(const std::string* host, const std::string* ip, std::string_view list) {
    int mip = addr_match_list(ip, list);
    if (mip == k_addr_invalid) return -1;
    if (!host || !ip || mip == -1) return 0;
    int mhost = match_hostname(*host, list);
    if (mhost == -1) return 0;
    if (mhost == 0 && mip == 0) return 0;
    return 1;
}

int match_user(const std::string* user, const std::string* host, const std::string* ip,
               std::string_view pattern) {
    size_t at = pattern.find('@');
    if (!user && !host && !ip) {
        if (at != std::string_view::npos &&
            match_host_and_ip(nullptr, nullptr, pattern.substr(at + 1)) < 0)
            return -1;
        return 0;
    }
    if (at == std::string_view::npos) return user && match_pattern(*user, pattern) ? 1 : 0;
    if (!user || !match_pattern(*user, pattern.substr(0, at))) return 0;
    return match_host_and_ip(host, ip, pattern.substr(at + 1));
}

int match_group_list(const std::vector<std::string>& groups, std::string_view list) {
    bool found = false;
    for (const std::string& g : groups) {
        int r = match_pattern_list(g, list, false);
        if (r == k_match_negated) return 0;
        if (r == k_match_positive) found = true;
    }
    return found ? 1 : 0;
}

}  // namespace lifeline::sshd

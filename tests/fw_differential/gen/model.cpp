#include "model.hpp"

#include <algorithm>

namespace fwgen {

const std::vector<std::string>& sources(int family) {
    static const std::vector<std::string> v4 = {"10.66.0.2",  "10.66.0.3", "10.66.1.5",
                                                "10.66.1.77", "10.66.2.9", "10.66.200.1"};
    static const std::vector<std::string> v6 = {
        "fd66::2", "fd66::3", "fd66:0:0:1::5", "fd66:0:0:1::77", "fd66:0:0:2::9", "fd66:0:0:c8::1"};
    return family == 4 ? v4 : v6;
}

const std::vector<std::string>& servers(int family) {
    static const std::vector<std::string> v4 = {"10.66.0.1", "10.66.0.10"};
    static const std::vector<std::string> v6 = {"fd66::1", "fd66::10"};
    return family == 4 ? v4 : v6;
}

const std::vector<std::string>& networks(int family) {
    // Each splits the sources differently: the veth /24, the routed /24s, a /23 over two of
    // them, a /17 holding only .200.1, a /26 holding only .1.77, and the whole /16.
    static const std::vector<std::string> v4 = {"10.66.0.0/24", "10.66.1.0/24",   "10.66.2.0/24",
                                                "10.66.0.0/23", "10.66.128.0/17", "10.66.1.64/26",
                                                "10.66.0.0/16", "10.66.0.2/31"};
    static const std::vector<std::string> v6 = {
        "fd66::/64",        "fd66:0:0:1::/64", "fd66:0:0:2::/63", "fd66::/62",
        "fd66:0:0:c8::/62", "fd66::/48",       "fd66::2/127",     "fd66:0:0:1::/120"};
    return family == 4 ? v4 : v6;
}

const std::vector<int>& probe_ports() {
    static const std::vector<int> ports = {22, 80, 443, 2222, 3000, 3050, 8022, 9000};
    return ports;
}

const std::vector<std::string>& port_ranges() {
    static const std::vector<std::string> ranges = {"2000:2300", "3000:3100", "1:1023", "8000:9000",
                                                    "23:2999"};
    return ranges;
}

std::string random_network(Rng& rng, int family) {
    if (rng.chance(70)) return rng.pick(networks(family));
    return rng.pick(sources(family)) + (family == 4 ? "/32" : "/128");
}

std::vector<std::string> disjoint_elements(Rng& rng, int family, int count) {
    static const std::vector<std::string> v4 = {"10.66.0.0/24", "10.66.1.0/26", "10.66.1.64/26",
                                                "10.66.2.0/24", "10.66.128.0/17"};
    static const std::vector<std::string> v6 = {"fd66::/64", "fd66:0:0:1::/120", "fd66:0:0:2::/63",
                                                "fd66:0:0:c8::/62"};
    int n = rng.between(1, count);
    if (rng.chance(50)) return distinct(rng, sources(family), n);
    return distinct(rng, family == 4 ? v4 : v6, n);
}

std::vector<std::string> distinct(Rng& rng, const std::vector<std::string>& pool, int count) {
    std::vector<std::string> out;
    while (static_cast<int>(out.size()) < count && out.size() < pool.size()) {
        const std::string& s = rng.pick(pool);
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
}

std::vector<int> distinct_ports(Rng& rng, int count) {
    std::vector<int> out;
    while (static_cast<int>(out.size()) < count && out.size() < probe_ports().size()) {
        int p = rng.pick(probe_ports());
        if (std::find(out.begin(), out.end(), p) == out.end()) out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
    return out;
}

std::string join_ports(const std::vector<int>& ports, const std::string& sep) {
    std::vector<std::string> s;
    for (int p : ports) s.push_back(std::to_string(p));
    return join(s, sep);
}

}  // namespace fwgen

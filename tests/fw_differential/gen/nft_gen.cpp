#include "nft_gen.hpp"

#include <algorithm>

#include "model.hpp"

namespace fwgen {

namespace {

/// One table being written: its family and the names it declares.
struct Table {
    std::string family;  ///< ip, ip6, inet
    std::string name;
    std::string set4, set6, ports;  ///< named sets ("" = none)
    bool sees(int f) const { return family == "inet" || (f == 4) == (family == "ip"); }
};

std::string port_range(Rng& rng) {
    std::string r = rng.pick(port_ranges());
    std::replace(r.begin(), r.end(), ':', '-');
    return r;
}

/// An address match for family `f` (`ip` or `ip6` prefix decides the family in inet tables).
std::string address_match(Rng& rng, const Table& t, int f) {
    std::string key = f == 4 ? "ip saddr " : "ip6 saddr ";
    if (rng.chance(10)) key = f == 4 ? "ip daddr " : "ip6 daddr ";
    std::string op = rng.chance(25) ? "!= " : "";
    const std::string& set = f == 4 ? t.set4 : t.set6;
    if (!set.empty() && key.find("saddr") != std::string::npos && rng.chance(30))
        return key + op + "@" + set;
    if (key.find("daddr") != std::string::npos) return key + op + rng.pick(servers(f));
    if (rng.chance(25)) return key + op + "{ " + join(disjoint_elements(rng, f, 3), ", ") + " }";
    return key + op + random_network(rng, f);
}

std::string port_match(Rng& rng, const Table& t) {
    std::string key = rng.chance(15) ? "th dport " : "tcp dport ";
    std::string op = rng.chance(20) ? "!= " : "";
    switch (rng.below(5)) {
        case 0:
        case 1:
            return key + op + std::to_string(rng.pick(probe_ports()));
        case 2:
            return key + op + "{ " + join_ports(distinct_ports(rng, rng.between(2, 3)), ", ") +
                   " }";
        case 3:
            return key + op + port_range(rng);
        default:
            return t.ports.empty() ? "tcp dport " + std::to_string(rng.pick(probe_ports()))
                                   : key + op + "@" + t.ports;
    }
}

/// The matches of one rule (may be empty).
std::string rule_matches(Rng& rng, const Table& t) {
    std::vector<std::string> m;
    std::vector<int> fams;
    if (t.sees(4)) fams.push_back(4);
    if (t.sees(6)) fams.push_back(6);
    if (rng.chance(45)) m.push_back(address_match(rng, t, rng.pick(fams)));
    if (rng.chance(75)) m.push_back(port_match(rng, t));
    int r = rng.below(100);
    if (r < 8)
        m.push_back("ct state new");
    else if (r < 11)
        m.push_back("ct state established,related");
    else if (r < 14 && t.family == "inet")
        m.push_back(rng.chance(50) ? "meta nfproto ipv4" : "meta nfproto ipv6");
    if (rng.chance(10)) m.push_back("counter");
    return join(m, " ");
}

/// A reject statement valid in table `t` (icmpx exists only in inet tables).
std::string reject_statement(Rng& rng, const Table& t) {
    static const std::vector<std::string> icmpx = {"port-unreachable", "admin-prohibited",
                                                   "host-unreachable"};
    static const std::vector<std::string> icmp = {"port-unreachable", "host-prohibited",
                                                  "admin-prohibited"};
    static const std::vector<std::string> icmpv6 = {"port-unreachable", "admin-prohibited",
                                                    "addr-unreachable"};
    int r = rng.below(4);
    if (r == 0) return "reject";
    if (r == 1) return "reject with tcp reset";
    if (t.family == "inet") return "reject with icmpx type " + rng.pick(icmpx);
    if (t.family == "ip") return "reject with icmp type " + rng.pick(icmp);
    return "reject with icmpv6 type " + rng.pick(icmpv6);
}

/// A verdict; `input` allows reject, `next` names the regular chains it may call.
std::string verdict(Rng& rng, const Table& t, bool input, const std::vector<std::string>& next,
                    bool regular) {
    int r = rng.below(100);
    if (!next.empty() && r < 20) return (rng.chance(65) ? "jump " : "goto ") + rng.pick(next);
    if (r < 48) return "accept";
    if (r < 72) return "drop";
    if (r < 86 && input) return reject_statement(rng, t);
    if (r < 92 && regular) return "return";
    if (r < 96) return "log prefix \"gen \"";
    return "counter";
}

/// The rule lines of one chain (tab-indented).
std::string chain_rules(Rng& rng, const Table& t, bool input, const std::vector<std::string>& next,
                        bool regular, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
        std::string m = rule_matches(rng, t);
        std::string v = verdict(rng, t, input, next, regular);
        // `reject with tcp reset` needs a tcp match in the same rule.
        if (v.find("tcp reset") != std::string::npos && m.find("tcp dport") == std::string::npos)
            m += (m.empty() ? "" : " ") + std::string("meta l4proto tcp");
        if (!regular && rng.chance(8)) {
            std::vector<int> keys = distinct_ports(rng, 2);
            out += "\t\ttcp dport vmap { " + std::to_string(keys[0]) + " : accept, " +
                   std::to_string(keys[1]) + " : drop }\n";
        }
        out += "\t\t" + (m.empty() ? v : m + " " + v) + "\n";
    }
    return out;
}

std::string sets_block(Rng& rng, Table& t) {
    std::string out;
    if (t.sees(4) && rng.chance(35)) {
        t.set4 = "adm4";
        out += "\tset adm4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { " +
               join(disjoint_elements(rng, 4, 3), ", ") + " }\n\t}\n";
    }
    if (t.sees(6) && rng.chance(35)) {
        t.set6 = "adm6";
        out += "\tset adm6 {\n\t\ttype ipv6_addr\n\t\tflags interval\n\t\telements = { " +
               join(disjoint_elements(rng, 6, 3), ", ") + " }\n\t}\n";
    }
    if (rng.chance(30)) {
        t.ports = "svc";
        out += "\tset svc {\n\t\ttype inet_service\n\t\telements = { " +
               join_ports(distinct_ports(rng, rng.between(1, 3)), ", ") + " }\n\t}\n";
    }
    return out;
}

/// One base chain `b<index>` and its regular chains.
std::string base_chain(Rng& rng, const Table& t, int index) {
    static const std::vector<int> priorities = {-300, -150, -10, -5, 0, 0, 5, 10, 100};
    bool input = rng.chance(80);
    std::string base = "b" + std::to_string(index);
    int n_regular = rng.between(0, 2);
    std::vector<std::string> regular;
    for (int k = 0; k < n_regular; ++k) regular.push_back(base + "x" + std::to_string(k));
    std::string out;
    for (int k = 0; k < n_regular; ++k) {
        std::vector<std::string> next(regular.begin() + k + 1, regular.end());
        out += "\tchain " + regular[static_cast<size_t>(k)] + " {\n" +
               chain_rules(rng, t, input, next, true, rng.between(1, 3)) + "\t}\n";
    }
    out += "\tchain " + base + " {\n\t\ttype filter hook " + (input ? "input" : "prerouting") +
           " priority " + std::to_string(rng.pick(priorities)) + "; policy " +
           (rng.chance(55) ? "accept" : "drop") + ";\n";
    // Neighbour discovery passes every generated chain (see iptables_gen.cpp).
    if (t.sees(6)) out += "\t\tmeta l4proto ipv6-icmp accept\n";
    out += chain_rules(rng, t, input, regular, false, rng.between(1, 5)) + "\t}\n";
    return out;
}

std::string nat_chain(Rng& rng, std::vector<int>& redirects) {
    std::vector<int> ports = distinct_ports(rng, 2);
    redirects.push_back(ports[1]);
    return "\tchain natpre {\n\t\ttype nat hook prerouting priority dstnat; policy accept;\n"
           "\t\ttcp dport " +
           std::to_string(ports[0]) + " redirect to :" + std::to_string(ports[1]) + "\n\t}\n";
}

}  // namespace

std::string nftables_file(Rng& rng, bool flush, std::vector<int>& families,
                          std::vector<int>& redirects) {
    std::string out = "#!/usr/sbin/nft -f\n# generated\n";
    if (flush) out += "flush ruleset\n";
    int n_tables = rng.between(1, 3);
    for (int i = 0; i < n_tables; ++i) {
        Table t;
        int r = rng.below(100);
        t.family = r < 60 ? "inet" : r < 85 ? "ip" : "ip6";
        t.name = "g" + std::to_string(i);
        if (t.sees(4)) families.push_back(4);
        if (t.sees(6)) families.push_back(6);
        out += "\ntable " + t.family + " " + t.name + " {\n" + sets_block(rng, t);
        int n_base = rng.between(1, 2);
        for (int b = 0; b < n_base; ++b) out += base_chain(rng, t, b);
        if (t.family != "ip6" && rng.chance(10)) out += nat_chain(rng, redirects);
        out += "}\n";
    }
    return out;
}

}  // namespace fwgen

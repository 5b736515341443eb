#include "iptables_gen.hpp"

#include "model.hpp"

namespace fwgen {

namespace {

constexpr int k_max_user_chains = 3;

/// Source/destination address matches (maybe none).
std::string address_matches(Rng& rng, int family) {
    std::string out;
    int r = rng.below(100);
    if (r < 30) {
        out += " -s " + random_network(rng, family);
    } else if (r < 42) {
        out += " ! -s " + random_network(rng, family);
    } else if (r < 52) {
        // A comma list: iptables-restore inserts one rule per address (no `!` allowed).
        out += " -s " + join(distinct(rng, networks(family), 2), ",");
    }
    if (rng.chance(12)) {
        const auto& dst = servers(family);
        out += " -d " + rng.pick(dst) + (family == 4 ? "/32" : "/128");
    }
    return out;
}

/// Port matches for a rule that already has `-p tcp`.
std::string port_matches(Rng& rng) {
    switch (rng.below(7)) {
        case 0:
        case 1:
            return " -m tcp --dport " + std::to_string(rng.pick(probe_ports()));
        case 2:
            return " -m tcp ! --dport " + std::to_string(rng.pick(probe_ports()));
        case 3:
            return " -m tcp --dport " + rng.pick(port_ranges());
        case 4:
            return " -m multiport --dports " +
                   join_ports(distinct_ports(rng, rng.between(2, 4)), ",");
        case 5:
            return " -m multiport ! --dports " +
                   join_ports(distinct_ports(rng, rng.between(1, 3)), ",");
        default:
            return "";
    }
}

/// Every match of one rule.
std::string rule_matches(Rng& rng, const IptablesShape& shape) {
    std::string out = address_matches(rng, shape.family);
    if (rng.chance(85)) out += " -p tcp" + port_matches(rng);
    const std::string& net_set = shape.family == 4 ? shape.sets.net4 : shape.sets.net6;
    if (!net_set.empty() && rng.chance(25))
        out += std::string(" -m set") + (rng.chance(30) ? " !" : "") + " --match-set " + net_set +
               " src";
    if (!shape.sets.ports.empty() && rng.chance(15))
        out += " -m set --match-set " + shape.sets.ports + " dst";
    int ct = rng.below(100);
    if (ct < 8)
        out += " -m conntrack --ctstate NEW";
    else if (ct < 12)
        out += " -m conntrack --ctstate RELATED,ESTABLISHED";
    else if (ct < 15)
        out += " -m state --state NEW,ESTABLISHED";
    if (rng.chance(8)) out += " -m comment --comment \"generated\"";
    return out;
}

std::string reject_target(Rng& rng, int family, bool tcp) {
    static const std::vector<std::string> v4 = {"icmp-port-unreachable", "icmp-host-prohibited",
                                                "icmp-admin-prohibited", "icmp-net-unreachable"};
    static const std::vector<std::string> v6 = {"icmp6-port-unreachable", "icmp6-adm-prohibited",
                                                "icmp6-addr-unreachable"};
    if (tcp && rng.chance(35)) return " -j REJECT --reject-with tcp-reset";
    if (rng.chance(40)) return " -j REJECT";
    return " -j REJECT --reject-with " + rng.pick(family == 4 ? v4 : v6);
}

/// A target for a rule in filter chain `index` (-1 = INPUT) of `n_user` user chains.
std::string filter_target(Rng& rng, const IptablesShape& shape, const std::string& matches,
                          int index, int n_user) {
    bool can_call = index + 1 < n_user;
    int r = rng.below(100);
    if (can_call && r < 22) {
        int to = rng.between(index + 1, n_user - 1);
        return (rng.chance(70) ? " -j U" : " -g U") + std::to_string(to);
    }
    if (r < 50) return " -j ACCEPT";
    if (r < 72) return " -j DROP";
    if (r < 88)
        return reject_target(rng, shape.family, matches.find("-p tcp") != std::string::npos);
    if (r < 94) return " -j RETURN";
    if (r < 97) return " -j LOG --log-prefix \"gen \"";
    return "";
}

std::string filter_block(Rng& rng, const IptablesShape& shape) {
    int n_user = rng.between(0, k_max_user_chains);
    std::string policy = rng.chance(50) ? "DROP" : "ACCEPT";
    std::string out =
        "*filter\n:INPUT " + policy + " [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    for (int u = 0; u < n_user; ++u) out += ":U" + std::to_string(u) + " - [0:0]\n";
    // Neighbour discovery must pass or no IPv6 probe ever gets to a TCP verdict (a constant
    // outcome the generator does not want); the hand-written case ipt-v6-no-icmp covers it.
    if (shape.family == 6) out += "-A INPUT -p ipv6-icmp -j ACCEPT\n";
    for (int c = -1; c < n_user; ++c) {
        std::string chain = c < 0 ? "INPUT" : "U" + std::to_string(c);
        int n_rules = c < 0 ? rng.between(2, 7) : rng.between(1, 4);
        for (int i = 0; i < n_rules; ++i) {
            std::string m = rule_matches(rng, shape);
            out += "-A " + chain + m + filter_target(rng, shape, m, c, n_user) + "\n";
        }
    }
    return out + "COMMIT\n";
}

/// raw/mangle PREROUTING drops (or NOTRACK) of some traffic.
std::string early_block(Rng& rng, const IptablesShape& shape, const std::string& table) {
    std::string out = "*" + table + "\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n";
    if (table == "mangle")
        out += ":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n";
    if (shape.family == 6) out += "-A PREROUTING -p ipv6-icmp -j ACCEPT\n";
    int n = rng.between(1, 2);
    for (int i = 0; i < n; ++i) {
        std::string m = address_matches(rng, shape.family) + " -p tcp" + port_matches(rng);
        std::string target = table == "raw" && rng.chance(50) ? " -j NOTRACK" : " -j DROP";
        out += "-A PREROUTING" + m + target + "\n";
    }
    return out + "COMMIT\n";
}

std::string nat_block(Rng& rng, std::vector<int>& redirects) {
    std::vector<int> ports = distinct_ports(rng, 2);
    int from = ports[0], to = ports[1];
    if (rng.chance(50)) std::swap(from, to);
    redirects.push_back(to);
    return "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n"
           ":POSTROUTING ACCEPT [0:0]\n-A PREROUTING -p tcp -m tcp --dport " +
           std::to_string(from) + " -j REDIRECT --to-ports " + std::to_string(to) + "\nCOMMIT\n";
}

}  // namespace

std::string iptables_file(Rng& rng, const IptablesShape& shape, std::vector<int>& redirects) {
    std::string out = "# generated\n";
    if (rng.chance(10)) out += early_block(rng, shape, "raw");
    if (rng.chance(10)) out += early_block(rng, shape, "mangle");
    if (rng.chance(10)) out += nat_block(rng, redirects);
    return out + filter_block(rng, shape);
}

std::string ipsets_file(Rng& rng, IpsetNames& names) {
    names = {"gnet4", "gnet6", "gports"};
    std::string out = "create gnet4 hash:net family inet hashsize 1024 maxelem 65536\n";
    for (const auto& e : disjoint_elements(rng, 4, 3)) out += "add gnet4 " + e + "\n";
    out += "create gnet6 hash:net family inet6 hashsize 1024 maxelem 65536\n";
    for (const auto& e : disjoint_elements(rng, 6, 3)) out += "add gnet6 " + e + "\n";
    out += "create gports bitmap:port range 0-65535\n";
    for (int p : distinct_ports(rng, rng.between(1, 3)))
        out += "add gports " + std::to_string(p) + "\n";
    return out;
}

}  // namespace fwgen

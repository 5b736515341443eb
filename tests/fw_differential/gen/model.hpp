#pragma once
/// What the generator writes for one case: the host files, the probes, the extra listen ports.
/// Pools of addresses and ports match the suite's namespaces (lib.sh).

#include <map>
#include <string>
#include <vector>

#include "random.hpp"

namespace fwgen {

/// One generated case.
struct Case {
    std::string name;
    std::string description;
    std::map<std::string, std::string> files;  ///< path under tree/ -> content
    std::map<std::string, std::string> links;  ///< path under tree/ -> symlink target
    std::vector<std::string> probes;           ///< probe lines of the case format
    std::vector<int> listen;                   ///< ports reached only through a redirect
    std::vector<int> families;                 ///< families some layer filters (4, 6)
};

/// Client source addresses (lib.sh k_cli4 / k_cli6) and server addresses.
const std::vector<std::string>& sources(int family);
const std::vector<std::string>& servers(int family);
/// Networks that cover some of the sources and not others, as CIDR text.
const std::vector<std::string>& networks(int family);
/// Ports the probes use, and port ranges overlapping them.
const std::vector<int>& probe_ports();
const std::vector<std::string>& port_ranges();  ///< "A:B" (iptables); nft writes "A-B"

/// 1..count elements that never overlap (nft interval sets reject overlaps): either distinct
/// source addresses or distinct networks from a disjoint list.
std::vector<std::string> disjoint_elements(Rng& rng, int family, int count);
/// A network (70%) or a source address (30%) of `family`, with a prefix.
std::string random_network(Rng& rng, int family);
/// `count` distinct elements of `pool`.
std::vector<std::string> distinct(Rng& rng, const std::vector<std::string>& pool, int count);
std::vector<int> distinct_ports(Rng& rng, int count);
/// Joins with `sep`.
std::string join(const std::vector<std::string>& parts, const std::string& sep);
std::string join_ports(const std::vector<int>& ports, const std::string& sep);

}  // namespace fwgen

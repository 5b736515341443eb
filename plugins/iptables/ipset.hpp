#pragma once
/// ipset contents from `ipset save` files (`create NAME TYPE …` / `add NAME ENTRY`), enough to
/// resolve `-m set --match-set NAME src` on a packet's addresses.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/net.hpp"

namespace lifeline::iptables {

/// One set. `addresses_only` is false for types whose members are not plain addresses or
/// networks (hash:ip,port, hash:net,iface, …): a match on them is unknown.
struct Ipset {
    std::string name;
    std::string type;
    int family = 4;
    bool addresses_only = true;
    std::vector<net::Network> members;
    bool ports_only = false;  ///< bitmap:port / hash:port: members are ports (tcp or udp)
    std::vector<std::pair<int, int>> ports;
    std::string file;
    int line = 0;
};

/// Every set read, by name.
struct IpsetDb {
    std::map<std::string, Ipset> sets;
    bool loaded = false;  ///< an ipset file was read (an absent set is then an error, not unknown)
};

/// Parses an `ipset save` file into `db`; syntax errors go to `errors` (ID IPT001).
void parse_ipset_file(std::string_view text, const std::string& path, IpsetDb& db,
                      std::vector<Diagnostic>& errors);

}  // namespace lifeline::iptables

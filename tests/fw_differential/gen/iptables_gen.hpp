#pragma once
/// Random iptables-restore files and the ipset file they may use. The same file loads with either
/// backend (etc/alternatives decides which; fw_gen.cpp).

#include <string>
#include <vector>

#include "random.hpp"

namespace fwgen {

/// Names of the ipsets a case defines (empty = none), per family.
struct IpsetNames {
    std::string net4, net6, ports;
};

/// What one restore file may contain.
struct IptablesShape {
    int family = 4;
    IpsetNames sets;  ///< sets restored before this file
};

/// An iptables-save style file. Ports that nat REDIRECT targets are appended to `redirects`.
std::string iptables_file(Rng& rng, const IptablesShape& shape, std::vector<int>& redirects);

/// An `ipset save` style file with a net set per family and a port set; fills `names`.
std::string ipsets_file(Rng& rng, IpsetNames& names);

}  // namespace fwgen

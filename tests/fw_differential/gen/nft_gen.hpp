#pragma once
/// A random /etc/nftables.conf: several tables and base chains with priorities, regular chains
/// with jump/goto/return, named and anonymous sets, verdict maps, negation.

#include <string>
#include <vector>

#include "random.hpp"

namespace fwgen {

/// Which families the file's tables filter (4, 6) are appended to `families`; redirect target
/// ports to `redirects`. `flush` puts `flush ruleset` first.
std::string nftables_file(Rng& rng, bool flush, std::vector<int>& families,
                          std::vector<int>& redirects);

}  // namespace fwgen

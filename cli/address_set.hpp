#pragma once
/// Sets of addresses of one family as sorted disjoint intervals, to say which sources gained or
/// lost access between two states ("lost from 10.0.0.0/8").

#include <vector>

#include "lifeline/net.hpp"

namespace lifeline::cli {

class AddressSet {
  public:
    explicit AddressSet(int family) : m_family(family) {}
    int family() const { return m_family; }
    bool empty() const { return m_ranges.empty(); }
    /// Adds a network of the set's family (others are ignored).
    void add(const net::Network& network);
    /// The addresses in this set and not in `other`.
    AddressSet minus(const AddressSet& other) const;
    /// The set as the fewest CIDRs, in address order.
    std::vector<net::Network> networks() const;

  private:
    __extension__ typedef unsigned __int128 U128;
    struct Range {
        U128 first;
        U128 last;
    };
    int m_family;
    std::vector<Range> m_ranges;  ///< sorted, disjoint, not adjacent
};

}  // namespace lifeline::cli

#include "address_set.hpp"

#include <algorithm>

namespace lifeline::cli {
namespace {

__extension__ typedef unsigned __int128 U128;

U128 to_int(const net::IpAddress& a) {
    U128 v = 0;
    for (int i = 0; i < a.bit_count() / 8; ++i) v = (v << 8) | a.bytes[static_cast<size_t>(i)];
    return v;
}

net::IpAddress from_int(U128 v, int family) {
    net::IpAddress a;
    a.family = family;
    int n = a.bit_count() / 8;
    for (int i = n - 1; i >= 0; --i) {
        a.bytes[static_cast<size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
        v >>= 8;
    }
    return a;
}

/// All ones in the low `bits` bits (bits may be 128).
U128 low_mask(int bits) {
    return bits >= 128 ? ~U128(0) : (U128(1) << bits) - 1;
}

}  // namespace

void AddressSet::add(const net::Network& network) {
    if (network.address.family != m_family) return;
    int host_bits = network.address.bit_count() - network.prefix;
    U128 first = to_int(net::mask(network.address, network.prefix));
    U128 last = first | low_mask(host_bits);
    m_ranges.push_back({first, last});
    std::sort(m_ranges.begin(), m_ranges.end(),
              [](const Range& a, const Range& b) { return a.first < b.first; });
    std::vector<Range> merged;
    for (const Range& r : m_ranges) {
        // Overlapping or adjacent ranges merge (last + 1 cannot overflow when a range follows).
        if (!merged.empty() && r.first <= merged.back().last + 1 &&
            merged.back().last != ~U128(0)) {
            merged.back().last = std::max(merged.back().last, r.last);
        } else if (!merged.empty() && merged.back().last == ~U128(0)) {
            continue;
        } else {
            merged.push_back(r);
        }
    }
    m_ranges = std::move(merged);
}

AddressSet AddressSet::minus(const AddressSet& other) const {
    AddressSet out(m_family);
    for (Range r : m_ranges) {
        bool gone = false;
        for (const Range& o : other.m_ranges) {
            if (o.last < r.first || o.first > r.last) continue;
            if (o.first > r.first) out.m_ranges.push_back({r.first, o.first - 1});
            if (o.last >= r.last) {
                gone = true;
                break;
            }
            r.first = o.last + 1;
        }
        if (!gone) out.m_ranges.push_back(r);
    }
    return out;
}

std::vector<net::Network> AddressSet::networks() const {
    std::vector<net::Network> out;
    int bits = m_family == 4 ? 32 : 128;
    for (const Range& range : m_ranges) {
        U128 first = range.first;
        for (;;) {
            // The largest aligned block starting at `first` that stays inside the range.
            int size = 0;
            while (size < bits && (first & low_mask(size + 1)) == 0 &&
                   first + low_mask(size + 1) <= range.last && first + low_mask(size + 1) >= first)
                ++size;
            out.push_back({from_int(first, m_family), bits - size});
            U128 end = first + low_mask(size);
            if (end >= range.last) break;
            first = end + 1;
        }
    }
    return out;
}

}  // namespace lifeline::cli

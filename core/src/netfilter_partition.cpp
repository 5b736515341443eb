// Splitting a source network into the parts that get different verdicts.
//
// Every source-address term cuts the address line at its networks' edges; between two cuts every
// address satisfies exactly the same terms, so one witness per elementary interval decides it.
// Intervals whose verdict comes from the same rule are merged into one part.

#include <algorithm>
#include <map>
#include <tuple>

#include "lifeline/netfilter.hpp"
#include "netfilter_internal.hpp"

namespace lifeline::nf {
namespace {

__extension__ typedef unsigned __int128 U128;

U128 to_int(const net::IpAddress& a) {
    U128 v = 0;
    int n = a.family == 4 ? 4 : 16;
    for (int i = 0; i < n; ++i) v = (v << 8) | a.bytes[i];
    return v;
}

net::IpAddress from_int(U128 v, int family) {
    net::IpAddress a;
    a.family = family;
    int n = family == 4 ? 4 : 16;
    for (int i = n - 1; i >= 0; --i) {
        a.bytes[i] = static_cast<std::uint8_t>(v & 0xff);
        v >>= 8;
    }
    return a;
}

/// First and last address of a network, as integers.
std::pair<U128, U128> bounds(const net::Network& n) {
    int bits = n.address.bit_count();
    U128 first = to_int(net::mask(n.address, n.prefix));
    int host = bits - n.prefix;
    U128 span = host >= 128 ? ~U128(0) : ((U128(1) << host) - 1);
    return {first, first + span};
}

/// The CIDRs covering [first, last] exactly.
void to_cidrs(U128 first, U128 last, int family, std::vector<net::Network>& out) {
    int bits = family == 4 ? 32 : 128;
    while (true) {
        int host = 0;
        // Largest aligned block starting at `first` that stays within `last`.
        while (host < bits) {
            int h = host + 1;
            U128 size_mask = h >= 128 ? ~U128(0) : (U128(1) << h) - 1;
            if ((first & size_mask) != 0) break;
            U128 end = first + size_mask;
            if (end > last || end < first) break;
            ++host;
        }
        out.push_back({from_int(first, family), bits - host});
        U128 end = host >= 128 ? ~U128(0) : first + ((U128(1) << host) - 1);
        if (end >= last) return;
        first = end + 1;
    }
}

/// The destination ports the client's packets can carry at any hook: the asked port, what nat
/// chains redirect it to, and 0 (ICMP, e.g. neighbour discovery, has none).
std::vector<std::uint32_t> inbound_ports(const Ruleset& ruleset, const Packet& packet) {
    std::vector<std::uint32_t> ports{packet.dport, 0};
    for (const Table& t : ruleset.tables)
        for (const Chain& c : t.chains)
            for (const Rule& r : c.rules)
                for (const Effect& e : r.effects)
                    if (e.kind == Effect::Kind::redirect_port) ports.push_back(e.value);
    return ports;
}

/// A rule with a destination-port term that none of `ports` satisfies never matches a packet of
/// the client's (its source terms cannot matter): no cut is needed at their edges. Most rules of
/// a large ruleset are about other services, so this keeps the interval count small.
bool off_port(const Rule& r, const std::vector<std::uint32_t>& ports) {
    for (const Term& term : r.terms) {
        if (term.field != Field::dport || term.negated) continue;
        bool any = false;
        for (std::uint32_t p : ports) any |= in_ranges(term.values, p);
        if (!any) return true;
    }
    return false;
}

void collect_cuts(const Ruleset& ruleset, const Packet& packet, int family, U128 lo, U128 hi,
                  std::vector<U128>& cuts) {
    const std::vector<std::uint32_t> ports = inbound_ports(ruleset, packet);
    for (const Table& t : ruleset.tables) {
        if (!sees_family(t.family, family)) continue;
        for (const Chain& c : t.chains)
            for (const Rule& r : c.rules)
                for (const Term& term : r.terms) {
                    // The client's address is the source on the way in and the destination of
                    // the host's answer (output chains, and user chains either may call).
                    bool out_hook = c.base && (c.hook == Hook::output || c.hook == Hook::postrouting);
                    bool in_hook = c.base && !out_hook;
                    bool relevant = (term.field == Field::saddr && !out_hook) ||
                                    (term.field == Field::daddr && !in_hook);
                    if (!relevant) continue;
                    // The host's answers go to the client's port, not to `ports`: only the
                    // source side is filtered.
                    if (term.field == Field::saddr && off_port(r, ports)) continue;
                    for (const auto& n : term.networks) {
                        if (n.address.family != family) continue;
                        auto [a, b] = bounds(n);
                        if (a > lo && a <= hi) cuts.push_back(a);
                        if (b >= lo && b < hi) cuts.push_back(b + 1);
                    }
                }
    }
}

/// What makes two intervals the same part.
std::tuple<int, std::string, int, std::string, size_t> key_of(const Evaluation& e) {
    const Origin* o = e.trace.empty() ? nullptr : &e.trace.back().origin;
    return {static_cast<int>(e.outcome), o ? o->file : std::string(), o ? o->line : 0,
            e.trace.empty() ? e.reason : e.trace.back().note, e.risks.size()};
}

}  // namespace

std::vector<Part> partition(const Ruleset& ruleset, const Packet& packet,
                            const net::Network& sources) {
    int family = sources.address.family;
    auto [lo, hi] = bounds(sources);
    std::vector<U128> cuts{lo};
    collect_cuts(ruleset, packet, family, lo, hi, cuts);
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

    Evaluator ev(ruleset);
    std::vector<Part> parts;
    std::map<std::tuple<int, std::string, int, std::string, size_t>, size_t> by_key;
    for (size_t i = 0; i < cuts.size(); ++i) {
        U128 first = cuts[i];
        U128 last = i + 1 < cuts.size() ? cuts[i + 1] - 1 : hi;
        // A witness readers recognise: a documentation address when the interval holds one,
        // else one away from the network address when the interval has room.
        U128 doc = to_int(*net::parse_ip(family == 4 ? "203.0.113.10" : "2001:db8::10"));
        U128 witness = doc >= first && doc <= last ? doc : last > first ? first + 1 : first;
        Packet p = packet;
        p.family = family;
        p.saddr = from_int(witness, family);
        Evaluation e = ev.run(p);
        auto key = key_of(e);
        auto it = by_key.find(key);
        size_t index;
        if (it == by_key.end()) {
            index = parts.size();
            by_key.emplace(key, index);
            parts.push_back({{}, p.saddr, std::move(e)});
        } else {
            index = it->second;
            if (witness == doc) {  // prefer the recognisable witness
                parts[index].witness = p.saddr;
                parts[index].evaluation = std::move(e);
            }
        }
        to_cidrs(first, last, family, parts[index].networks);
    }
    // Adjacent CIDRs of one part that form a bigger block are merged.
    for (Part& part : parts) {
        std::vector<std::pair<U128, U128>> spans;
        for (const auto& n : part.networks) spans.push_back(bounds(n));
        std::sort(spans.begin(), spans.end());
        std::vector<std::pair<U128, U128>> merged;
        for (const auto& s : spans) {
            if (!merged.empty() && merged.back().second + 1 == s.first)
                merged.back().second = s.second;
            else
                merged.push_back(s);
        }
        part.networks.clear();
        for (const auto& [a, b] : merged) to_cidrs(a, b, family, part.networks);
    }
    return parts;
}

}  // namespace lifeline::nf

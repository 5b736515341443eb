#pragma once
/// Internals shared by the evaluator, the partitioner and the dump (not installed).

#include <unordered_map>
#include <vector>

#include "lifeline/netfilter.hpp"

namespace lifeline::nf {

/// A term's value on a packet class: decided, history-dependent (with the fresh-connection
/// value), or undecidable.
enum class Tri { yes, no, may_yes, may_no, unknown };

Tri eval_term(const Term& term, const Packet& packet);

/// True when a table of `table` family sees packets of `family` (4 or 6).
bool sees_family(Family table, int family);

/// `Packet::ct_state` for a chain that may run before or after conntrack: ct state terms are
/// undecidable there.
inline constexpr std::uint32_t k_ct_state_unknown = 0x80000000u;

/// True when `v` lies in one of `ranges`.
bool in_ranges(const std::vector<Range>& ranges, std::uint32_t v);

/// The ruleset indexed for repeated evaluation (chain lookup by name per table).
class Evaluator {
public:
    explicit Evaluator(const Ruleset& ruleset);

    struct Base {
        const Table* table;
        const Chain* chain;
    };
    /// Base chains a locally delivered (or, with `out`, a locally sent) packet of `family`
    /// meets, in order.
    std::vector<Base> base_chains(int family, bool out = false) const;
    const Chain* find(const Table* table, const std::string& name) const;
    /// One direction only.
    Evaluation run_path(const Packet& packet, const std::vector<Base>& bases) const;
    /// The whole exchange: the packet in, the host's answer out, IPv6 neighbour discovery.
    Evaluation run(const Packet& packet) const;

    /// For the packet class of `packet` (every field but the addresses): entry i is the index
    /// of the first rule at or after i that can match — a rule with a term on another field
    /// that is false for this class, or one without verdict and effects, is skipped. Computed
    /// once per class and chain; a partition runs thousands of witnesses of one class.
    const std::vector<std::uint32_t>& skip_table(const Chain* chain, const Packet& packet) const;

private:
    /// Every field of a packet but its addresses.
    struct PacketClass {
        int family = 0;
        std::string iif;
        std::uint32_t l4proto = 0, sport = 0, dport = 0, ct_state = 0, tcp_flags = 0, mark = 0;
        std::uint32_t icmp_type = 0, hop_limit = 0, ct_redirect_port = 0;
        bool reply = false, mark_unknown = false;
        bool operator==(const PacketClass&) const = default;
    };
    struct PacketClassHash {
        size_t operator()(const PacketClass& c) const;
    };
    mutable std::unordered_map<PacketClass,
                               std::unordered_map<const Chain*, std::vector<std::uint32_t>>,
                               PacketClassHash>
        m_skip;
    const std::vector<Base>& cached(int family, bool out) const;
    mutable std::unordered_map<int, std::vector<Base>> m_bases;
    const Ruleset& m_ruleset;
    std::unordered_map<const Table*, std::unordered_map<std::string, const Chain*>> m_index;
};

}  // namespace lifeline::nf

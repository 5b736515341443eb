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

private:
    const std::vector<Base>& cached(int family, bool out) const;
    mutable std::unordered_map<int, std::vector<Base>> m_bases;
    const Ruleset& m_ruleset;
    std::unordered_map<const Table*, std::unordered_map<std::string, const Chain*>> m_index;
};

}  // namespace lifeline::nf

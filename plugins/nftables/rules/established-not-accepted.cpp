// NFT004 established-not-accepted: an input filter chain with policy drop that accepts no
// `ct state established` packets before its first unconditional drop (or its end). Applying
// such a ruleset freezes established sessions no other rule accepts, the one applying it
// included (config-semantics §3.7 item 1, §2.7 item 7). Jumps are followed.
#include <unordered_set>

#include "nftables/values.hpp"
#include "rule.hpp"

namespace lifeline::nft {
namespace {

enum class Scan { accepted, dropped, fell_through };

bool accepts_established(const Value& v) {
    Atoms atoms;
    if (convert(v, "ct_state", atoms)) return false;
    for (const auto& r : atoms.ranges)
        if (r.first & nf::k_ct_established) return true;
    return false;
}

bool is_established_match(const Statement& s) {
    return s.kind == Statement::Kind::match && s.lhs.selector == Selector::ct_state &&
           s.lhs.ops.empty() && (s.op.empty() || s.op == "==") && accepts_established(s.rhs);
}

bool is_passive(const Statement& s) {
    return s.kind == Statement::Kind::counter || s.kind == Statement::Kind::log ||
           s.kind == Statement::Kind::effect;
}

class Scanner {
  public:
    explicit Scanner(const LiveTable& table) : m_table(table) {}

    Scan chain(const LiveChain& c, const RuleDecl*& stop) {
        if (!m_seen.insert(&c).second) return Scan::fell_through;  // loops are NFT002's
        for (const RuleDecl* r : c.rules) {
            Scan s = rule(*r, stop);
            if (s != Scan::fell_through) return s;
        }
        return Scan::fell_through;
    }

  private:
    Scan rule(const RuleDecl& r, const RuleDecl*& stop) {
        bool established = false, conditional = false;
        for (const Statement& s : r.statements) {
            if (is_established_match(s)) {
                established = true;
            } else if (s.kind == Statement::Kind::vmap && s.lhs.selector == Selector::ct_state &&
                       s.rhs.kind == Value::Kind::set) {
                for (const Value& m : s.rhs.items)
                    if (m.items[1].text == "accept" && accepts_established(m.items[0]))
                        return Scan::accepted;
                conditional = true;
            } else if (s.kind == Statement::Kind::verdict && s.word == "accept") {
                if (established && !conditional) return Scan::accepted;
            } else if (s.kind == Statement::Kind::verdict &&
                       (s.word == "jump" || s.word == "goto")) {
                const LiveChain* target = m_table.chain(s.target);
                if (!target) return Scan::fell_through;
                Scan inner = chain(*target, stop);
                if (inner == Scan::accepted && !conditional) return Scan::accepted;
                if (inner == Scan::dropped && !conditional && !established) return Scan::dropped;
                if (s.word == "goto" && !conditional && !established) return Scan::dropped;
                return Scan::fell_through;
            } else if ((s.kind == Statement::Kind::verdict && s.word == "drop") ||
                       s.kind == Statement::Kind::reject) {
                if (!conditional && !established) {
                    stop = &r;
                    return Scan::dropped;
                }
            } else if (!is_passive(s)) {
                conditional = true;
            }
        }
        return Scan::fell_through;
    }

    const LiveTable& m_table;
    std::unordered_set<const LiveChain*> m_seen;
};

}  // namespace

void check_established_not_accepted(const RuleContext& ctx) {
    if (!ctx.config.loaded) return;
    for (const auto& table : ctx.config.loaded->tables) {
        if (!table || table->dormant || table->family == nf::Family::arp ||
            table->family == nf::Family::bridge || table->family == nf::Family::netdev)
            continue;
        for (const auto& chain : table->chains) {
            if (!chain || !chain->hook || chain->hook->hook != "input" ||
                chain->hook->type != "filter" || chain->policy != "drop")
                continue;
            const RuleDecl* stop = nullptr;
            if (Scanner(*table).chain(*chain, stop) == Scan::accepted) continue;
            Loc at = stop ? stop->loc : chain->policy_loc.value_or(chain->loc);
            ctx.report("NFT004", at,
                       "input chain '" + chain->name +
                           "' has policy drop but accepts no `ct "
                           "state established` packets before it drops: established sessions no "
                           "other rule accepts freeze when the ruleset is applied (the SSH session "
                           "applying it too) and replies to the host's own connections are dropped",
                       "put `ct state established,related accept` first in the chain");
        }
    }
}

}  // namespace lifeline::nft

// The packet-path evaluator (netfilter.hpp): every base chain a locally delivered packet meets,
// in hook and priority order, with jump stacks, effects on the packet, and forking on terms the
// packet class cannot decide.

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "lifeline/netfilter.hpp"
#include "netfilter_internal.hpp"

namespace lifeline::nf {

const Chain* Table::find_chain(const std::string& chain_name) const {
    for (const Chain& c : chains)
        if (c.name == chain_name) return &c;
    return nullptr;
}

const char* to_string(Outcome outcome) {
    switch (outcome) {
    case Outcome::accept: return "accept";
    case Outcome::drop: return "drop";
    case Outcome::reject: return "reject";
    case Outcome::unknown: return "unknown";
    }
    return "unknown";
}

const char* to_string(Hook hook) {
    switch (hook) {
    case Hook::ingress: return "ingress";
    case Hook::prerouting: return "prerouting";
    case Hook::input: return "input";
    case Hook::forward: return "forward";
    case Hook::output: return "output";
    case Hook::postrouting: return "postrouting";
    }
    return "?";
}

const char* to_string(Family family) {
    switch (family) {
    case Family::ip: return "ip";
    case Family::ip6: return "ip6";
    case Family::inet: return "inet";
    case Family::arp: return "arp";
    case Family::bridge: return "bridge";
    case Family::netdev: return "netdev";
    }
    return "?";
}

const char* to_string(Verdict verdict) {
    switch (verdict) {
    case Verdict::none: return "continue";
    case Verdict::accept: return "accept";
    case Verdict::drop: return "drop";
    case Verdict::reject: return "reject";
    case Verdict::jump: return "jump";
    case Verdict::go_to: return "goto";
    case Verdict::ret: return "return";
    case Verdict::queue: return "queue";
    case Verdict::unknown: return "unknown";
    }
    return "?";
}

bool in_ranges(const std::vector<Range>& ranges, std::uint32_t v) {
    for (const Range& r : ranges)
        if (v >= r.first && v <= r.last) return true;
    return false;
}

bool sees_family(Family table, int family) {
    switch (table) {
    case Family::ip: return family == 4;
    case Family::ip6: return family == 6;
    case Family::inet: return true;
    case Family::netdev: return true;  // ingress on a device: every packet arriving on it
    default: return false;
    }
}

namespace {

constexpr int k_max_depth = 64;        // deeper than any kernel allows: a loop
constexpr size_t k_max_leaves = 4096;  // paths explored per packet before giving up
constexpr size_t k_max_steps = 4'000'000;  // rule steps per packet before giving up
constexpr std::uint32_t k_ephemeral_first = 1024;

int hook_rank(Hook h, bool out) {
    if (out) {
        switch (h) {
        case Hook::output: return 0;
        case Hook::postrouting: return 1;
        default: return -1;
        }
    }
    switch (h) {
    case Hook::ingress: return 0;
    case Hook::prerouting: return 1;
    case Hook::input: return 2;
    default: return -1;  // not on the path of a locally delivered packet
    }
}

bool is_loopback(const net::IpAddress& a) {
    if (a.family == 4) return a.bytes[0] == 127;
    if (a.family == 6) {
        for (int i = 0; i < 15; ++i)
            if (a.bytes[i] != 0) return false;
        return a.bytes[15] == 1;
    }
    return false;
}

bool iface_matches(const Interface& i, const std::string& name) {
    if (i.wildcard) return name.compare(0, i.name.size(), i.name) == 0;
    return name == i.name;
}

/// The client picks an ephemeral port: decided only when the ranges cover all of them or none.
Tri ephemeral_in(const std::vector<Range>& ranges) {
    bool all = false, any = false;
    for (const Range& rg : ranges) {
        if (rg.first <= k_ephemeral_first && rg.last >= 65535) all = true;
        if (rg.last >= k_ephemeral_first) any = true;
    }
    return all ? Tri::yes : any ? Tri::unknown : Tri::no;
}

}  // namespace

Tri eval_term(const Term& t, const Packet& p) {
    Tri r = Tri::no;
    bool has_ports = p.l4proto == 6 || p.l4proto == 17 || p.l4proto == 33 || p.l4proto == 132 ||
                     p.l4proto == 136;
    bool port_field = t.field == Field::sport || t.field == Field::dport || t.field == Field::any_port;
    if (port_field && !has_ports) return t.negated ? Tri::yes : Tri::no;
    switch (t.field) {
    case Field::nfproto: r = in_ranges(t.values, p.family) ? Tri::yes : Tri::no; break;
    case Field::l4proto: r = in_ranges(t.values, p.l4proto) ? Tri::yes : Tri::no; break;
    case Field::saddr:
    case Field::daddr: {
        const net::IpAddress& a = t.field == Field::saddr ? p.saddr : p.daddr;
        if (a.family == 0) {
            r = Tri::unknown;
            break;
        }
        r = Tri::no;
        for (const auto& n : t.networks)
            if (n.address.family == a.family && net::contains(n, a)) r = Tri::yes;
        break;
    }
    case Field::iif: {
        if (p.reply) {
            r = Tri::no;  // a locally sent packet has no input interface
            break;
        }
        if (!p.iif.empty()) {
            r = Tri::no;
            for (const auto& i : t.interfaces)
                if (iface_matches(i, p.iif)) r = Tri::yes;
            break;
        }
        // Unnamed interface: loopback for loopback sources, otherwise some interface that is
        // not `lo`. Patterns that can only name `lo` are decided; others are not.
        bool loop = is_loopback(p.saddr);
        r = Tri::no;
        for (const auto& i : t.interfaces) {
            bool names_lo_only = !i.wildcard && i.name == "lo";
            bool could_be_lo = iface_matches(i, "lo");
            if (loop) {
                if (could_be_lo) r = Tri::yes;
            } else if (!names_lo_only) {
                r = Tri::unknown;
            }
        }
        break;
    }
    case Field::oif: {
        if (!p.reply) {
            r = Tri::no;  // a locally delivered packet has no output interface
            break;
        }
        // The answer leaves by the interface the client is behind: `lo` for a loopback client,
        // otherwise some interface that is not `lo`.
        bool loop = is_loopback(p.daddr);
        r = Tri::no;
        for (const auto& i : t.interfaces) {
            if (!p.iif.empty()) {
                if (iface_matches(i, p.iif)) r = Tri::yes;
            } else if (loop) {
                if (iface_matches(i, "lo")) r = Tri::yes;
            } else if (i.wildcard || i.name != "lo") {
                r = Tri::unknown;
            }
        }
        break;
    }
    case Field::sport:
        r = p.reply ? (in_ranges(t.values, p.sport) ? Tri::yes : Tri::no) : ephemeral_in(t.values);
        break;
    case Field::any_port: {
        std::uint32_t known = p.reply ? p.sport : p.dport;
        r = in_ranges(t.values, known) ? Tri::yes : ephemeral_in(t.values);
        break;
    }
    case Field::icmp_type: r = in_ranges(t.values, p.icmp_type) ? Tri::yes : Tri::no; break;
    case Field::hop_limit:
        r = p.hop_limit == 0 ? Tri::unknown : in_ranges(t.values, p.hop_limit) ? Tri::yes : Tri::no;
        break;
    case Field::dport:
        r = p.reply ? ephemeral_in(t.values) : (in_ranges(t.values, p.dport) ? Tri::yes : Tri::no);
        break;
    case Field::ct_state:
        r = p.ct_state == k_ct_state_unknown ? Tri::unknown
            : (p.ct_state & t.bits) != 0     ? Tri::yes
                                             : Tri::no;
        break;
    case Field::tcp_flags:
        r = p.l4proto == 6 && (p.tcp_flags & t.mask) == t.bits ? Tri::yes : Tri::no;
        break;
    case Field::mark:
        if (p.mark_unknown) return Tri::unknown;
        r = (p.mark & t.mask) == t.bits ? Tri::yes : Tri::no;
        break;
    case Field::fragment: r = t.bits == 1 ? Tri::no : Tri::yes; break;
    case Field::dst_local: r = (t.bits == 1) != p.reply ? Tri::yes : Tri::no; break;
    case Field::may_match: r = t.likely ? Tri::may_yes : Tri::may_no; break;
    case Field::unknown: return Tri::unknown;
    }
    if (!t.negated) return r;
    switch (r) {
    case Tri::yes: return Tri::no;
    case Tri::no: return Tri::yes;
    case Tri::may_yes: return Tri::may_no;
    case Tri::may_no: return Tri::may_yes;
    case Tri::unknown: return Tri::unknown;
    }
    return r;
}

Evaluator::Evaluator(const Ruleset& ruleset) : m_ruleset(ruleset) {
    for (const Table& t : ruleset.tables) {
        auto& idx = m_index[&t];
        for (const Chain& c : t.chains) idx.emplace(c.name, &c);
    }
}

std::vector<Evaluator::Base> Evaluator::base_chains(int family, bool reply) const {
    std::vector<Base> out;
    for (const Table& t : m_ruleset.tables) {
        if (!sees_family(t.family, family)) continue;
        if (reply && t.family == Family::netdev) continue;  // ingress only
        for (const Chain& c : t.chains)
            if (c.base && hook_rank(c.hook, reply) >= 0) out.push_back({&t, &c});
    }
    // Lower priority first; at equal priority the hook registered last runs first (measured:
    // a later table of an nft file runs before an earlier one, native nft before iptables).
    // `out` is in registration order, so ties are taken in reverse.
    std::vector<size_t> index(out.size());
    for (size_t i = 0; i < index.size(); ++i) index[i] = i;
    std::sort(index.begin(), index.end(), [&](size_t a, size_t b) {
        int ha = hook_rank(out[a].chain->hook, reply), hb = hook_rank(out[b].chain->hook, reply);
        if (ha != hb) return ha < hb;
        if (out[a].chain->priority != out[b].chain->priority)
            return out[a].chain->priority < out[b].chain->priority;
        return a > b;
    });
    std::vector<Base> sorted;
    for (size_t i : index) sorted.push_back(out[i]);
    return sorted;
}

size_t Evaluator::PacketClassHash::operator()(const PacketClass& c) const {
    size_t h = std::hash<std::string>()(c.iif);
    auto mix = [&](size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
    for (std::uint32_t v : {std::uint32_t(c.family), c.l4proto, c.sport, c.dport, c.ct_state,
                            c.tcp_flags, c.mark, c.icmp_type, c.hop_limit, c.ct_redirect_port,
                            std::uint32_t(c.reply), std::uint32_t(c.mark_unknown)})
        mix(v);
    return h;
}

const std::vector<std::uint32_t>& Evaluator::skip_table(const Chain* chain,
                                                        const Packet& packet) const {
    PacketClass k{packet.family,   packet.iif,       packet.l4proto,   packet.sport,
                  packet.dport,    packet.ct_state,  packet.tcp_flags, packet.mark,
                  packet.icmp_type, packet.hop_limit, packet.ct_redirect_port, packet.reply,
                  packet.mark_unknown};
    auto& per_chain = m_skip[k];
    auto it = per_chain.find(chain);
    if (it != per_chain.end()) return it->second;
    const auto& rules = chain->rules;
    std::vector<std::uint32_t> next(rules.size() + 1);
    next[rules.size()] = static_cast<std::uint32_t>(rules.size());
    for (size_t i = rules.size(); i-- > 0;) {
        const Rule& r = rules[i];
        bool can = r.verdict != Verdict::none || !r.effects.empty();
        for (const Term& t : r.terms) {
            if (!can) break;
            // Address terms vary between the packets of one class: never skipped on them.
            if (t.field == Field::saddr || t.field == Field::daddr) continue;
            if (eval_term(t, packet) == Tri::no) can = false;
        }
        next[i] = can ? static_cast<std::uint32_t>(i) : next[i + 1];
    }
    return per_chain.emplace(chain, std::move(next)).first->second;
}

const Chain* Evaluator::find(const Table* t, const std::string& name) const {
    auto it = m_index.find(t);
    if (it == m_index.end()) return nullptr;
    auto c = it->second.find(name);
    return c == it->second.end() ? nullptr : c->second;
}

namespace {

std::string table_label(const Table& t) {
    return std::string(to_string(t.family)) + " " + t.name;
}

/// A trace step while paths are followed: pointers into the ruleset, turned into a Step (with
/// its strings) only for the traces an Evaluation returns.
struct RawStep {
    const Table* table = nullptr;
    const Chain* chain = nullptr;
    const Origin* origin = nullptr;
    std::string note;

    Step done() const { return {*origin, table_label(*table), chain->name, note}; }
};

/// A decision taken on a term the packet class cannot settle.
struct Assumption {
    bool may = false;     ///< a history-dependent term (else an unknown one)
    bool flipped = false; ///< may: took the unlikely value
    RawStep step;
};

struct Frame {
    const Chain* chain;
    size_t next;
    /// Evaluator::skip_table for the path's packet class; null until first needed and after
    /// an effect changes the packet.
    const std::vector<std::uint32_t>* skip = nullptr;
};

/// One path being followed.
struct Path {
    Packet packet;
    size_t base = 0;  ///< index into the base chain list
    std::vector<Frame> stack;
    std::vector<RawStep> trace;
    std::vector<Assumption> assumptions;
    int port_seen = 0;
    bool redirected = false;
    /// The flow's real conntrack state. `packet.ct_state` is what the current base chain sees:
    /// chains that run before conntrack (ingress, and prerouting/output below priority -200)
    /// see INVALID, or UNTRACKED once a notrack ran.
    std::uint32_t ct_real = 0;
    /// At a point where paths can meet (after a fork, a return, a base chain change): look up
    /// the state before going on.
    bool at_join = false;
};

struct Leaf {
    Outcome outcome;
    std::string reason;
    Path path;
};

/// The conntrack state a base chain's rules see. Conntrack attaches the flow's entry at
/// priority -200 of prerouting and output (kernel-checked: `ct state new drop` at prerouting
/// priority -300 drops nothing; the packet is INVALID there). Ingress runs before it too. At
/// exactly -200 the order against conntrack's own hook is not knowable from the files.
std::uint32_t ct_seen(std::uint32_t real, const Chain& c) {
    if (real == k_ct_untracked) return real;
    bool before_ct_hook = c.hook == Hook::ingress ||
                          ((c.hook == Hook::prerouting || c.hook == Hook::output) &&
                           c.priority <= -200);
    if (!before_ct_hook) return real;
    if (c.hook != Hook::ingress && c.priority == -200) return k_ct_state_unknown;
    return k_ct_invalid;
}

class Walker {
public:
    Walker(const Evaluator& ev, std::vector<Evaluator::Base> bases)
        : m_ev(ev), m_bases(std::move(bases)) {}

    std::vector<Leaf> run(const Packet& packet) {
        Path p;
        p.packet = packet;
        p.ct_real = packet.ct_state;
        p.port_seen = static_cast<int>(packet.dport);
        m_pending.push_back(std::move(p));
        while (!m_pending.empty()) {
            Path cur = std::move(m_pending.back());
            m_pending.pop_back();
            follow(std::move(cur));
            if (m_leaves.size() > k_max_leaves) {
                m_leaves.clear();
                Leaf l{Outcome::unknown, "too many undecidable conditions on the path", {}};
                m_leaves.push_back(std::move(l));
                break;
            }
        }
        return std::move(m_leaves);
    }

private:
    void finish(Path&& p, Outcome o, std::string reason = {}) {
        m_leaves.push_back({o, std::move(reason), std::move(p)});
    }

    RawStep step_for(const Evaluator::Base& b, const Chain& c, const Origin& o, std::string note) {
        return {b.table, &c, &o, std::move(note)};
    }

    /// Follows `p` until it ends; forks go to m_pending.
    void follow(Path p) {
        while (true) {
            if (p.base >= m_bases.size()) return finish(std::move(p), Outcome::accept);
            const auto& b = m_bases[p.base];
            if (p.stack.empty()) {
                // Entering a base chain. nat chains see only the first packet of a flow, and no
                // untracked one.
                bool nat_skip = b.chain->nat && (p.ct_real & k_ct_new) == 0;
                if (nat_skip) {
                    if (p.packet.ct_redirect_port != 0) {
                        // conntrack applies the first packet's redirect: port and address.
                        p.packet.dport = p.packet.ct_redirect_port;
                        p.packet.daddr = net::IpAddress{};
                        p.port_seen = static_cast<int>(p.packet.dport);
                        p.redirected = true;
                    }
                    ++p.base;
                    continue;
                }
                p.packet.ct_state = ct_seen(p.ct_real, *b.chain);
                p.stack.push_back({b.chain, 0});
            }
            // Once paths have forked, two paths in the same state have the same future: only the
            // first one goes on. This keeps chains full of undecidable rules linear.
            if (m_forked && p.at_join) {
                p.at_join = false;
                if (seen_before(p)) return;
            }
            if (++m_steps > k_max_steps) {
                return finish(std::move(p), Outcome::unknown,
                              "the evaluation exceeded " + std::to_string(k_max_steps) +
                                  " rule steps");
            }
            Frame& f = p.stack.back();
            if (!f.skip) f.skip = &m_ev.skip_table(f.chain, p.packet);
            if (f.next < f.chain->rules.size()) f.next = (*f.skip)[f.next];
            if (f.next >= f.chain->rules.size()) {
                // Fell off the end.
                if (p.stack.size() > 1) {
                    p.stack.pop_back();
                    p.at_join = true;
                    continue;
                }
                if (!end_of_base(p, b)) return;
                continue;
            }
            const Rule& r = f.chain->rules[f.next++];
            if (r.verdict == Verdict::none && r.effects.empty()) continue;  // counter, log
            // A term that is false settles the rule before any undecided one forks the path:
            // a rule on another port is no match whatever its interface term says.
            m_values.clear();
            bool all = true;
            for (const Term& t : r.terms) {
                Tri v = eval_term(t, p.packet);
                if (v == Tri::no) {
                    all = false;
                    break;
                }
                m_values.push_back(v);
            }
            if (!all) continue;
            bool forked = false;
            for (size_t ti = 0; ti < r.terms.size(); ++ti) {
                const Term& t = r.terms[ti];
                Tri v = m_values[ti];
                if (v == Tri::yes) continue;
                // Undecided: fork the "does not match" branch, continue with "matches".
                bool may = v == Tri::may_yes || v == Tri::may_no;
                RawStep s = step_for(b, *f.chain, r.origin,
                                  may ? "depends on history: " + t.text
                                      : "cannot be decided for this packet class: " + t.text);
                m_forked = true;
                Path other = p;
                other.assumptions.push_back({may, may && v == Tri::may_yes, s});
                other.at_join = true;
                forked = true;
                m_pending.push_back(std::move(other));
                p.assumptions.push_back({may, may && v == Tri::may_no, s});
                // Continue checking the remaining terms with this one assumed true.
            }
            if (forked) p.at_join = true;
            if (!apply(p, b, r)) return;
        }
    }

    /// Policy of a base chain that fell through. Returns false when the path ended.
    bool end_of_base(Path& p, const Evaluator::Base& b) {
        const Chain& c = *b.chain;
        p.stack.clear();
        if (c.policy == Verdict::drop) {
            p.trace.push_back(step_for(b, c, c.policy_origin, "policy drop"));
            finish(std::move(p), Outcome::drop);
            return false;
        }
        ++p.base;
        p.at_join = true;
        return true;
    }

    /// Applies a matching rule. Returns false when the path ended.
    bool apply(Path& p, const Evaluator::Base& b, const Rule& r) {
        const Chain& chain = *p.stack.back().chain;
        for (const Effect& e : r.effects) {
            switch (e.kind) {
            case Effect::Kind::set_mark:
                p.packet.mark = (p.packet.mark & ~e.mask) ^ e.value;
                if (e.mask == 0xffffffff) p.packet.mark_unknown = false;
                break;
            case Effect::Kind::unknown: p.packet.mark_unknown = true; break;
            case Effect::Kind::notrack:
                p.packet.ct_state = k_ct_untracked;
                p.ct_real = k_ct_untracked;
                p.trace.push_back(step_for(b, chain, r.origin, "notrack: connection untracked"));
                break;
            case Effect::Kind::redirect_port:
                // REDIRECT also rewrites the destination to the incoming interface's primary
                // address (kernel-checked: a `-d` rule on the other address of the interface
                // then matches): unknown from the files, so address terms after it are unknown.
                p.packet.dport = e.value;
                p.packet.daddr = net::IpAddress{};
                p.port_seen = static_cast<int>(e.value);
                p.redirected = true;
                p.trace.push_back(step_for(b, chain, r.origin,
                                           "redirected to port " + std::to_string(e.value)));
                break;
            case Effect::Kind::dnat_other:
                p.trace.push_back(step_for(b, chain, r.origin, "DNAT to another host"));
                finish(std::move(p), Outcome::unknown,
                       "the connection is translated to another address (DNAT) and leaves this "
                       "host's sshd");
                return false;
            case Effect::Kind::none: break;
            }
        }
        // The packet class may have changed: the frames fetch their skip tables again.
        if (!r.effects.empty())
            for (Frame& fr : p.stack) fr.skip = nullptr;
        switch (r.verdict) {
        case Verdict::none: return true;
        case Verdict::accept:
            p.trace.push_back(step_for(b, chain, r.origin, "accept"));
            p.stack.clear();
            ++p.base;
            p.at_join = true;
            return true;
        case Verdict::drop:
            p.trace.push_back(step_for(b, chain, r.origin, "drop"));
            finish(std::move(p), Outcome::drop);
            return false;
        case Verdict::reject:
            p.trace.push_back(step_for(b, chain, r.origin,
                                       r.detail.empty() ? "reject" : "reject with " + r.detail));
            finish(std::move(p), Outcome::reject);
            return false;
        case Verdict::jump:
        case Verdict::go_to: {
            const Chain* target = m_ev.find(b.table, r.target);
            if (!target) {
                p.trace.push_back(step_for(b, chain, r.origin, "jump to undefined chain"));
                finish(std::move(p), Outcome::unknown,
                       "jump to chain '" + r.target + "', which does not exist");
                return false;
            }
            if (p.stack.size() >= static_cast<size_t>(k_max_depth)) {
                finish(std::move(p), Outcome::unknown,
                       "jumps nest deeper than " + std::to_string(k_max_depth) +
                           " chains (a jump loop?) at chain '" + r.target + "'");
                return false;
            }
            p.trace.push_back(step_for(
                b, chain, r.origin,
                (r.verdict == Verdict::jump ? "jump to " : "goto ") + r.target));
            // goto: the target returns to this chain's caller.
            // goto replaces the current frame: the target returns to this chain's caller, or
            // applies the base chain's policy when this is the base chain.
            if (r.verdict == Verdict::go_to) {
                p.stack.back() = {target, 0};
            } else {
                p.stack.push_back({target, 0});
            }
            return true;
        }
        case Verdict::ret:
            if (p.stack.size() > 1) {
                p.stack.pop_back();
                p.at_join = true;
                return true;
            }
            return end_of_base(p, b);
        case Verdict::queue:
            p.trace.push_back(step_for(b, chain, r.origin, "queue to userspace"));
            finish(std::move(p), Outcome::unknown,
                   "the packet is queued to a userspace program, which decides");
            return false;
        case Verdict::unknown:
            p.trace.push_back(step_for(b, chain, r.origin, "unmodelled target " + r.detail));
            finish(std::move(p), Outcome::unknown,
                   "target '" + r.detail + "' is not modelled: " + r.origin.text);
            return false;
        }
        return true;
    }

    /// What decides a path's future: position, the packet fields rules change, freshness.
    struct StateKey {
        size_t base = 0;
        std::uint32_t mark = 0, ct = 0, dport = 0;
        bool flipped = false;
        bool mark_unknown = false;
        std::uint8_t depth = 0;
        std::array<std::pair<const Chain*, size_t>, 8> frames{};
        bool operator==(const StateKey&) const = default;
    };
    struct KeyHash {
        size_t operator()(const StateKey& k) const {
            size_t h = k.base * 0x9e3779b97f4a7c15ull;
            auto mix = [&](size_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
            mix(k.mark);
            mix(k.ct);
            mix(k.dport);
            mix(k.flipped);
            mix(k.mark_unknown);
            for (std::uint8_t i = 0; i < k.depth; ++i) {
                mix(reinterpret_cast<size_t>(k.frames[i].first));
                mix(k.frames[i].second);
            }
            return h;
        }
    };

    /// True when a path in the same state (position, packet, fresh or not) was seen before.
    /// Deeper stacks than the key holds are never merged (always followed).
    bool seen_before(const Path& p) {
        if (p.stack.size() > 8) return false;
        StateKey k;
        k.base = p.base;
        k.mark = p.packet.mark;
        k.mark_unknown = p.packet.mark_unknown;
        k.ct = p.packet.ct_state | (p.ct_real << 8);
        k.dport = p.packet.dport;
        k.flipped = std::any_of(p.assumptions.begin(), p.assumptions.end(),
                                [](const Assumption& a) { return a.flipped; });
        k.depth = static_cast<std::uint8_t>(p.stack.size());
        for (size_t i = 0; i < p.stack.size(); ++i) k.frames[i] = {p.stack[i].chain, p.stack[i].next};
        return !m_seen.insert(k).second;
    }

    const Evaluator& m_ev;
    std::vector<Evaluator::Base> m_bases;
    std::vector<Path> m_pending;
    std::vector<Leaf> m_leaves;
    std::unordered_set<StateKey, KeyHash> m_seen;
    bool m_forked = false;
    std::size_t m_steps = 0;
    std::vector<Tri> m_values;  ///< the current rule's term values (reused buffer)
};

}  // namespace

Evaluation Evaluator::run_path(const Packet& packet, const std::vector<Base>& bases) const {
    Evaluation ev;
    if (const auto* u = m_ruleset.unreadable_for(packet.family)) {
        ev.outcome = Outcome::unknown;
        ev.reason = u->reason;
        return ev;
    }
    Walker w(*this, bases);
    std::vector<Leaf> leaves = w.run(packet);
    // Fresh leaves: every history-dependent term took its fresh-connection value.
    const Leaf* first_fresh = nullptr;
    bool disagree = false;
    const Leaf* disagreeing = nullptr;
    for (const Leaf& l : leaves) {
        bool fresh = std::none_of(l.path.assumptions.begin(), l.path.assumptions.end(),
                                  [](const Assumption& a) { return a.flipped; });
        if (!fresh) continue;
        if (!first_fresh) {
            first_fresh = &l;
        } else if (l.outcome != first_fresh->outcome) {
            disagree = true;
            disagreeing = &l;
        }
    }
    if (!first_fresh) {
        ev.outcome = Outcome::unknown;
        ev.reason = leaves.empty() ? "no path" : leaves.front().reason;
        return ev;
    }
    for (const RawStep& s : first_fresh->path.trace) ev.trace.push_back(s.done());
    ev.port_seen = first_fresh->path.port_seen;
    ev.redirected = first_fresh->path.redirected;
    if (disagree || first_fresh->outcome == Outcome::unknown) {
        ev.outcome = Outcome::unknown;
        const Leaf* why = first_fresh->outcome == Outcome::unknown ? first_fresh : disagreeing;
        ev.reason = why->reason;
        if (ev.reason.empty()) {
            for (const Assumption& a : disagreeing->path.assumptions)
                if (!a.may) {
                    ev.reason = a.step.note + " (" + a.step.origin->file + ":" +
                                std::to_string(a.step.origin->line) + ")";
                    ev.trace.push_back(a.step.done());
                    break;
                }
        }
        return ev;
    }
    ev.outcome = first_fresh->outcome;
    for (const Leaf& l : leaves) {
        if (l.outcome == ev.outcome) continue;
        for (const Assumption& a : l.path.assumptions) {
            if (!a.flipped) continue;
            bool seen = std::any_of(ev.risks.begin(), ev.risks.end(), [&](const auto& r) {
                return r.first == l.outcome && r.second.origin.file == a.step.origin->file &&
                       r.second.origin.line == a.step.origin->line;
            });
            if (!seen) ev.risks.push_back({l.outcome, a.step.done()});
            break;
        }
    }
    return ev;
}

const std::vector<Evaluator::Base>& Evaluator::cached(int family, bool out) const {
    int key = family * 2 + (out ? 1 : 0);
    auto it = m_bases.find(key);
    if (it == m_bases.end()) it = m_bases.emplace(key, base_chains(family, out)).first;
    return it->second;
}

namespace {

/// The host's answer to `in` after the inbound verdict `outcome` (accept: SYN-ACK of an
/// ESTABLISHED flow; reject: the reset or ICMP error, RELATED to the flow).
Packet answer_to(const Packet& in, const Evaluation& inbound, const std::string& reject_with) {
    Packet r;
    r.family = in.family;
    r.reply = true;
    r.saddr = in.daddr;
    r.daddr = in.saddr;
    r.iif = in.iif;  // the interface the client is behind
    r.sport = static_cast<std::uint32_t>(inbound.port_seen ? inbound.port_seen : in.dport);
    // Until postrouting undoes it, the answer of a redirected flow leaves from the redirect
    // address, which the files do not show.
    if (inbound.redirected) r.saddr = net::IpAddress{};
    r.dport = in.sport;
    r.mark = 0;
    if (inbound.outcome == Outcome::accept) {
        r.l4proto = 6;
        r.ct_state = in.ct_state == k_ct_new ? k_ct_established : in.ct_state;
        r.tcp_flags = k_tcp_syn | k_tcp_ack;
        if (in.ct_state != k_ct_new) r.tcp_flags = k_tcp_ack;
    } else if (reject_with == "tcp-reset" || reject_with == "tcp reset") {
        r.l4proto = 6;
        r.ct_state = k_ct_related;
        r.tcp_flags = k_tcp_rst | k_tcp_ack;
    } else {
        r.l4proto = in.family == 4 ? 1 : 58;
        r.ct_state = k_ct_related;
        r.tcp_flags = 0;
        r.icmp_type = in.family == 4 ? 3 : 1;  // destination unreachable
    }
    return r;
}

bool blocks(Outcome o) { return o == Outcome::drop || o == Outcome::reject; }

}  // namespace

Evaluation Evaluator::run(const Packet& packet) const {
    if (packet.reply) return run_path(packet, cached(packet.family, true));
    Evaluation in = run_path(packet, cached(packet.family, false));
    if (in.outcome != Outcome::accept && in.outcome != Outcome::reject) return in;
    std::string reject_with;
    if (in.outcome == Outcome::reject && !in.trace.empty()) {
        const std::string& note = in.trace.back().note;
        if (note.rfind("reject with ", 0) == 0) reject_with = note.substr(12);
    }
    // The answer must leave the host.
    Evaluation out = run_path(answer_to(packet, in, reject_with), cached(packet.family, true));
    auto fail = [&](const Evaluation& why, Stage stage, const std::string& what) {
        Evaluation e = in;
        e.stage = stage;
        e.stage_note = what;
        for (const Step& s : why.trace) e.trace.push_back(s);
        if (why.outcome == Outcome::unknown) {
            e.outcome = Outcome::unknown;
            e.reason = what + ": " + why.reason;
        } else {
            e.outcome = Outcome::drop;  // the client never hears back: it times out
        }
        return e;
    };
    if (out.outcome == Outcome::unknown || blocks(out.outcome))
        return fail(out, Stage::answer,
                    in.outcome == Outcome::accept ? "the host's SYN-ACK cannot leave"
                                                  : "the host's rejection cannot leave");
    // A TCP connection is open only when the client's next packets get in too: the handshake's
    // ACK is already ESTABLISHED and has no SYN, so `ct state new` or `--syn` accepts do not
    // cover it (kernel-checked: an accept restricted to NEW followed by a reject gives the client
    // ECONNREFUSED right after the SYN-ACK).
    if (in.outcome == Outcome::accept && packet.ct_state == k_ct_new && packet.l4proto == 6) {
        Packet next = packet;
        next.ct_state = k_ct_established;
        next.tcp_flags = k_tcp_ack;
        if (in.redirected) next.ct_redirect_port = static_cast<std::uint32_t>(in.port_seen);
        Evaluation f = run_path(next, cached(packet.family, false));
        if (f.outcome == Outcome::unknown || blocks(f.outcome)) {
            Evaluation e = fail(f, Stage::handshake,
                                "the SYN gets in but the client's next packets (ct state "
                                "established) do not");
            if (f.outcome == Outcome::reject) {
                // The client hears the rejection only if it can leave the host.
                std::string with;
                const std::string& note = f.trace.empty() ? std::string() : f.trace.back().note;
                if (note.rfind("reject with ", 0) == 0) with = note.substr(12);
                Evaluation back =
                    run_path(answer_to(next, f, with), cached(packet.family, true));
                if (!blocks(back.outcome) && back.outcome != Outcome::unknown)
                    e.outcome = Outcome::reject;
            }
            return e;
        }
    }
    // IPv6 needs neighbour discovery both ways before any of this: the client's solicitation
    // and advertisement in, the host's out. They are not tracked by conntrack.
    if (packet.family == 6 && !is_loopback(packet.saddr) && packet.ct_state == k_ct_new) {
        for (std::uint32_t type : {135u, 136u}) {
            for (bool reply : {false, true}) {
                Packet nd;
                nd.family = 6;
                nd.reply = reply;
                nd.saddr = reply ? packet.daddr : packet.saddr;
                nd.daddr = net::IpAddress{};  // solicited-node multicast or unicast: unknown
                if (reply) nd.daddr = packet.saddr;
                nd.iif = packet.iif;
                nd.l4proto = 58;
                nd.icmp_type = type;
                nd.hop_limit = 255;  // RFC 4861: neighbour discovery is sent with hop limit 255
                nd.ct_state = k_ct_untracked;
                nd.tcp_flags = 0;
                nd.sport = nd.dport = 0;
                Evaluation e = run_path(nd, cached(6, reply));
                if (e.outcome == Outcome::unknown || blocks(e.outcome))
                    return fail(e, Stage::neighbour, std::string("IPv6 neighbour ") +
                                       (type == 135 ? "solicitation" : "advertisement") +
                                       (reply ? " from the host" : " from the client") +
                                       " is blocked, so no IPv6 packet gets through");
            }
        }
    }
    return in;
}

Evaluation evaluate(const Ruleset& ruleset, const Packet& packet) {
    Evaluator ev(ruleset);
    return ev.run(packet);
}

}  // namespace lifeline::nf

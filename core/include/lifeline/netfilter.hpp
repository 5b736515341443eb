#pragma once
/// The normalised netfilter rule graph every firewall plugin produces, and the packet-path
/// evaluator that decides whether a locally delivered packet reaches its socket.
///
/// Plugins (iptables, nftables, ufw, …) translate their files into Tables of base and regular
/// Chains whose Rules are conjunctions of Terms over one packet. The evaluator knows no file
/// format: it runs every base chain a locally delivered packet meets (prerouting, then input), in
/// priority order, where an accept ends only the current base chain and a drop or reject ends
/// everything (config-semantics §2.5, §3.5). Terms it cannot decide (an unresolved set, an
/// unmodelled match) and terms that depend on history (rate limits) fork the evaluation: when
/// every branch ends the same way the verdict is certain, otherwise it is `unknown` (or, for
/// history-dependent terms, the fresh-connection outcome plus the risks).

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/net.hpp"

namespace lifeline::nf {

/// The netfilter hooks a packet can meet.
enum class Hook { ingress, prerouting, input, forward, output, postrouting };

/// A table's family: `ip` sees IPv4, `ip6` IPv6, `inet` both; the others see no IP packet here.
enum class Family { ip, ip6, inet, arp, bridge, netdev };

/// Where a table, chain or rule comes from.
struct Origin {
    std::string file;  ///< host path as the user knows it ("/etc/iptables/rules.v4")
    int line = 0;      ///< 1-based; 0 = generated (ufw's start sequence, a policy default)
    int column = 0;
    std::string text;  ///< the rule as written (or a description of the generated rule)
};

/// Connection-tracking states as bits (the same numbering in every plugin).
enum CtState : unsigned {
    k_ct_invalid = 1,
    k_ct_established = 2,
    k_ct_related = 4,
    k_ct_new = 8,
    k_ct_untracked = 16,
    k_ct_snat = 32,
    k_ct_dnat = 64,
};

/// TCP flag bits as the kernel numbers them.
enum TcpFlagBit : unsigned {
    k_tcp_fin = 1,
    k_tcp_syn = 2,
    k_tcp_rst = 4,
    k_tcp_psh = 8,
    k_tcp_ack = 16,
    k_tcp_urg = 32,
};

/// An inclusive range of ports or protocol numbers.
struct Range {
    std::uint32_t first = 0;
    std::uint32_t last = 0;
    bool operator==(const Range&) const = default;
};

/// An interface name pattern; `wildcard` = prefix match (iptables `eth+`, nft `"eth*"`).
struct Interface {
    std::string name;
    bool wildcard = false;
};

/// What a Term looks at.
enum class Field {
    nfproto,    ///< address family: `values` holds 4 and/or 6
    l4proto,    ///< transport protocol number in `values` (6 = tcp)
    saddr,      ///< source address in `networks`
    daddr,      ///< destination address in `networks`
    iif,        ///< input interface in `interfaces`
    oif,        ///< output interface (never set on a locally delivered packet)
    sport,      ///< source port in `values`
    dport,      ///< destination port in `values`
    any_port,   ///< source or destination port in `values` (multiport --ports)
    icmp_type,  ///< ICMP / ICMPv6 type in `values` (never matches a packet without one)
    hop_limit,  ///< IPv4 TTL / IPv6 hop limit in `values` (unknown unless the packet's is known)
    ct_state,   ///< (packet state & `bits`) != 0
    tcp_flags,  ///< (packet flags & `mask`) == `bits`
    mark,       ///< (packet mark & `mask`) == `bits`
    fragment,   ///< the packet is a non-first fragment; `bits` = 1 matches fragments
    dst_local,  ///< destination address type LOCAL (`addrtype`, `fib daddr type local`)
    may_match,  ///< depends on history (limit, recent, connlimit); `likely` = fresh outcome
    unknown,    ///< cannot be decided from the packet class (reason in `text`)
};

/// One condition of a rule. `negated` inverts the match.
struct Term {
    Field field = Field::unknown;
    bool negated = false;
    std::vector<Range> values;
    std::vector<net::Network> networks;
    std::vector<Interface> interfaces;
    std::uint32_t bits = 0;
    std::uint32_t mask = 0;
    bool likely = true;  ///< may_match: the result for a single fresh connection
    std::string text;    ///< the source text of the term (for traces and `unknown` reasons)
};

/// What a rule does when all its terms hold.
enum class Verdict {
    none,      ///< no verdict: evaluation continues with the next rule (counter, log, …)
    accept,    ///< ends this base chain; later base chains still see the packet
    drop,      ///< final
    reject,    ///< final; the client sees a refusal
    jump,      ///< call `target`, continue after it returns
    go_to,     ///< continue in `target`, never return here
    ret,       ///< return to the caller (in a base chain: apply the policy)
    queue,     ///< userspace decides: the evaluator answers `unknown`
    unknown,   ///< an unmodelled terminating target
};

/// Side effects on the packet that later rules can see.
struct Effect {
    /// unknown: an unmodelled change (a mark from the conntrack mark, a payload rewrite): later
    /// mark matches cannot be decided.
    enum class Kind { none, set_mark, notrack, redirect_port, dnat_other, unknown };
    Kind kind = Kind::none;
    std::uint32_t value = 0;  ///< set_mark: mark = (mark & ~mask) ^ value; redirect_port: port
    std::uint32_t mask = 0;
};

/// One rule: all terms must hold; then effects apply, then the verdict.
struct Rule {
    std::vector<Term> terms;
    std::vector<Effect> effects;
    Verdict verdict = Verdict::none;
    std::string target;   ///< jump/goto target chain name
    std::string detail;   ///< reject type, unknown target name, …
    Origin origin;
};

/// A chain. Base chains have a hook, a priority and a policy (accept or drop).
struct Chain {
    std::string name;
    bool base = false;
    Hook hook = Hook::input;
    int priority = 0;
    bool nat = false;              ///< a nat base chain: only the first packet of a flow
    Verdict policy = Verdict::accept;
    Origin origin;                 ///< the declaration
    Origin policy_origin;          ///< where the policy was set (origin.line 0 = the default)
    std::vector<Rule> rules;
};

/// A table. `source` names the layer that produced it ("iptables-nft", "iptables-legacy",
/// "nftables", "ufw") and decides, with `name`, which tables the traces show.
struct Table {
    Family family = Family::inet;
    std::string name;
    std::string source;
    Origin origin;
    std::vector<Chain> chains;

    const Chain* find_chain(const std::string& chain_name) const;
};

/// Every table that will be live on the host, from every firewall layer, in the order their
/// base chains were registered with the kernel (ties of priority run the latest first).
struct Ruleset {
    std::vector<Table> tables;
    /// A layer that could not be read (or would fail to load): its tables are missing, so
    /// verdicts for `family` (0 = both) are unknown.
    struct Unreadable {
        std::string reason;
        int family = 0;
        Unreadable(std::string why, int fam = 0) : reason(std::move(why)), family(fam) {}
    };
    std::vector<Unreadable> unreadable;
    /// The first unreadable entry that concerns `family` (4 or 6), or nullptr.
    const Unreadable* unreadable_for(int family) const {
        for (const auto& u : unreadable)
            if (u.family == 0 || u.family == family) return &u;
        return nullptr;
    }
};

/// The packet class the evaluator follows: one TCP segment to a local socket (or, with
/// `reply`, a packet the host sends back to the client).
struct Packet {
    int family = 4;
    net::IpAddress saddr;
    net::IpAddress daddr;      ///< family 0 = any local address (daddr terms become unknown)
    std::string iif;           ///< empty = any interface (iif terms become unknown)
    std::uint32_t l4proto = 6;
    std::uint32_t sport = 40000;
    std::uint32_t dport = 22;
    std::uint32_t ct_state = k_ct_new;
    std::uint32_t tcp_flags = k_tcp_syn;
    std::uint32_t mark = 0;
    bool reply = false;                    ///< leaves the host: output and postrouting hooks
    std::uint32_t icmp_type = 0xffffffff;  ///< none
    std::uint32_t hop_limit = 0;           ///< 0 = unknown (depends on the client's distance)
    bool mark_unknown = false;             ///< an unmodelled effect changed the mark
    /// A later packet of a flow whose first packet a nat chain redirected: conntrack rewrites its
    /// destination port to this where the nat chain sat (nat chains themselves see only NEW).
    std::uint32_t ct_redirect_port = 0;
};

/// The final word on a packet.
enum class Outcome { accept, drop, reject, unknown };

/// One step of a trace: a rule that decided or changed something, a chain policy, a note.
struct Step {
    Origin origin;
    std::string table;  ///< "ip filter", "inet f"
    std::string chain;
    std::string note;   ///< "policy drop", "accept ends this base chain", …
};

/// Which packet of the exchange decided: the client's packet, the host's answer (SYN-ACK or a
/// reject's reset / ICMP error) leaving through output, the client's next packet of the new
/// connection (the handshake's ACK and everything after it: ct state established, no SYN), or
/// IPv6 neighbour discovery.
enum class Stage { inbound, answer, handshake, neighbour };

/// The result for one packet class.
struct Evaluation {
    Outcome outcome = Outcome::unknown;
    Stage stage = Stage::inbound;
    std::string stage_note;           ///< what failed when stage is not inbound
    std::vector<Step> trace;          ///< the path that decided (the fresh-connection path)
    std::string reason;               ///< why unknown
    /// History-dependent alternatives: the outcome when a may-match term flips, with the term.
    std::vector<std::pair<Outcome, Step>> risks;
    int port_seen = 0;                ///< the destination port after nat redirects
    /// A nat redirect took the connection: the kernel also rewrote its destination address to
    /// the primary address of the incoming interface, which the files do not show.
    bool redirected = false;
};

/// Evaluates a new or established connection's `packet` against every base chain at ingress,
/// prerouting and input, then the host's answer (SYN-ACK, or the reset / ICMP error of a
/// reject) against output and postrouting, and for IPv6 the neighbour discovery both need.
Evaluation evaluate(const Ruleset& ruleset, const Packet& packet);

/// One part of a source network with its verdict and a witness address inside it.
struct Part {
    std::vector<net::Network> networks;  ///< the part as a list of CIDRs
    net::IpAddress witness;
    Evaluation evaluation;
};

/// Splits `sources` (same family as `packet`) into parts that get different verdicts; parts
/// with the same outcome and the same deciding rule are merged. `packet.saddr` is ignored.
std::vector<Part> partition(const Ruleset& ruleset, const Packet& packet,
                            const net::Network& sources);

/// "accept", "drop", "reject", "unknown".
const char* to_string(Outcome outcome);
const char* to_string(Hook hook);
const char* to_string(Family family);
const char* to_string(Verdict verdict);

/// Prints the normalised graph for `family` (0 = all): tables, base chains with hook, priority
/// and policy, rules with their origin.
void dump(const Ruleset& ruleset, int family, std::ostream& out);

}  // namespace lifeline::nf

// The live xtables state as normalised netfilter tables (lifeline/netfilter.hpp): built-in
// chains become base chains at the priorities of config-semantics §2.5, rules become terms.
// Matches the packet class cannot decide become unknown terms, never silently true.

#include <charconv>
#include <iterator>
#include <span>
#include <type_traits>

#include "extensions.hpp"
#include "iptables/restore.hpp"

namespace lifeline::iptables {
namespace {

struct ChainHook {
    nf::Hook hook;
    int priority;
};

/// Hook and priority of a built-in chain of `table` (§2.5: raw −300, mangle −150, nat −100 at
/// prerouting and +100 at input, filter 0, security 50).
ChainHook hook_of(std::string_view table, std::string_view chain) {
    nf::Hook hook = nf::Hook::input;
    if (chain == "PREROUTING") hook = nf::Hook::prerouting;
    else if (chain == "FORWARD") hook = nf::Hook::forward;
    else if (chain == "OUTPUT") hook = nf::Hook::output;
    else if (chain == "POSTROUTING") hook = nf::Hook::postrouting;
    int priority = 0;
    if (table == "raw") priority = -300;
    else if (table == "mangle") priority = -150;
    else if (table == "nat") priority = (hook == nf::Hook::input || hook == nf::Hook::postrouting) ? 100 : -100;
    else if (table == "security") priority = 50;
    return {hook, priority};
}

std::vector<nf::Range> to_ranges(const PortMatch& p) {
    std::vector<nf::Range> out;
    for (const auto& r : p.ranges)
        out.push_back({static_cast<std::uint32_t>(r.first), static_cast<std::uint32_t>(r.last)});
    return out;
}

nf::Term make_term(nf::Field field, bool negated) {
    nf::Term t;
    t.field = field;
    t.negated = negated;
    return t;
}

nf::Term constant(bool value, std::string text) {
    // nfproto over both families is always true; its negation always false.
    nf::Term t;
    t.field = nf::Field::nfproto;
    t.values = {{4, 4}, {6, 6}};
    t.negated = !value;
    t.text = std::move(text);
    return t;
}

nf::Term unknown(std::string text, bool negated = false) {
    nf::Term t;
    t.field = nf::Field::unknown;
    t.negated = negated;
    t.text = std::move(text);
    return t;
}

std::string option_text(const Match& m, const Option& o) {
    std::string s = "-m " + m.name + (o.negated ? " ! " : " ") + o.name;
    for (const auto& v : o.values) s += " " + v.text;
    return s;
}

const Option* find_option(const Match& m, std::string_view name) {
    for (const auto& o : m.options)
        if (o.name == name) return &o;
    return nullptr;
}

std::optional<std::uint32_t> to_u32(std::string_view text) {
    std::uint32_t v = 0;
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        base = 16;
    }
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

/// `VALUE[/MASK]` of mark matches and targets.
std::optional<std::pair<std::uint32_t, std::uint32_t>> value_mask(std::string_view text) {
    auto slash = text.find('/');
    auto v = to_u32(text.substr(0, slash));
    if (!v) return std::nullopt;
    std::uint32_t mask = 0xffffffff;
    if (slash != std::string_view::npos) {
        auto m = to_u32(text.substr(slash + 1));
        if (!m) return std::nullopt;
        mask = *m;
    }
    return std::pair{*v, mask};
}

/// The type of an `--icmp-type` / `--icmpv6-type` value (name, TYPE or TYPE/CODE); codes are
/// not modelled, so a name or number with a code gives its type and `any` gives nullopt.
std::optional<std::uint32_t> icmp_type(std::string_view text, bool v6) {
    static const std::pair<std::string_view, std::uint32_t> k_v4[] = {
        {"echo-reply", 0}, {"pong", 0}, {"destination-unreachable", 3}, {"network-unreachable", 3},
        {"host-unreachable", 3}, {"protocol-unreachable", 3}, {"port-unreachable", 3},
        {"fragmentation-needed", 3}, {"source-route-failed", 3}, {"network-unknown", 3},
        {"host-unknown", 3}, {"network-prohibited", 3}, {"host-prohibited", 3},
        {"TOS-network-unreachable", 3}, {"TOS-host-unreachable", 3},
        {"communication-prohibited", 3}, {"host-precedence-violation", 3},
        {"precedence-cutoff", 3}, {"source-quench", 4}, {"redirect", 5},
        {"network-redirect", 5}, {"host-redirect", 5}, {"TOS-network-redirect", 5},
        {"TOS-host-redirect", 5}, {"echo-request", 8}, {"ping", 8},
        {"router-advertisement", 9}, {"router-solicitation", 10}, {"time-exceeded", 11},
        {"ttl-exceeded", 11}, {"ttl-zero-during-transit", 11}, {"ttl-zero-during-reassembly", 11},
        {"parameter-problem", 12}, {"ip-header-bad", 12}, {"required-option-missing", 12},
        {"timestamp-request", 13}, {"timestamp-reply", 14}, {"address-mask-request", 17},
        {"address-mask-reply", 18}};
    static const std::pair<std::string_view, std::uint32_t> k_v6[] = {
        {"destination-unreachable", 1}, {"no-route", 1}, {"communication-prohibited", 1},
        {"beyond-scope", 1}, {"address-unreachable", 1}, {"port-unreachable", 1},
        {"failed-policy", 1}, {"reject-route", 1}, {"packet-too-big", 2},
        {"time-exceeded", 3}, {"ttl-exceeded", 3}, {"ttl-zero-during-transit", 3},
        {"ttl-zero-during-reassembly", 3}, {"parameter-problem", 4}, {"bad-header", 4},
        {"unknown-header-type", 4}, {"unknown-option", 4}, {"echo-request", 128},
        {"ping", 128}, {"echo-reply", 129}, {"pong", 129}, {"router-solicitation", 133},
        {"router-advertisement", 134}, {"neighbour-solicitation", 135},
        {"neighbor-solicitation", 135}, {"neighbour-advertisement", 136},
        {"neighbor-advertisement", 136}, {"redirect", 137}};
    using Names = std::span<const std::pair<std::string_view, std::uint32_t>>;
    for (const auto& [name, type] : v6 ? Names(k_v6) : Names(k_v4))
        if (name == text) return type;
    auto slash = text.find('/');
    return to_u32(text.substr(0, slash));
}

/// A history-dependent match: its result for a single fresh connection.
nf::Term may_match(const Match& m) {
    nf::Term t;
    t.field = nf::Field::may_match;
    t.text = "-m " + m.name;
    for (const auto& o : m.options) {
        t.text += (o.negated ? " ! " : " ") + o.name;
        for (const auto& v : o.values) t.text += " " + v.text;
    }
    if (m.name == "limit") {
        t.likely = true;  // under the rate
    } else if (m.name == "recent") {
        t.likely = find_option(m, "--set") != nullptr;  // --set always matches
        if (const Option* set = find_option(m, "--set"); set && set->negated) t.likely = false;
    } else if (m.name == "hashlimit") {
        t.likely = find_option(m, "--hashlimit-above") == nullptr;
    } else if (m.name == "connlimit") {
        if (const Option* above = find_option(m, "--connlimit-above")) {
            t.likely = !above->values.empty() && above->values[0].text == "0";
        } else if (const Option* upto = find_option(m, "--connlimit-upto")) {
            t.likely = upto->values.empty() || upto->values[0].text != "0";
        }
    }
    return t;
}

/// Adds the terms of one `-m` match.
void match_terms(const Match& m, const Rule& rule, int family, const IpsetDb& sets,
                 std::vector<nf::Term>& out) {
    (void)rule;
    if (m.may_match) {
        out.push_back(may_match(m));
        return;
    }
    if (m.name == "comment") return;
    if (m.name == "tcp" || m.name == "udp" || m.name == "udplite" || m.name == "sctp" ||
        m.name == "multiport") {
        if (m.dports) {
            nf::Term t = make_term(nf::Field::dport, m.dports->negated);
            t.values = to_ranges(*m.dports);
            t.text = "--dport";
            out.push_back(std::move(t));
        }
        if (m.sports) {
            nf::Term t = make_term(nf::Field::sport, m.sports->negated);
            t.values = to_ranges(*m.sports);
            t.text = "--sport";
            out.push_back(std::move(t));
        }
        if (m.ports) {
            nf::Term t = make_term(nf::Field::any_port, m.ports->negated);
            t.values = to_ranges(*m.ports);
            t.text = "--ports";
            out.push_back(std::move(t));
        }
        if (m.tcp_flags) {
            nf::Term t;
            t.field = nf::Field::tcp_flags;
            t.negated = m.tcp_flags->negated;
            t.mask = m.tcp_flags->mask;
            t.bits = m.tcp_flags->comp;
            t.text = "--tcp-flags";
            out.push_back(std::move(t));
        }
        for (const auto& o : m.options)
            if (o.name == "--tcp-option" || o.name == "--chunk-types")
                out.push_back(unknown(option_text(m, o)));
        return;
    }
    if (m.name == "conntrack" || m.name == "state") {
        for (const auto& o : m.options) {
            if (o.name == "--ctstate" || o.name == "--state") {
                nf::Term t;
                t.field = nf::Field::ct_state;
                t.negated = o.negated;
                t.bits = m.state ? m.state->states : 0;
                t.text = option_text(m, o);
                out.push_back(std::move(t));
            } else if (o.name == "--ctdir") {
                // A new connection's first packet travels in the original direction.
                bool original = !o.values.empty() && o.values[0].text == "ORIGINAL";
                out.push_back(constant(original != o.negated, option_text(m, o)));
            } else {
                out.push_back(unknown(option_text(m, o)));
            }
        }
        return;
    }
    if (m.name == "set" && m.set) {
        auto it = sets.sets.find(m.set->name);
        std::string text = "-m set " + std::string(m.set->negated ? "! " : "") + "--match-set " +
                           m.set->name;
        if (it != sets.sets.end() && it->second.ports_only && m.set->flags.size() == 1) {
            // A port set matches the transport header's port; a packet without ports never
            // matches (TCP here).
            nf::Term t = make_term(m.set->flags[0] == "src" ? nf::Field::sport : nf::Field::dport,
                                   m.set->negated);
            for (auto [a, b] : it->second.ports)
                t.values.push_back({static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)});
            t.text = text;
            out.push_back(std::move(t));
            return;
        }
        if (it == sets.sets.end() || !it->second.addresses_only || m.set->flags.size() != 1 ||
            it->second.family != family) {
            out.push_back(unknown(text + " (the ipset's contents are not known)", m.set->negated));
            return;
        }
        nf::Term t;
        t.field = m.set->flags[0] == "src" ? nf::Field::saddr : nf::Field::daddr;
        t.negated = m.set->negated;
        t.networks = it->second.members;
        t.text = text;
        out.push_back(std::move(t));
        return;
    }
    if (m.name == "addrtype") {
        for (const auto& o : m.options) {
            std::string types = o.values.empty() ? "" : o.values[0].text;
            auto has = [&](std::string_view type) {
                return types == type || types.find(std::string(type) + ",") == 0 ||
                       types.find("," + std::string(type)) != std::string::npos;
            };
            if (o.name == "--dst-type") {
                nf::Term t;
                t.field = nf::Field::dst_local;
                t.bits = has("LOCAL") ? 1 : 0;
                t.negated = o.negated;
                t.text = option_text(m, o);
                out.push_back(std::move(t));
            } else if (o.name == "--src-type") {
                // A remote client's address is UNICAST.
                out.push_back(constant(has("UNICAST") != o.negated, option_text(m, o)));
            } else {
                out.push_back(unknown(option_text(m, o)));
            }
        }
        return;
    }
    if (m.name == "mark" || m.name == "connmark") {
        const Option* o = find_option(m, "--mark");
        auto vm = o && !o->values.empty() ? value_mask(o->values[0].text) : std::nullopt;
        if (!vm) {
            out.push_back(unknown("-m " + m.name));
            return;
        }
        if (m.name == "connmark") {
            // A new connection's conntrack mark is 0.
            out.push_back(constant(((0 & vm->second) == vm->first) != o->negated,
                                   option_text(m, *o)));
            return;
        }
        nf::Term t;
        t.field = nf::Field::mark;
        t.negated = o->negated;
        t.bits = vm->first;
        t.mask = vm->second;
        t.text = option_text(m, *o);
        out.push_back(std::move(t));
        return;
    }
    if (m.name == "pkttype") {
        const Option* o = find_option(m, "--pkt-type");
        bool unicast = o && !o->values.empty() && o->values[0].text == "unicast";
        out.push_back(constant(unicast != (o && o->negated), o ? option_text(m, *o) : "-m pkttype"));
        return;
    }
    if (m.name == "policy") {
        const Option* pol = find_option(m, "--pol");
        if (pol && !pol->values.empty() && !find_option(m, "--strict")) {
            // A plain SSH connection carries no IPsec policy.
            bool none = pol->values[0].text == "none";
            out.push_back(constant(none, option_text(m, *pol)));
            return;
        }
    }
    if (m.name == "hl" || m.name == "ttl") {
        for (const auto& o : m.options) {
            auto n = o.values.empty() ? std::nullopt : to_u32(o.values[0].text);
            std::string op = o.name.substr(o.name.size() - 3);  // "-eq", "-lt", "-gt"
            if (!n || *n > 255 || (op != "-eq" && op != "-lt" && op != "-gt")) {
                out.push_back(unknown(option_text(m, o)));
                continue;
            }
            nf::Term t = make_term(nf::Field::hop_limit, o.negated);
            if (op == "-eq") t.values = {{*n, *n}};
            else if (op == "-lt") t.values = {{0, *n == 0 ? 0 : *n - 1}};
            else t.values = {{*n + 1, 255}};
            if (op == "-lt" && *n == 0) t.values.clear();
            t.text = option_text(m, o);
            out.push_back(std::move(t));
        }
        return;
    }
    if (m.name == "icmp" || m.name == "icmp6") {
        for (const auto& o : m.options) {
            if (o.name != "--icmp-type" && o.name != "--icmpv6-type") continue;
            auto type = o.values.empty() ? std::nullopt : icmp_type(o.values[0].text, m.name == "icmp6");
            if (!type) {
                out.push_back(unknown(option_text(m, o)));
                continue;
            }
            nf::Term t = make_term(nf::Field::icmp_type, o.negated);
            t.values = {{*type, *type}};
            t.text = option_text(m, o);
            out.push_back(std::move(t));
        }
        return;
    }
    if (m.name == "rt" || m.name == "frag" || m.name == "hbh" || m.name == "dst") {
        // IPv6 extension headers: a TCP SYN from ssh carries none.
        out.push_back(constant(false, "-m " + m.name));
        return;
    }
    std::string text = "-m " + m.name;
    for (const auto& o : m.options) {
        text += (o.negated ? " ! " : " ") + o.name;
        for (const auto& v : o.values) text += " " + v.text;
    }
    out.push_back(unknown(text));
}

/// Target → verdict and effects.
void target_of(const Target& target, const LiveTable& table, nf::Rule& out) {
    const std::string& n = target.name;
    auto opt = [&](std::string_view name) -> const Option* {
        for (const auto& o : target.options)
            if (o.name == name) return &o;
        return nullptr;
    };
    if (table.find(n) && !is_target_extension(n) && n != "ACCEPT" && n != "DROP" &&
        n != "RETURN") {
        out.verdict = target.is_goto ? nf::Verdict::go_to : nf::Verdict::jump;
        out.target = n;
        return;
    }
    if (n == "ACCEPT") out.verdict = nf::Verdict::accept;
    else if (n == "DROP") out.verdict = nf::Verdict::drop;
    else if (n == "RETURN") out.verdict = nf::Verdict::ret;
    else if (n == "REJECT") {
        out.verdict = nf::Verdict::reject;
        out.detail = target.reject_with.value_or("");
    } else if (n == "QUEUE" || n == "NFQUEUE") {
        out.verdict = nf::Verdict::queue;
    } else if (n == "MARK") {
        const Option* o = opt("--set-xmark");
        bool xmark = o != nullptr;
        if (!o) o = opt("--set-mark");
        auto vm = o && !o->values.empty() ? value_mask(o->values[0].text) : std::nullopt;
        if (vm) {
            // --set-mark V/M clears M then sets V: mark = (mark & ~M) | V, which is the
            // xmark form with mask M|V.
            std::uint32_t mask = xmark ? vm->second : (vm->second | vm->first);
            out.effects.push_back({nf::Effect::Kind::set_mark, vm->first, mask});
        } else {
            out.verdict = nf::Verdict::unknown;
            out.detail = "MARK";
        }
    } else if (n == "CONNMARK") {
        if (opt("--restore-mark")) {
            // A new connection's conntrack mark is 0.
            out.effects.push_back({nf::Effect::Kind::set_mark, 0, 0xffffffff});
        }
    } else if (n == "NOTRACK" || (n == "CT" && opt("--notrack"))) {
        out.effects.push_back({nf::Effect::Kind::notrack, 0, 0});
    } else if (n == "REDIRECT") {
        const Option* o = opt("--to-ports");
        auto port = o && !o->values.empty() ? to_u32(o->values[0].text) : std::nullopt;
        if (port) {
            out.effects.push_back({nf::Effect::Kind::redirect_port, *port, 0});
            out.verdict = nf::Verdict::accept;  // a nat target ends the nat chain
        } else {
            out.verdict = nf::Verdict::unknown;
            out.detail = "REDIRECT (port range)";
        }
    } else if (n == "DNAT") {
        out.effects.push_back({nf::Effect::Kind::dnat_other, 0, 0});
    } else if (n == "SNAT" || n == "MASQUERADE" || n == "NETMAP") {
        out.verdict = nf::Verdict::accept;  // nat decided; filtering goes on in later chains
    } else if (n == "TPROXY" || n == "SYNPROXY" || n == "TEE" || n == "CLUSTERIP") {
        out.verdict = nf::Verdict::unknown;
        out.detail = n;
    }
    // Everything else (LOG, NFLOG, TCPMSS, TOS, SET, …) does not decide: evaluation goes on.
}

/// The terms of a rule's base options (-p -s -d -i -o -f), then of its matches.
void rule_terms(const Rule& r, int family, const IpsetDb& sets, std::vector<nf::Term>& terms) {
    if (r.protocol && r.protocol->number != 0) {
        nf::Term p = make_term(nf::Field::l4proto, r.protocol->negated);
        auto n = static_cast<std::uint32_t>(r.protocol->number);
        p.values = {{n, n}};
        p.text = "-p " + r.protocol->name;
        terms.push_back(std::move(p));
    }
    if (r.source) {
        nf::Term s = make_term(nf::Field::saddr, r.source->negated);
        s.networks = r.source->networks;
        s.text = "-s";
        terms.push_back(std::move(s));
    }
    if (r.destination) {
        nf::Term d = make_term(nf::Field::daddr, r.destination->negated);
        d.networks = r.destination->networks;
        d.text = "-d";
        terms.push_back(std::move(d));
    }
    for (const auto* i : {&r.in_interface, &r.out_interface}) {
        if (!*i) continue;
        bool in = i == &r.in_interface;
        nf::Term term = make_term(in ? nf::Field::iif : nf::Field::oif, (*i)->negated);
        term.interfaces = {{(*i)->name, (*i)->wildcard}};
        term.text = (in ? "-i " : "-o ") + (*i)->name + ((*i)->wildcard ? "+" : "");
        terms.push_back(std::move(term));
    }
    if (r.fragment) {
        nf::Term f;
        f.field = nf::Field::fragment;
        f.bits = 1;
        f.negated = !*r.fragment;
        f.text = *r.fragment ? "-f" : "! -f";
        terms.push_back(std::move(f));
    }
    for (const Match& m : r.matches) match_terms(m, r, family, sets, terms);
}

/// A chain's header: a built-in chain becomes a base chain with its hook, priority and policy.
nf::Chain chain_of(const std::string& table, const LiveTable& live, const LiveChain& lc) {
    nf::Chain c;
    c.name = lc.name;
    c.origin = lc.origin;
    if (!lc.builtin) return c;
    auto [hook, priority] = hook_of(table, lc.name);
    c.base = true;
    c.hook = hook;
    c.priority = priority;
    c.nat = table == "nat";
    c.policy = lc.policy == "DROP" ? nf::Verdict::drop : nf::Verdict::accept;
    c.policy_origin = lc.policy_origin;
    if (c.policy_origin.file.empty()) {
        c.policy_origin = live.origin;
        c.policy_origin.text = ":" + lc.name + " ACCEPT (the default)";
    }
    return c;
}

/// The normalised tables of `tables`. `Tables` is the state's map, const (copies the rules'
/// origins) or not (moves them and frees each chain's rules once translated, so a large
/// ruleset is not held twice).
template <class Tables>
std::vector<nf::Table> translate(Tables& tables, int family, const std::string& source,
                                 const IpsetDb& sets) {
    constexpr bool consume = !std::is_const_v<Tables>;
    std::vector<nf::Table> out;
    // Terms are collected here, then moved into a vector of the exact size: the graph keeps
    // 100,000 term vectors, so spare room in each would add up.
    std::vector<nf::Term> terms;
    for (auto& [name, live] : tables) {
        nf::Table t;
        t.family = family == 4 ? nf::Family::ip : nf::Family::ip6;
        t.name = name;
        t.source = source;
        t.origin = live.origin;
        t.chains.reserve(live.chains.size());
        for (auto& lc : live.chains) {
            nf::Chain c = chain_of(name, live, lc);
            c.rules.reserve(lc.rules.size());
            for (auto& lr : lc.rules) {
                nf::Rule& nr = c.rules.emplace_back();
                if constexpr (consume) nr.origin = std::move(lr.origin);
                else nr.origin = lr.origin;
                terms.clear();
                rule_terms(lr.rule, family, sets, terms);
                nr.terms.reserve(terms.size());
                std::move(terms.begin(), terms.end(), std::back_inserter(nr.terms));
                if (lr.rule.target) target_of(*lr.rule.target, live, nr);
            }
            if constexpr (consume) {
                lc.rules.clear();
                lc.rules.shrink_to_fit();
            }
            t.chains.push_back(std::move(c));
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace

std::vector<nf::Table> XtablesState::to_netfilter(const std::string& source,
                                                  const IpsetDb& sets) const& {
    return translate(m_tables, m_family, source, sets);
}

std::vector<nf::Table> XtablesState::to_netfilter(const std::string& source,
                                                  const IpsetDb& sets) && {
    auto out = translate(m_tables, m_family, source, sets);
    m_tables.clear();
    return out;
}

}  // namespace lifeline::iptables

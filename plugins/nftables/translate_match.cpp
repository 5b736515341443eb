// Matches as nf terms. Semantics follow nftables 1.0.6 evaluation: an implicit operator on a
// bitmask type (ct state, tcp flags) is a flag test `(x & v) != 0`, `==` is exact equality,
// `!` is `(x & v) == 0`, a `{ set }` is an exact lookup, and protocol fields imply their
// protocol (`tcp dport` → l4proto 6; `ip saddr` in an inet table → nfproto 4).
#include <algorithm>
#include <bit>
#include <functional>

#include "translate_impl.hpp"

namespace lifeline::nft::detail {
namespace {

nf::Term term(nf::Field field, bool negated, const std::string& text) {
    nf::Term t;
    t.field = field;
    t.negated = negated;
    t.text = text;
    return t;
}

std::uint32_t type_max(Selector s) {
    return s == Selector::dport || s == Selector::sport ? 65535u : 255u;
}

/// `< v`, `>= v`, … as a range, for integer fields.
std::optional<nf::Range> relational_range(const std::string& op, std::uint32_t v,
                                          std::uint32_t max) {
    if (op == "<") return v == 0 ? std::nullopt : std::optional<nf::Range>({0, v - 1});
    if (op == "<=") return nf::Range{0, v};
    if (op == ">") return v >= max ? std::nullopt : std::optional<nf::Range>({v + 1, max});
    if (op == ">=") return nf::Range{v, max};
    return std::nullopt;
}

bool relational(const std::string& op) {
    return op == "<" || op == ">" || op == "<=" || op == ">=";
}

/// `meta mark & 0xff`, `tcp flags & (syn|ack)`: the constant mask of a single `&`.
std::optional<std::uint32_t> and_mask(const Expr& e) {
    if (e.ops.size() != 1 || e.ops[0].first != "&") return std::nullopt;
    if (auto m = constant_integer(e.ops[0].second)) return std::uint32_t(*m);
    Atoms atoms;  // flag names: `tcp flags & (fin|syn)`
    if (e.datatype != "tcp_flag" || convert(e.ops[0].second, e.datatype, atoms))
        return std::nullopt;
    std::uint32_t m = 0;
    for (const auto& r : atoms.ranges) m |= r.first;
    return m;
}

}  // namespace

nf::Term RuleTranslator::unknown(const std::string& text, const std::string& why) const {
    return term(nf::Field::unknown, false, why.empty() ? text : text + " (" + why + ")");
}

const LiveSet* RuleTranslator::static_set(const std::string& name, std::string& why) const {
    const LiveSet* set = m_table.set(name);
    if (!set) {
        why = "set @" + name + " does not exist";
        return nullptr;
    }
    if ((set->flags & (k_set_timeout | k_set_dynamic)) || set->updated_by_rules) {
        why = "set @" + name + " is filled at run time";
        return nullptr;
    }
    return set;
}

void RuleTranslator::dependencies(const Expr& e, std::vector<nf::Term>& terms) const {
    if (!e.concat.empty()) {
        for (const Expr& part : e.concat) dependencies(part, terms);
        return;
    }
    bool per_packet_family = m_table.family != nf::Family::ip && m_table.family != nf::Family::ip6;
    if (e.family != 0 && per_packet_family) {
        nf::Term t = term(nf::Field::nfproto, false,
                          e.text + " (implies meta nfproto ipv" + std::to_string(e.family) + ")");
        t.values.push_back({std::uint32_t(e.family), std::uint32_t(e.family)});
        terms.push_back(std::move(t));
    }
    if (e.l4proto >= 0) {
        nf::Term t = term(nf::Field::l4proto, false,
                          e.text + " (implies meta l4proto " + std::to_string(e.l4proto) + ")");
        t.values.push_back({std::uint32_t(e.l4proto), std::uint32_t(e.l4proto)});
        terms.push_back(std::move(t));
    }
}

std::vector<nf::Term> RuleTranslator::single(const Expr& e, const std::string& op, const Value& rhs,
                                             const std::string& text) {
    // One conjunction; the selectors that need alternatives are handled by key_match.
    Atoms atoms;
    bool modelled =
        e.selector != Selector::other && e.concat.empty() && op != "map" &&
        (e.ops.empty() ||
         ((e.selector == Selector::mark || e.selector == Selector::tcp_flags) && and_mask(e)));
    if (!modelled) return {unknown(text)};
    if (convert(rhs, e.datatype, atoms)) return {unknown(text, "value not understood")};
    if (!atoms.unresolved.empty()) return {unknown(text, atoms.unresolved)};
    bool neg = op == "!=";
    switch (e.selector) {
        case Selector::ip_saddr:
        case Selector::ip6_saddr:
        case Selector::ip_daddr:
        case Selector::ip6_daddr: {
            if (relational(op) || op == "!") return {unknown(text)};
            bool source = e.selector == Selector::ip_saddr || e.selector == Selector::ip6_saddr;
            nf::Term t = term(source ? nf::Field::saddr : nf::Field::daddr, neg, text);
            t.networks = std::move(atoms.networks);
            return {t};
        }
        case Selector::iif:
        case Selector::iifname:
        case Selector::oif:
        case Selector::oifname: {
            if (relational(op) || op == "!") return {unknown(text)};
            bool in = e.selector == Selector::iif || e.selector == Selector::iifname;
            nf::Term t = term(in ? nf::Field::iif : nf::Field::oif, neg, text);
            t.interfaces = std::move(atoms.interfaces);
            return {t};
        }
        case Selector::fib_daddr_type: {
            bool local =
                std::find(atoms.names.begin(), atoms.names.end(), "local") != atoms.names.end();
            if (relational(op) || op == "!") return {unknown(text)};
            nf::Term t = term(nf::Field::dst_local, neg, text);
            t.bits = local ? 1 : 0;  // 1: the type is local; 0: some other type
            return {t};
        }
        default:
            break;
    }
    // Integer fields: ports, protocols, families.
    nf::Field field = nf::Field::dport;
    switch (e.selector) {
        case Selector::sport:
            field = nf::Field::sport;
            break;
        case Selector::ip_protocol:
        case Selector::ip6_nexthdr:
        case Selector::l4proto:
            field = nf::Field::l4proto;
            break;
        case Selector::nfproto:
        case Selector::meta_protocol:
            field = nf::Field::nfproto;
            break;
        case Selector::icmp_type:
            field = nf::Field::icmp_type;
            break;
        default:
            break;
    }
    if (e.selector == Selector::meta_protocol) {
        for (auto& r : atoms.ranges) {
            std::uint32_t f = r.first == 0x0800 ? 4 : r.first == 0x86dd ? 6 : 0;
            r = {f, f};
        }
    }
    if (op == "!") return {unknown(text)};
    nf::Term t = term(field, neg, text);
    if (relational(op)) {
        if (atoms.ranges.size() != 1 || atoms.ranges[0].first != atoms.ranges[0].last)
            return {unknown(text)};
        auto r = relational_range(op, atoms.ranges[0].first, type_max(e.selector));
        if (r) t.values.push_back(*r);  // an empty range matches nothing
        return {t};
    }
    t.values = std::move(atoms.ranges);
    return {t};
}

Alternatives RuleTranslator::key_match(const Expr& lhs, const std::string& op, const Value& rhs,
                                       const std::string& text) {
    std::vector<nf::Term> deps;
    dependencies(lhs, deps);
    auto with_deps = [&](Alternatives alts) {
        for (auto& a : alts) a.insert(a.begin(), deps.begin(), deps.end());
        return alts;
    };
    // Resolve a named set to its elements.
    Value elements = rhs;
    if (rhs.kind == Value::Kind::set_ref) {
        std::string why;
        const LiveSet* set = static_set(rhs.text, why);
        if (!set) {
            nf::Term t = term(nf::Field::may_match, false, text + " (" + why + ")");
            t.likely = false;
            return with_deps({{t}});
        }
        elements = Value();
        elements.kind = Value::Kind::set;
        for (const Value* v : set->elements)
            elements.items.push_back(v->kind == Value::Kind::mapping ? v->items[0] : *v);
    }
    if (!lhs.concat.empty()) {
        if (op != "" && op != "==") return with_deps({{unknown(text)}});
        std::vector<const Value*> items;
        std::function<void(const Value&)> flat = [&](const Value& v) {
            if (v.kind == Value::Kind::set)
                for (const Value& i : v.items) flat(i);
            else
                items.push_back(v.kind == Value::Kind::mapping ? &v.items[0] : &v);
        };
        flat(elements);
        if (items.size() > k_max_alternatives) return with_deps({{unknown(text)}});
        Alternatives alts;
        for (const Value* item : items) {
            if (item->kind != Value::Kind::concat || item->items.size() != lhs.concat.size())
                return with_deps({{unknown(text)}});
            std::vector<nf::Term> conj;
            for (size_t i = 0; i < lhs.concat.size(); ++i) {
                auto part = single(lhs.concat[i], "==", item->items[i], text);
                conj.insert(conj.end(), part.begin(), part.end());
            }
            alts.push_back(std::move(conj));
        }
        if (alts.empty()) alts.push_back({term(nf::Field::nfproto, false, text + " (empty set)")});
        return with_deps(std::move(alts));
    }
    bool is_set = elements.kind == Value::Kind::set;
    if (lhs.selector == Selector::ct_state && lhs.ops.empty()) {
        Atoms atoms;
        if (convert(elements, "ct_state", atoms)) return with_deps({{unknown(text)}});
        std::uint32_t bits = 0;
        bool flag_test = (op.empty() && !is_set) || op == "!";
        for (const auto& r : atoms.ranges)
            if (flag_test || std::has_single_bit(r.first)) bits |= r.first;
        nf::Term t = term(nf::Field::ct_state, op == "!=" || op == "!", text);
        t.bits = bits;
        if (relational(op)) return with_deps({{unknown(text)}});
        return with_deps({{t}});
    }
    if (lhs.selector == Selector::tcp_flags || lhs.selector == Selector::mark) {
        bool flags = lhs.selector == Selector::tcp_flags;
        auto mask = and_mask(lhs);
        if (!lhs.ops.empty() && !mask) return with_deps({{unknown(text)}});
        Atoms atoms;
        if (convert(elements, lhs.datatype, atoms) || relational(op))
            return with_deps({{unknown(text)}});
        std::uint32_t full = flags ? 0xffu : 0xffffffffu;
        nf::Field field = flags ? nf::Field::tcp_flags : nf::Field::mark;
        auto exact = [&](std::uint32_t v, bool negated) {
            nf::Term t = term(field, negated, text);
            t.mask = mask.value_or(full);
            t.bits = v & t.mask;
            return t;
        };
        if (flags && op.empty() && !is_set && !mask) {
            // flag test (x & B) != 0 as disjoint alternatives: (x & b1..bi) == bi
            std::uint32_t all = 0;
            for (const auto& r : atoms.ranges) all |= r.first;
            Alternatives alts;
            std::uint32_t seen = 0;
            for (std::uint32_t b = 1; b <= 0x80; b <<= 1) {
                if (!(all & b)) continue;
                seen |= b;
                nf::Term t = term(field, false, text);
                t.mask = seen;
                t.bits = b;
                alts.push_back({t});
            }
            return with_deps(std::move(alts));
        }
        if (op == "!") {
            std::uint32_t all = 0;
            for (const auto& r : atoms.ranges) all |= r.first;
            nf::Term t = term(field, false, text);
            t.mask = all;
            t.bits = 0;
            return with_deps({{t}});
        }
        if (op == "!=") {
            std::vector<nf::Term> conj;
            for (const auto& r : atoms.ranges) conj.push_back(exact(r.first, true));
            return with_deps({conj});
        }
        Alternatives alts;
        std::vector<std::uint32_t> done;
        for (const auto& r : atoms.ranges) {
            if (r.first != r.last) return with_deps({{unknown(text)}});
            std::uint32_t v = r.first & mask.value_or(full);
            if (std::find(done.begin(), done.end(), v) != done.end()) continue;
            done.push_back(v);
            alts.push_back({exact(r.first, false)});
        }
        return with_deps(std::move(alts));
    }
    return with_deps({single(lhs, op, elements, text)});
}

Alternatives RuleTranslator::match(const Statement& s) {
    std::string text = statement_text(m_doc, s);
    if (s.rhs.kind == Value::Kind::set_ref && !s.mask) {
        std::string key = s.rhs.text + '\n' + s.op + '\n' + text;
        auto it = m_set_matches.find(key);
        if (it == m_set_matches.end())
            it = m_set_matches.emplace(key, key_match(s.lhs, s.op, s.rhs, text)).first;
        return it->second;
    }
    if (s.mask && (s.lhs.selector == Selector::tcp_flags || s.lhs.selector == Selector::mark) &&
        s.lhs.ops.empty()) {
        // `tcp flags syn / syn,ack`: (flags & mask) == value
        Atoms value, mask;
        if (convert(s.rhs, s.lhs.datatype, value) || convert(*s.mask, s.lhs.datatype, mask))
            return {{unknown(text)}};
        std::uint32_t v = 0, m = 0;
        for (const auto& r : value.ranges) v |= r.first;
        for (const auto& r : mask.ranges) m |= r.first;
        std::vector<nf::Term> deps;
        dependencies(s.lhs, deps);
        nf::Term t =
            term(s.lhs.selector == Selector::tcp_flags ? nf::Field::tcp_flags : nf::Field::mark,
                 s.op == "!=/", text);
        t.mask = m;
        t.bits = v & m;
        deps.push_back(t);
        return {deps};
    }
    if (s.mask) {
        std::vector<nf::Term> deps;
        dependencies(s.lhs, deps);
        deps.push_back(unknown(text));
        return {deps};
    }
    return key_match(s.lhs, s.op, s.rhs, text);
}

}  // namespace lifeline::nft::detail

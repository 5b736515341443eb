// `lifeline dump firewall`: the normalised rule graph, one table per block, base chains with
// hook, priority and policy, each rule as its terms and verdict with the origin it came from.

#include <ostream>

#include "lifeline/netfilter.hpp"
#include "netfilter_internal.hpp"

namespace lifeline::nf {
namespace {

void print_ranges(const std::vector<Range>& ranges, std::ostream& out) {
    if (ranges.size() > 1) out << "{ ";
    for (size_t i = 0; i < ranges.size(); ++i) {
        if (i) out << ", ";
        out << ranges[i].first;
        if (ranges[i].last != ranges[i].first) out << '-' << ranges[i].last;
    }
    if (ranges.size() > 1) out << " }";
}

void print_ct(std::uint32_t bits, std::ostream& out) {
    static const std::pair<std::uint32_t, const char*> k_names[] = {
        {k_ct_invalid, "invalid"},     {k_ct_established, "established"},
        {k_ct_related, "related"},     {k_ct_new, "new"},
        {k_ct_untracked, "untracked"}, {k_ct_snat, "snat"},
        {k_ct_dnat, "dnat"}};
    bool first = true;
    for (const auto& [bit, name] : k_names) {
        if (!(bits & bit)) continue;
        out << (first ? "" : ",") << name;
        first = false;
    }
}

void print_term(const Term& t, std::ostream& out) {
    const char* op = t.negated ? " != " : " ";
    switch (t.field) {
    case Field::nfproto:
        out << "meta nfproto" << op;
        for (size_t i = 0; i < t.values.size(); ++i)
            out << (i ? "," : "") << (t.values[i].first == 4 ? "ipv4" : "ipv6");
        return;
    case Field::l4proto: out << "meta l4proto" << op; print_ranges(t.values, out); return;
    case Field::saddr:
    case Field::daddr:
        out << (t.field == Field::saddr ? "saddr" : "daddr") << op;
        if (t.networks.size() > 1) out << "{ ";
        for (size_t i = 0; i < t.networks.size(); ++i)
            out << (i ? ", " : "") << net::format_network(t.networks[i]);
        if (t.networks.size() > 1) out << " }";
        return;
    case Field::iif:
    case Field::oif:
        out << (t.field == Field::iif ? "iifname" : "oifname") << op;
        for (size_t i = 0; i < t.interfaces.size(); ++i)
            out << (i ? "," : "") << '"' << t.interfaces[i].name
                << (t.interfaces[i].wildcard ? "*" : "") << '"';
        return;
    case Field::sport: out << "th sport" << op; print_ranges(t.values, out); return;
    case Field::dport: out << "th dport" << op; print_ranges(t.values, out); return;
    case Field::any_port: out << "th sport|dport" << op; print_ranges(t.values, out); return;
    case Field::hop_limit: out << "ip ttl|ip6 hoplimit" << op; print_ranges(t.values, out); return;
    case Field::icmp_type: out << "icmp type" << op; print_ranges(t.values, out); return;
    case Field::ct_state: out << "ct state" << op; print_ct(t.bits, out); return;
    case Field::tcp_flags:
        out << "tcp flags & 0x" << std::hex << t.mask << (t.negated ? " != 0x" : " == 0x")
            << t.bits << std::dec;
        return;
    case Field::mark:
        out << "meta mark & 0x" << std::hex << t.mask << (t.negated ? " != 0x" : " == 0x")
            << t.bits << std::dec;
        return;
    case Field::fragment: out << (t.negated == (t.bits == 1) ? "not-fragment" : "fragment"); return;
    case Field::dst_local:
        out << "fib daddr type" << (t.negated == (t.bits == 1) ? " != " : " ") << "local";
        return;
    case Field::may_match:
        out << "may-match(" << (t.negated ? "! " : "") << t.text
            << (t.likely != t.negated ? ", fresh: match" : ", fresh: no match") << ")";
        return;
    case Field::unknown: out << "unknown(" << (t.negated ? "! " : "") << t.text << ")"; return;
    }
}

void print_rule(const Rule& r, std::ostream& out) {
    out << "\t\t";
    for (const Term& t : r.terms) {
        print_term(t, out);
        out << ' ';
    }
    for (const Effect& e : r.effects) {
        switch (e.kind) {
        case Effect::Kind::set_mark:
            out << "meta mark set (mark & 0x" << std::hex << ~e.mask << ") ^ 0x" << e.value
                << std::dec << ' ';
            break;
        case Effect::Kind::notrack: out << "notrack "; break;
        case Effect::Kind::redirect_port: out << "redirect to :" << e.value << ' '; break;
        case Effect::Kind::dnat_other: out << "dnat (another host) "; break;
        case Effect::Kind::unknown: out << "unmodelled-effect "; break;
        case Effect::Kind::none: break;
        }
    }
    out << to_string(r.verdict);
    if (r.verdict == Verdict::jump || r.verdict == Verdict::go_to) out << ' ' << r.target;
    if (!r.detail.empty()) out << " (" << r.detail << ')';
    if (!r.origin.file.empty()) {
        out << "\t# " << r.origin.file;
        if (r.origin.line) out << ':' << r.origin.line;
        if (!r.origin.text.empty()) out << ": " << r.origin.text;
    }
    out << '\n';
}

}  // namespace

void dump(const Ruleset& ruleset, int family, std::ostream& out) {
    for (const auto& u : ruleset.unreadable)
        if (family == 0 || u.family == 0 || u.family == family)
            out << "# unreadable: " << u.reason << '\n';
    for (const Table& t : ruleset.tables) {
        if (family != 0 && !sees_family(t.family, family)) continue;
        out << "table " << to_string(t.family) << ' ' << t.name << " {\t# " << t.source;
        if (!t.origin.file.empty()) out << ", " << t.origin.file;
        out << '\n';
        for (const Chain& c : t.chains) {
            out << "\tchain " << c.name << " {\n";
            if (c.base) {
                out << "\t\ttype " << (c.nat ? "nat" : "filter") << " hook " << to_string(c.hook)
                    << " priority " << c.priority << "; policy " << to_string(c.policy) << ";";
                if (!c.policy_origin.file.empty() && c.policy_origin.line)
                    out << "\t# policy from " << c.policy_origin.file << ':'
                        << c.policy_origin.line;
                out << '\n';
            }
            for (const Rule& r : c.rules) print_rule(r, out);
            out << "\t}\n";
        }
        out << "}\n";
    }
}

}  // namespace lifeline::nf

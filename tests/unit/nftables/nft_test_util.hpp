#pragma once
// Helpers for the nftables unit tests: parse/load/translate small inputs and print the results
// compactly, so tests pin exact values.

#include <sstream>
#include <string>
#include <vector>

#include "nftables/load.hpp"
#include "nftables/parser.hpp"
#include "nftables/translate.hpp"

namespace lifeline::nft::test {

/// Every error of parsing and (when the parse succeeds) loading `text`, as
/// "LINE:COL: RULE message".
inline std::vector<std::string> errors_of(const std::string& text, SourceReader* reader = nullptr,
                                          const ParseOptions& options = {}) {
    Document doc = parse_string(text, "t.nft", reader, options);
    std::vector<Diagnostic> all = all_errors(doc, load(doc));
    std::vector<std::string> out;
    for (const auto& d : all)
        out.push_back(std::to_string(d.location.line) + ":" + std::to_string(d.location.column) +
                      ": " + d.rule_id + " " + d.message);
    return out;
}

/// The name of a term's field.
inline const char* field_name(nf::Field f) {
    switch (f) {
        case nf::Field::nfproto:
            return "nfproto";
        case nf::Field::l4proto:
            return "l4proto";
        case nf::Field::saddr:
            return "saddr";
        case nf::Field::daddr:
            return "daddr";
        case nf::Field::iif:
            return "iif";
        case nf::Field::oif:
            return "oif";
        case nf::Field::sport:
            return "sport";
        case nf::Field::dport:
            return "dport";
        case nf::Field::any_port:
            return "any_port";
        case nf::Field::icmp_type:
            return "icmp_type";
        case nf::Field::ct_state:
            return "ct_state";
        case nf::Field::tcp_flags:
            return "tcp_flags";
        case nf::Field::mark:
            return "mark";
        case nf::Field::fragment:
            return "fragment";
        case nf::Field::dst_local:
            return "dst_local";
        case nf::Field::may_match:
            return "may_match";
        case nf::Field::unknown:
            return "unknown";
        default:
            return "other";  // fields nft rules never produce
    }
}

/// A term as "field[!]=value", compact and stable.
inline std::string term_text(const nf::Term& t) {
    std::ostringstream s;
    s << field_name(t.field) << (t.negated ? "!=" : "=");
    switch (t.field) {
        case nf::Field::saddr:
        case nf::Field::daddr:
            for (size_t i = 0; i < t.networks.size(); ++i)
                s << (i ? "," : "") << net::format_network(t.networks[i]);
            break;
        case nf::Field::iif:
        case nf::Field::oif:
            for (size_t i = 0; i < t.interfaces.size(); ++i)
                s << (i ? "," : "") << t.interfaces[i].name
                  << (t.interfaces[i].wildcard ? "*" : "");
            break;
        case nf::Field::ct_state:
        case nf::Field::dst_local:
        case nf::Field::fragment:
            s << t.bits;
            break;
        case nf::Field::tcp_flags:
        case nf::Field::mark:
            s << t.bits << "/" << t.mask;
            break;
        case nf::Field::may_match:
            s << (t.likely ? "likely" : "unlikely");
            break;
        case nf::Field::unknown:
            s << "'" << t.text << "'";
            break;
        default:
            for (size_t i = 0; i < t.values.size(); ++i) {
                s << (i ? "," : "") << t.values[i].first;
                if (t.values[i].last != t.values[i].first) s << "-" << t.values[i].last;
            }
    }
    return s.str();
}

/// A rule as "term term -> verdict[ target]".
inline std::string rule_text(const nf::Rule& r) {
    std::string out;
    for (const auto& t : r.terms) out += term_text(t) + " ";
    for (const auto& e : r.effects) {
        if (e.kind == nf::Effect::Kind::set_mark)
            out += "mark:=" + std::to_string(e.value) + "/" + std::to_string(e.mask) + " ";
        if (e.kind == nf::Effect::Kind::notrack) out += "notrack ";
        if (e.kind == nf::Effect::Kind::redirect_port)
            out += "port:=" + std::to_string(e.value) + " ";
        if (e.kind == nf::Effect::Kind::dnat_other) out += "dnat ";
    }
    out += "-> " + std::string(nf::to_string(r.verdict));
    if (!r.target.empty()) out += " " + r.target;
    return out;
}

/// Parses, loads and translates `text`; empty when anything fails.
inline std::vector<nf::Table> tables_of(const std::string& text) {
    Document doc = parse_string(text, "/etc/nftables.conf");
    if (!doc.errors.empty()) return {};
    LoadResult loaded = load(doc);
    if (!loaded.ok()) return {};
    return translate(doc, loaded);
}

/// The rules of chain `chain` of the first table, as rule_text lines.
inline std::vector<std::string> rules_of(const std::string& text, const std::string& chain) {
    std::vector<std::string> out;
    for (const auto& t : tables_of(text))
        for (const auto& c : t.chains)
            if (c.name == chain)
                for (const auto& r : c.rules) out.push_back(rule_text(r));
    return out;
}

}  // namespace lifeline::nft::test

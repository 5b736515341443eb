// Tables, chains and rules of the loaded ruleset as nf::Table graphs.
#include "translate.hpp"

#include <algorithm>

#include "translate_impl.hpp"

namespace lifeline::nft {
namespace detail {
namespace {

Decision decision_of(const Value& v) {
    Decision d;
    if (v.text == "accept") d.verdict = nf::Verdict::accept;
    if (v.text == "drop") d.verdict = nf::Verdict::drop;
    if (v.text == "return") d.verdict = nf::Verdict::ret;
    if (v.text == "jump") d.verdict = nf::Verdict::jump;
    if (v.text == "goto") d.verdict = nf::Verdict::go_to;
    d.target = v.target;
    return d;
}

/// `meta mark set …` as mark = (mark & ~mask) ^ value; nullopt when not constant-foldable.
std::optional<nf::Effect> mark_effect(const Value& v) {
    if (auto c = constant_integer(v)) {
        nf::Effect e;
        e.kind = nf::Effect::Kind::set_mark;
        e.mask = 0xffffffffu;
        e.value = std::uint32_t(*c);
        return e;
    }
    if (v.kind == Value::Kind::expression && (v.text == "mark" || v.text == "meta mark")) {
        nf::Effect e;
        e.kind = nf::Effect::Kind::set_mark;
        return e;  // identity
    }
    if (v.kind != Value::Kind::binop) return std::nullopt;
    auto inner = mark_effect(v.items[0]);
    auto c = constant_integer(v.items[1]);
    if (!inner || !c) return std::nullopt;
    auto m = std::uint32_t(*c);
    if (v.text == "&")
        inner->mask |= ~m, inner->value &= m;
    else if (v.text == "|")
        inner->mask |= m, inner->value |= m;
    else if (v.text == "^")
        inner->value ^= m;
    else
        return std::nullopt;
    return inner;
}

void append_detail(std::string& detail, const std::string& note) {
    detail += (detail.empty() ? "" : "; ") + note;
}

}  // namespace

std::string statement_text(const Document& doc, const Statement& s) {
    return source_text(doc, s.loc);
}

RuleTranslator::RuleTranslator(const Document& doc, const LoadResult& loaded,
                               const LiveTable& table)
    : m_doc(doc), m_loaded(loaded), m_table(table) {}

nf::Origin RuleTranslator::origin(const Loc& loc, const std::string& text) const {
    return {m_doc.files[loc.file].host_path, loc.line, loc.column, text};
}

void RuleTranslator::vmap(const Statement& s, const std::string& text, RuleBuild& b) {
    b.has_vmap = true;
    std::string why;
    std::vector<const Value*> elements;
    if (s.rhs.kind == Value::Kind::set_ref) {
        if (const LiveSet* map = static_set(s.rhs.text, why)) elements = map->elements;
    } else {
        for (const Value& m : s.rhs.items) elements.push_back(&m);
    }
    if (!why.empty() || elements.size() > k_max_alternatives ||
        m_emitted + elements.size() > k_max_split_rules) {
        Decision d;
        d.verdict = nf::Verdict::unknown;
        d.detail = why.empty() ? "verdict map too large to model" : why;
        b.vmap.push_back({{{unknown(text, d.detail)}}, d});
        return;
    }
    for (const Value* m : elements)
        if (m->kind == Value::Kind::mapping)
            b.vmap.push_back({key_match(s.lhs, "", m->items[0], text), decision_of(m->items[1])});
}

Alternatives RuleTranslator::statement(const Statement& s, RuleBuild& b) {
    using K = Statement::Kind;
    std::string text = statement_text(m_doc, s);
    auto may_match = [&](bool likely) {
        nf::Term t;
        t.field = nf::Field::may_match;
        t.likely = likely;
        t.text = text;
        return Alternatives{{t}};
    };
    switch (s.kind) {
        case K::match:
            return match(s);
        case K::vmap:
            vmap(s, text, b);
            return {};
        case K::verdict:
            if (s.word == "queue") {
                b.decision.verdict = nf::Verdict::queue;
            } else {
                Value v;
                v.text = s.word;
                v.target = s.target;
                b.decision = decision_of(v);
            }
            return {};
        case K::anon_chain: {
            b.decision.verdict = s.word == "goto" ? nf::Verdict::go_to : nf::Verdict::jump;
            auto it = m_loaded.anonymous_chains.find(&s);
            if (it != m_loaded.anonymous_chains.end()) b.decision.target = it->second;
            return {};
        }
        case K::reject:
            b.decision.verdict = nf::Verdict::reject;
            b.decision.detail = s.word.empty() ? "default" : s.word;
            return {};
        case K::limit:
        case K::quota:
        case K::connlimit:
            return may_match(!s.over);
        case K::set_update:
        case K::meter:
            return s.limited ? may_match(!s.over) : Alternatives{};
        case K::mark_set:
            if (auto e = mark_effect(s.rhs)) {
                b.effects.push_back(*e);
            } else {
                nf::Effect unknown;
                unknown.kind = nf::Effect::Kind::unknown;
                b.effects.push_back(unknown);
                append_detail(b.notes, "unmodelled effect: " + text);
            }
            return {};
        case K::notrack: {
            nf::Effect e;
            e.kind = nf::Effect::Kind::notrack;
            b.effects.push_back(e);
            return {};
        }
        case K::nat:
            nat(s, b);
            return {};
        case K::decides:
            b.decision.verdict = nf::Verdict::unknown;
            b.decision.detail = s.word;
            return {};
        case K::unmodelled: {
            // Later mark matches cannot be decided after an unmodelled change.
            nf::Effect unknown;
            unknown.kind = nf::Effect::Kind::unknown;
            b.effects.push_back(unknown);
            append_detail(b.notes, "unmodelled effect: " + text);
            return {};
        }
        case K::counter:
        case K::log:
        case K::effect:
            return {};
    }
    return {};
}

void RuleTranslator::nat(const Statement& s, RuleBuild& b) {
    // A nat statement ends the nat chain like an accept (nft_nat_eval).
    nf::Effect e;
    bool port_only = s.word == "redirect" || (s.word == "dnat" && s.rhs.text.empty());
    if (port_only && s.port != 0) {
        e.kind = nf::Effect::Kind::redirect_port;
        e.value = std::uint32_t(s.port);
    } else if (s.word == "dnat") {
        e.kind = nf::Effect::Kind::dnat_other;
    }
    if (e.kind != nf::Effect::Kind::none) b.effects.push_back(e);
    b.decision.verdict = nf::Verdict::accept;
    append_detail(b.notes, s.word);
}

void RuleTranslator::translate(const RuleDecl& rule, std::vector<nf::Rule>& out) {
    RuleBuild b;
    for (const Statement& s : rule.statements) {
        Alternatives add = statement(s, b);
        if (add.empty()) continue;
        size_t split = b.alts.size() * add.size();
        if (add.size() > 1 && (split > k_max_alternatives || m_emitted + split > k_max_split_rules))
            add = {{unknown(statement_text(m_doc, s), "too many alternatives to model")}};
        Alternatives next;
        next.reserve(b.alts.size() * add.size());
        for (const auto& a : b.alts) {
            for (const auto& c : add) {
                next.push_back(a);
                next.back().insert(next.back().end(), c.begin(), c.end());
            }
        }
        b.alts = std::move(next);
    }
    nf::Origin where = origin(rule.loc, rule.text);
    auto emit = [&](std::vector<nf::Term> terms, const Decision& d) {
        nf::Rule r;
        r.terms = std::move(terms);
        r.effects = b.effects;
        r.verdict = d.verdict;
        r.target = d.target;
        r.detail = d.detail;
        if (!b.notes.empty()) append_detail(r.detail, b.notes);
        r.origin = where;
        out.push_back(std::move(r));
        ++m_emitted;
    };
    if (!b.has_vmap) {
        for (auto& a : b.alts) emit(std::move(a), b.decision);
        return;
    }
    // One rule per verdict map element (and per alternative of the rest of the rule).
    size_t elements = 0;
    for (const auto& element : b.vmap) elements += element.first.size();
    if (b.alts.size() * elements > k_max_alternatives ||
        m_emitted + b.alts.size() * elements > k_max_split_rules) {
        Decision d;
        d.verdict = nf::Verdict::unknown;
        d.detail = "verdict map too large to model";
        emit({unknown(rule.text, d.detail)}, d);
        return;
    }
    for (const auto& a : b.alts) {
        for (const auto& [keys, d] : b.vmap) {
            for (const auto& k : keys) {
                std::vector<nf::Term> terms = a;
                terms.insert(terms.end(), k.begin(), k.end());
                emit(std::move(terms), d);
            }
        }
    }
}

}  // namespace detail

void apply_flushes(const LoadResult& loaded, std::vector<nf::Table>& earlier) {
    for (const auto& flush : loaded.flushes) {
        earlier.erase(std::remove_if(earlier.begin(), earlier.end(),
                                     [&](const nf::Table& t) {
                                         return t.source != "iptables-legacy" &&
                                                (!flush.family_given || t.family == flush.family);
                                     }),
                      earlier.end());
    }
}

std::vector<nf::Table> translate(const Document& doc, const LoadResult& loaded) {
    std::vector<nf::Table> out;
    for (const auto& live : loaded.tables) {
        if (!live || live->dormant) continue;
        nf::Table table;
        table.family = live->family;
        table.name = live->name;
        table.source = std::string(k_source);
        table.origin = {doc.files[live->loc.file].host_path, live->loc.line, live->loc.column,
                        "table " + std::string(nf::to_string(live->family)) + " " + live->name};
        detail::RuleTranslator rules(doc, loaded, *live);
        for (const auto& chain : live->chains) {
            if (!chain) continue;
            nf::Chain c;
            c.name = chain->name;
            c.origin = rules.origin(chain->loc, "chain " + chain->name);
            if (chain->hook) {
                auto hook = hook_of(chain->hook->hook);
                if (!hook) continue;  // egress: outgoing netdev traffic only
                c.base = true;
                c.hook = *hook;
                c.priority = chain->priority;
                c.nat = chain->hook->type == "nat";
                c.policy = chain->policy == "drop" ? nf::Verdict::drop : nf::Verdict::accept;
                c.origin.text += " { type " + chain->hook->type + " hook " + chain->hook->hook +
                                 " priority " + chain->hook->priority_text + "; }";
                if (chain->policy_loc) {
                    c.policy_origin = rules.origin(*chain->policy_loc, "policy " + chain->policy);
                } else {
                    c.policy_origin = {c.origin.file, 0, 0, "policy accept (default)"};
                }
            }
            for (const RuleDecl* r : chain->rules) rules.translate(*r, c.rules);
            table.chains.push_back(std::move(c));
        }
        out.push_back(std::move(table));
    }
    return out;
}

}  // namespace lifeline::nft

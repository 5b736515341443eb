// Rules while loading: what nft's rule evaluation and the kernel check when a rule is added
// (protocol conflicts, value types, named sets and chains that must exist, jumps to base
// chains), anonymous `jump { … }` chains, and the jump-loop check the kernel makes at commit.
#include <algorithm>

#include "load_impl.hpp"
#include "values.hpp"

namespace lifeline::nft::detail {
namespace {

int expr_family(const Expr& e) {
    if (e.text.rfind("ip6 ", 0) == 0) return 6;
    if (e.text.rfind("ip ", 0) == 0) return 4;
    return 0;
}

const char* family_word(int f) {
    return f == 6 ? "ip6" : "ip";
}

bool is_bitmask(std::string_view datatype) {
    return datatype == "ct_state" || datatype == "tcp_flag" || datatype == "ct_status" ||
           datatype == "ct_event";
}

}  // namespace

void for_each_target(const RuleDecl& rule,
                     const std::function<void(const std::string&, const Loc&)>& visit) {
    for (const Statement& s : rule.statements) {
        if (s.kind == Statement::Kind::verdict && !s.target.empty()) visit(s.target, s.target_loc);
        if (s.kind == Statement::Kind::vmap && s.rhs.kind == Value::Kind::set) {
            for (const Value& m : s.rhs.items)
                if (m.kind == Value::Kind::mapping && !m.items[1].target.empty())
                    visit(m.items[1].target, m.items[1].loc);
        }
    }
}

bool Loader::check_target(LiveTable& t, const std::string& target, const Loc& loc) {
    const LiveChain* chain = t.chain(target);
    if (!chain) {
        error(loc, "Could not process rule: No such file or directory");
        return false;
    }
    if (chain->hook) {
        error(loc, "Could not process rule: Operation not supported", "NFT001",
              "ruleset-load-error",
              "'" + target +
                  "' is a base chain; only regular chains can "
                  "be jump or goto targets");
        return false;
    }
    return true;
}

bool Loader::check_match(LiveTable& t, const Statement& s, RuleState& state) {
    int& family = state.family;
    std::vector<const Expr*> parts;
    if (s.lhs.concat.empty()) {
        parts.push_back(&s.lhs);
    } else {
        for (const Expr& e : s.lhs.concat) parts.push_back(&e);
    }
    for (const Expr* e : parts) {
        int f = expr_family(*e);
        if (f != 0 && family != 0 && f != family) {
            error(e->loc, std::string("conflicting protocols specified: ") + family_word(family) +
                              " vs. " + family_word(f));
            return false;
        }
        if (f != 0) family = f;
        state.l4 = state.l4 || e->l4proto >= 0 || e->selector == Selector::l4proto ||
                   e->selector == Selector::ip_protocol || e->selector == Selector::ip6_nexthdr;
        if (e->selector == Selector::nfproto && t.family != nf::Family::inet) {
            error(e->loc, "meta nfproto is only useful in the inet family");
            return false;
        }
    }
    if (s.rhs.kind == Value::Kind::set_ref) {
        const LiveSet* set = t.set(s.rhs.text);
        if (!set) {
            error(s.rhs.loc, "No such file or directory");
            return false;
        }
        if (parts.size() == 1 && set->key_types.size() == 1 && !s.lhs.datatype.empty() &&
            !set->key_types[0].empty() && set->key_types[0] != s.lhs.datatype &&
            is_modelled_datatype(s.lhs.datatype) && is_modelled_datatype(set->key_types[0])) {
            error(s.rhs.loc, "datatype mismatch, expected " + datatype_description(s.lhs.datatype) +
                                 ", expression has type " +
                                 datatype_description(set->key_types[0]));
            return false;
        }
        return true;
    }
    if (parts.size() != 1 || !is_modelled_datatype(s.lhs.datatype) || s.op == "map") return true;
    if (s.rhs.kind == Value::Kind::list && !is_bitmask(s.lhs.datatype)) {
        error(s.rhs.items[0].loc,
              "Basetype of type " + datatype_description(s.lhs.datatype) + " is not bitmask");
        return false;
    }
    for (const Value* v : {&s.rhs, s.mask ? &*s.mask : nullptr}) {
        if (!v) continue;
        Atoms atoms;
        if (auto e = convert(*v, s.lhs.datatype, atoms)) {
            error(e->loc, e->message);
            return false;
        }
    }
    return true;
}

bool Loader::check_nat(const LiveTable& t, const Statement& s, const RuleState& state) {
    bool address = s.rhs.loc.line > 0;
    if (t.family == nf::Family::inet && address && s.target.empty() &&
        (s.word == "snat" || s.word == "dnat")) {
        Loc at = s.loc;
        at.end_line = at.line;
        at.end_column = at.column + int(s.word.size());
        error(at, "ip or ip6 must be specified with address for inet tables.");
        return false;
    }
    if (s.target_loc.line > 0 && !state.l4) {
        error(s.target_loc,
              "transport protocol mapping is only valid after transport protocol "
              "match");
        return false;
    }
    return true;
}

bool Loader::check_statement(LiveTable& t, const Statement& s, RuleState& state) {
    using K = Statement::Kind;
    switch (s.kind) {
        case K::match:
            return check_match(t, s, state);
        case K::nat:
            return check_nat(t, s, state);
        case K::vmap: {
            Statement key = s;
            key.kind = K::match;
            if (s.rhs.kind == Value::Kind::set_ref) {
                const LiveSet* map = t.set(s.rhs.text);
                if (!map || !map->is_map) {
                    error(s.rhs.loc, "No such file or directory");
                    return false;
                }
                return true;
            }
            key.rhs.kind = Value::Kind::set;
            key.rhs.items.clear();
            for (const Value& m : s.rhs.items) key.rhs.items.push_back(m.items[0]);
            if (!check_match(t, key, state)) return false;
            for (const Value& m : s.rhs.items)
                if (!m.items[1].target.empty() &&
                    !check_target(t, m.items[1].target, m.items[1].loc))
                    return false;
            return true;
        }
        case K::verdict:
            return s.target.empty() || check_target(t, s.target, s.target_loc);
        case K::anon_chain: {
            auto chain = std::make_unique<LiveChain>();
            chain->name = "__chain" + std::to_string(m_anonymous++);
            chain->loc = s.loc;
            chain->anonymous = true;
            LiveChain* raw = chain.get();
            m_result.anonymous_chains[&s] = chain->name;
            t.chain_index[chain->name] = t.chains.size();
            t.chains.push_back(std::move(chain));
            for (const RuleDecl& r : s.body) {
                if (!check_rule(t, r)) return false;
                record_edges(t, *raw, r, r.loc);
                raw->rules.push_back(&r);
            }
            return true;
        }
        case K::set_update: {
            LiveSet* set = t.set(s.target);
            if (!set) {
                error(s.target_loc, "No such file or directory");
                return false;
            }
            set->updated_by_rules = true;
            return true;
        }
        case K::reject:
            if (s.word.rfind("icmpx", 0) == 0 &&
                (t.family == nf::Family::ip || t.family == nf::Family::ip6)) {
                error(s.loc, "abstracted ICMP unreachable not supported");
                return false;
            }
            return true;
        default:
            return true;
    }
}

bool Loader::check_rule(LiveTable& t, const RuleDecl& rule) {
    RuleState state;
    state.family = t.family == nf::Family::ip ? 4 : t.family == nf::Family::ip6 ? 6 : 0;
    for (const Statement& s : rule.statements)
        if (!check_statement(t, s, state)) return false;
    return true;
}

void Loader::add_rule(LiveTable& t, LiveChain& chain, const RuleDecl& rule, bool insert,
                      std::optional<std::uint64_t> index, const Loc* command_loc) {
    if (!check_rule(t, rule)) return;
    // The kernel reports what a standalone `add rule` breaks at the command, a rule of a block
    // at the rule.
    record_edges(t, chain, rule, command_loc ? *command_loc : rule.loc);
    if (index) {
        if (*index >= chain.rules.size()) {
            error(rule.loc, "Could not process rule: No such file or directory");
            return;
        }
        auto at = chain.rules.begin() + std::ptrdiff_t(*index) + (insert ? 0 : 1);
        chain.rules.insert(at, &rule);
    } else if (insert) {
        chain.rules.insert(chain.rules.begin(), &rule);
    } else {
        chain.rules.push_back(&rule);
    }
}

}  // namespace lifeline::nft::detail

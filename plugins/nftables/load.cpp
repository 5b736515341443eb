// Loading a document with nft's batch semantics (nftables 1.0.6 rule.c nft_cmd_expand,
// evaluate.c chain_evaluate, and what the kernel refuses at commit).
#include "load.hpp"

#include <functional>

#include "load_impl.hpp"

namespace lifeline::nft {

LiveChain* LiveTable::chain(const std::string& chain_name) {
    auto it = chain_index.find(chain_name);
    return it == chain_index.end() ? nullptr : chains[it->second].get();
}
const LiveChain* LiveTable::chain(const std::string& chain_name) const {
    auto it = chain_index.find(chain_name);
    return it == chain_index.end() ? nullptr : chains[it->second].get();
}
LiveSet* LiveTable::set(const std::string& set_name) {
    auto it = set_index.find(set_name);
    return it == set_index.end() ? nullptr : sets[it->second].get();
}
const LiveSet* LiveTable::set(const std::string& set_name) const {
    auto it = set_index.find(set_name);
    return it == set_index.end() ? nullptr : sets[it->second].get();
}

std::optional<nf::Hook> hook_of(std::string_view name) {
    if (name == "prerouting") return nf::Hook::prerouting;
    if (name == "input") return nf::Hook::input;
    if (name == "forward") return nf::Hook::forward;
    if (name == "output") return nf::Hook::output;
    if (name == "postrouting") return nf::Hook::postrouting;
    if (name == "ingress") return nf::Hook::ingress;
    return std::nullopt;
}

std::optional<int> named_priority(std::string_view name, nf::Family family, std::string_view hook) {
    bool ipish =
        family == nf::Family::ip || family == nf::Family::ip6 || family == nf::Family::inet;
    if (family == nf::Family::bridge) {
        if (name == "dstnat" && hook == "prerouting") return -300;
        if (name == "filter") return -200;
        if (name == "out" && hook == "output") return 100;
        if (name == "srcnat" && hook == "postrouting") return 300;
        return std::nullopt;
    }
    if (name == "filter" && (ipish || family == nf::Family::arp || family == nf::Family::netdev))
        return 0;
    if (!ipish) return std::nullopt;
    if (name == "raw") return -300;
    if (name == "mangle") return -150;
    if (name == "security") return 50;
    if (name == "dstnat" && hook == "prerouting") return -100;
    if (name == "srcnat" && hook == "postrouting") return 100;
    return std::nullopt;
}

namespace detail {

Loader::Loader(const Document& doc) : m_doc(doc) {}

void Loader::error(const Loc& loc, std::string message, std::string_view id, std::string_view slug,
                   std::string help) {
    Diagnostic d;
    d.rule_id = std::string(id);
    d.slug = std::string(slug);
    d.severity = Severity::error;
    d.location.path = m_doc.files[loc.file].display_path;
    d.location.line = loc.line;
    d.location.column = loc.column;
    d.location.end_line = loc.end_line;
    d.location.end_column = loc.end_column;
    d.message = std::move(message);
    d.help = std::move(help);
    m_result.errors.push_back(std::move(d));
}

LoadResult Loader::run() {
    for (const Command& c : m_doc.commands) {
        if (m_result.errors.size() >= k_max_load_errors) break;
        command(c);
    }
    if (m_result.errors.empty()) check_loops();
    return std::move(m_result);
}

LiveTable* Loader::find_table(nf::Family family, const std::string& name) {
    auto it = m_tables.find({int(family), name});
    return it == m_tables.end() ? nullptr : m_result.tables[it->second].get();
}

LiveTable* Loader::need_table(const Command& c) {
    LiveTable* t = find_table(c.family, c.table);
    if (!t) error(c.table_loc, "Could not process rule: No such file or directory");
    return t;
}

LiveChain* Loader::need_chain(LiveTable& t, const Command& c) {
    LiveChain* chain = t.chain(c.name);
    if (!chain) error(c.name_loc, "Could not process rule: No such file or directory");
    return chain;
}

void Loader::command(const Command& c) {
    using K = Command::Kind;
    switch (c.kind) {
        case K::table:
            table_command(c);
            return;
        case K::chain: {
            LiveTable* t = need_table(c);
            if (!t) return;
            ChainDecl bare;
            bare.name = c.name;
            bare.loc = c.name_loc;
            const ChainDecl& decl = c.chain_body ? *c.chain_body : bare;
            if (c.create && t->chain(c.name)) {
                error(c.name_loc, "Could not process rule: File exists");
                return;
            }
            add_chain(*t, decl);
            if (LiveChain* chain = t->chain(c.name))
                for (const RuleDecl& r : decl.rules) add_rule(*t, *chain, r, false, {});
            return;
        }
        case K::rule: {
            LiveTable* t = need_table(c);
            LiveChain* chain = t ? need_chain(*t, c) : nullptr;
            if (chain && c.rule) add_rule(*t, *chain, *c.rule, c.insert, c.index, &c.loc);
            return;
        }
        case K::set: {
            LiveTable* t = need_table(c);
            if (t && c.set_body) add_set(*t, *c.set_body, c.create);
            return;
        }
        case K::element: {
            LiveTable* t = need_table(c);
            if (!t || !c.elements) return;
            LiveSet* s = t->set(c.name);
            if (!s) {
                error(c.name_loc, "Could not process rule: No such file or directory");
                return;
            }
            add_elements(*s, *c.elements);
            return;
        }
        case K::flush_ruleset: {
            m_result.flushes.push_back({c.loc, c.family_given, c.family});
            for (auto& t : m_result.tables)
                if (t && (!c.family_given || t->family == c.family)) remove_table(*t);
            return;
        }
        case K::flush_table: {
            if (LiveTable* t = need_table(c)) {
                remove_edges(*t, nullptr);
                for (auto& chain : t->chains)
                    if (chain) chain->rules.clear();
            }
            return;
        }
        case K::flush_chain: {
            LiveTable* t = need_table(c);
            if (LiveChain* chain = t ? need_chain(*t, c) : nullptr) {
                remove_edges(*t, chain);
                chain->rules.clear();
            }
            return;
        }
        case K::flush_set: {
            LiveTable* t = need_table(c);
            LiveSet* s = t ? t->set(c.name) : nullptr;
            if (t && !s) error(c.name_loc, "Could not process rule: No such file or directory");
            if (s) s->elements.clear();
            return;
        }
        case K::delete_table: {
            if (LiveTable* t = need_table(c)) remove_table(*t);
            return;
        }
        case K::delete_chain:
            delete_chain(c);
            return;
        case K::delete_set: {
            LiveTable* t = need_table(c);
            if (!t) return;
            auto it = t->set_index.find(c.name);
            if (it == t->set_index.end()) {
                error(c.name_loc, "Could not process rule: No such file or directory");
                return;
            }
            t->sets[it->second].reset();
            t->set_index.erase(it);
            return;
        }
        case K::delete_element: {
            LiveTable* t = need_table(c);
            LiveSet* s = t ? t->set(c.name) : nullptr;
            if (t && !s) error(c.name_loc, "Could not process rule: No such file or directory");
            if (s && c.elements) remove_elements(*s, *c.elements);
            return;
        }
        case K::unmodelled:
            m_result.unmodelled.emplace_back(c.loc, c.text);
            return;
        case K::noop:
            return;
    }
}

void Loader::remove_table(LiveTable& t) {
    remove_edges(t, nullptr);
    m_tables.erase({int(t.family), t.name});
    for (auto& slot : m_result.tables)
        if (slot.get() == &t) slot.reset();
}

void Loader::table_command(const Command& c) {
    LiveTable* t = find_table(c.family, c.table);
    if (t && c.create) {
        error(c.table_loc, "Could not process rule: File exists");
        return;
    }
    if (!t) {
        auto table = std::make_unique<LiveTable>();
        table->family = c.family;
        table->name = c.table;
        table->loc = c.table_loc;
        table->family_given = c.family_given;
        t = table.get();
        m_tables[{int(c.family), c.table}] = m_result.tables.size();
        m_result.tables.push_back(std::move(table));
    }
    if (!c.table_body) return;
    const TableDecl& body = *c.table_body;
    t->dormant = t->dormant || body.dormant;
    // nft_cmd_expand: chains, then sets (with their elements), then every chain's rules.
    for (const ChainDecl& chain : body.chains) add_chain(*t, chain);
    for (const SetDecl& set : body.sets) add_set(*t, set, false);
    for (const ChainDecl& decl : body.chains) {
        LiveChain* chain = t->chain(decl.name);
        if (!chain) continue;
        for (const RuleDecl& r : decl.rules) add_rule(*t, *chain, r, false, {});
    }
}

void Loader::delete_chain(const Command& c) {
    LiveTable* t = need_table(c);
    if (!t) return;
    auto it = t->chain_index.find(c.name);
    if (it == t->chain_index.end()) {
        error(c.name_loc, "Could not process rule: No such file or directory");
        return;
    }
    bool referenced = false;
    for (const auto& chain : t->chains) {
        if (!chain || chain->name == c.name) continue;
        for (const RuleDecl* r : chain->rules)
            for_each_target(*r, [&](const std::string& target, const Loc&) {
                referenced = referenced || target == c.name;
            });
    }
    if (referenced) {
        error(c.name_loc, "Could not process rule: Device or resource busy");
        return;
    }
    remove_edges(*t, t->chains[it->second].get());
    t->chains[it->second].reset();
    t->chain_index.erase(it);
}

}  // namespace detail

LoadResult load(const Document& doc) {
    return detail::Loader(doc).run();
}

bool is_kernel_error(const Diagnostic& d) {
    return d.rule_id == k_jump_loop_id || d.rule_id == k_hook_change_id ||
           d.rule_id == k_jump_depth_id || d.message.rfind("Could not process rule:", 0) == 0;
}

std::vector<Diagnostic> all_errors(const Document& doc, const LoadResult& loaded) {
    std::vector<Diagnostic> out = doc.errors;
    for (const Diagnostic& d : loaded.errors)
        if (doc.errors.empty() || !is_kernel_error(d)) out.push_back(d);
    return out;
}

}  // namespace lifeline::nft

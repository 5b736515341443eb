// iptables-restore semantics (config-semantics §2.3): each `*table … COMMIT` block is one
// transaction applied onto the live state; the first failure aborts its block and the rest of the
// input while blocks committed before it stay applied. The steps of a block: restore_steps.cpp.

#include "iptables/restore.hpp"

#include <algorithm>
#include <type_traits>

#include "iptables/parser.hpp"
#include "lexer.hpp"
#include "restore_steps.hpp"

namespace lifeline::iptables {
namespace {

struct TableSpec {
    std::string_view name;
    std::vector<std::string_view> chains;
};

const std::vector<TableSpec>& table_specs() {
    static const std::vector<TableSpec> k_specs = {
        {"raw", {"PREROUTING", "OUTPUT"}},
        {"mangle", {"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}},
        {"nat", {"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}},
        {"filter", {"INPUT", "FORWARD", "OUTPUT"}},
        {"security", {"INPUT", "FORWARD", "OUTPUT"}},
    };
    return k_specs;
}

}  // namespace

std::vector<std::string_view> builtin_chains(std::string_view table) {
    for (const auto& spec : table_specs())
        if (spec.name == table) return spec.chains;
    return {};
}

const LiveChain* LiveTable::lookup(std::string_view chain) const {
    if (!m_index_valid) {
        m_index.clear();
        for (size_t i = 0; i < chains.size(); ++i) m_index.emplace(chains[i].name, i);
        m_index_valid = true;
    }
    auto it = m_index.find(chain);
    return it == m_index.end() ? nullptr : &chains[it->second];
}

LiveChain& LiveTable::add(LiveChain chain) {
    chains.push_back(std::move(chain));
    // The first declaration of a name wins in lookups, as in a rebuilt index.
    if (m_index_valid) m_index.emplace(chains.back().name, chains.size() - 1);
    return chains.back();
}

LiveChain* LiveTable::find(std::string_view chain) {
    return const_cast<LiveChain*>(lookup(chain));
}

const LiveChain* LiveTable::find(std::string_view chain) const {
    return lookup(chain);
}

XtablesState::XtablesState(int family, bool nft_backend) : m_family(family), m_nft(nft_backend) {}

LiveTable& XtablesState::table(std::string_view name) {
    auto it = m_tables.find(std::string(name));
    if (it != m_tables.end()) return it->second;
    LiveTable t;
    t.name = std::string(name);
    for (auto chain : builtin_chains(name)) {
        LiveChain c;
        c.name = std::string(chain);
        c.builtin = true;
        t.chains.push_back(std::move(c));
    }
    t.touch();
    return m_tables.emplace(std::string(name), std::move(t)).first->second;
}

void XtablesState::new_chain(std::string_view table_name, std::string_view chain,
                             const nf::Origin& origin) {
    LiveTable& t = table(table_name);
    if (t.find(chain)) return;
    LiveChain c;
    c.name = std::string(chain);
    c.origin = origin;
    t.add(std::move(c));
}

std::optional<std::string> XtablesState::append(std::string_view table_name, std::string_view chain,
                                                std::string_view spec, const nf::Origin& origin) {
    auto split = split_arguments(spec);
    if (split.unterminated_quote) return "unterminated quote";
    LiveRule r;
    if (auto err = parse_rule(split.tokens, 0, m_family, r.rule)) return err->message;
    LiveTable& t = table(table_name);
    LiveChain* c = t.find(chain);
    if (!c) return "chain '" + std::string(chain) + "' does not exist";
    r.origin = origin;
    r.spec = spec_text(split.tokens);
    c->rules.push_back(std::move(r));
    return std::nullopt;
}

void XtablesState::set_policy(std::string_view table_name, std::string_view chain,
                              std::string_view policy, const nf::Origin& origin) {
    LiveTable& t = table(table_name);
    if (LiveChain* c = t.find(chain); c && c->builtin) {
        c->policy = std::string(policy);
        c->policy_origin = origin;
    }
}

namespace {

/// Applies one block to `t` (a copy of the live table). Returns the failure, if any. `Block` is
/// `const TableBlock` or, when the caller gives the block up, `TableBlock`.
template <class Block>
std::optional<BlockFailure> apply_block(LiveTable& t, Block& block, const std::string& path,
                                        bool nft, bool noflush) {
    if (auto failure = begin_block(t, block, path, nft, noflush)) return failure;
    reserve_rules(t, block);
    for (auto& line : block.rules)
        if (auto failure = apply_line(t, line, path)) return failure;
    return find_loop(t);
}

}  // namespace

RestoreResult XtablesState::restore(const SaveFile& file, const std::string& path, bool noflush) {
    return restore_blocks(file, path, noflush);
}

RestoreResult XtablesState::restore(SaveFile&& file, const std::string& path, bool noflush) {
    return restore_blocks(file, path, noflush);
}

template <class File>
RestoreResult XtablesState::restore_blocks(File& file, const std::string& path, bool noflush) {
    RestoreResult result;
    int first_error = 0, first_column = 1;
    std::string first_message;
    for (const auto& e : file.errors) {
        if (e.severity != Severity::error) continue;
        if (first_error == 0 || e.location.line < first_error) {
            first_error = e.location.line;
            first_column = e.location.column;
            first_message = e.message;
        }
    }
    auto syntax_failure = [&] {
        result.ok = false;
        result.failure = RestoreResult::Failure::syntax;
        result.failed_line = first_error;
        result.failed_column = first_column;
        result.failed_message = first_message;
    };
    std::vector<std::string> seen;
    for (auto& block : file.blocks) {
        if (first_error != 0 && (!block.committed || block.commit_line > first_error)) {
            syntax_failure();
            return result;
        }
        if (!block.committed) break;
        if (std::find(seen.begin(), seen.end(), block.name) != seen.end())
            result.replaced_tables.push_back(block.name);
        seen.push_back(block.name);
        LiveTable copy = table(block.name);
        auto failure = apply_block(copy, block, path, m_nft, noflush);
        if constexpr (!std::is_const_v<File>) {
            // The rules now live in the state; the emptied lines would only hold memory.
            block.rules.clear();
            block.rules.shrink_to_fit();
        }
        if (failure) {
            result.ok = false;
            result.failure = failure->kind;
            result.failed_line = failure->line;
            result.failed_column = failure->column;
            result.failed_message = failure->message;
            return result;
        }
        m_tables[block.name] = std::move(copy);
    }
    if (first_error != 0) syntax_failure();
    return result;
}

}  // namespace lifeline::iptables

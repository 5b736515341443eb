// iptables-restore semantics (config-semantics §2.3): each `*table … COMMIT` block is one
// transaction applied onto the live state; the first failure aborts its block and the rest of the
// input while blocks committed before it stay applied.

#include "iptables/restore.hpp"

#include <algorithm>
#include <functional>
#include <map>

#include "extensions.hpp"
#include "iptables/parser.hpp"
#include "lexer.hpp"

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

/// The rule specification text of a line (the tokens after the command), for `-D` by spec.
std::string spec_text(const std::vector<Token>& args) {
    std::string s;
    for (const Token& t : args) {
        if (!s.empty()) s += ' ';
        s += t.text;
    }
    return s;
}

bool is_builtin_target(std::string_view name) {
    static constexpr std::string_view k_targets[] = {"ACCEPT", "DROP", "RETURN", "QUEUE"};
    return std::find(std::begin(k_targets), std::end(k_targets), name) != std::end(k_targets);
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
    auto it = m_index.find(std::string(chain));
    return it == m_index.end() ? nullptr : &chains[it->second];
}

LiveChain* LiveTable::find(std::string_view chain) {
    return const_cast<LiveChain*>(lookup(chain));
}

const LiveChain* LiveTable::find(std::string_view chain) const { return lookup(chain); }

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
    t.chains.push_back(std::move(c));
    t.touch();
}

std::optional<std::string> XtablesState::append(std::string_view table_name,
                                                std::string_view chain, std::string_view spec,
                                                const nf::Origin& origin) {
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

struct BlockFailure {
    int line = 0;
    std::string message;
    RestoreResult::Failure kind = RestoreResult::Failure::rejected;
    int column = 1;
    BlockFailure(int l, std::string m, RestoreResult::Failure k = RestoreResult::Failure::rejected,
                 int c = 1)
        : line(l), message(std::move(m)), kind(k), column(c) {}
};

/// A jump cycle among `t`'s chains, as "A -> B -> A", with the rule line closing it.
std::optional<BlockFailure> find_loop(const LiveTable& t) {
    std::map<std::string, int> state;  // 0 unvisited, 1 on stack, 2 done
    std::vector<std::string> stack;
    std::optional<BlockFailure> found;
    std::function<void(const LiveChain&)> visit = [&](const LiveChain& c) {
        state[c.name] = 1;
        stack.push_back(c.name);
        for (const auto& r : c.rules) {
            if (found) break;
            if (!r.rule.target) continue;
            const LiveChain* next = t.find(r.rule.target->name);
            if (!next || next->builtin) continue;
            int st = state[next->name];
            if (st == 1) {
                std::string path;
                auto from = std::find(stack.begin(), stack.end(), next->name);
                for (auto it = from; it != stack.end(); ++it) path += *it + " -> ";
                path += next->name;
                found = BlockFailure(r.origin.line, "jump loop: " + path,
                                     RestoreResult::Failure::loop, r.rule.target->column);
            } else if (st == 0) {
                visit(*next);
            }
        }
        stack.pop_back();
        state[c.name] = 2;
    };
    for (const auto& c : t.chains) {
        if (found) break;
        if (state[c.name] == 0) visit(c);
    }
    return found;
}

/// Applies one block to `t` (a copy of the live table). Returns the failure, if any.
std::optional<BlockFailure> apply_block(LiveTable& t, const TableBlock& block,
                                                       const std::string& path, bool nft,
                                                       bool noflush) {
    if (!noflush) {
        // Flush: every rule, every user chain. Built-in policies: nft resets undeclared ones to
        // ACCEPT, legacy keeps them (§2.3).
        std::vector<LiveChain> kept;
        for (auto& c : t.chains) {
            if (!c.builtin) continue;
            c.rules.clear();
            if (nft) {
                c.policy = "ACCEPT";
                c.policy_origin = {};
            }
            kept.push_back(std::move(c));
        }
        t.chains = std::move(kept);
        t.touch();
    }
    t.origin = {path, block.line, 1, "*" + block.name};
    for (const ChainDecl& d : block.chains) {
        nf::Origin origin{path, d.line, d.column, ":" + d.name + " " + d.policy};
        LiveChain* c = t.find(d.name);
        if (c && c->builtin) {
            if (d.policy == "-") return BlockFailure(d.line, "Bad built-in chain name");
            if (d.policy != "ACCEPT" && d.policy != "DROP")
                return BlockFailure(d.line, "Bad policy name");
            c->policy = d.policy;
            c->policy_origin = origin;
            continue;
        }
        if (d.policy != "-" && !nft) return BlockFailure(d.line, "Bad built-in chain name");
        if (c) {
            c->rules.clear();  // -n: declaring an existing user chain flushes it
            continue;
        }
        LiveChain n;
        n.name = d.name;
        n.origin = origin;
        t.chains.push_back(std::move(n));
        t.touch();
    }
    for (const RuleLine& line : block.rules) {
        nf::Origin origin{path, line.line, line.column, line.option + " " + line.chain};
        if (!line.args.empty()) origin.text += " " + spec_text(line.args);
        auto missing = [&](const std::string& chain, int column) {
            return BlockFailure(line.line, "chain '" + chain + "' does not exist",
                                RestoreResult::Failure::missing_chain, column);
        };
        switch (line.command) {
        case Command::append:
        case Command::insert:
        case Command::replace:
        case Command::remove: {
            LiveChain* c = t.find(line.chain);
            if (!c) return missing(line.chain, line.chain_column);
            if (line.rule.target && !line.rule.target->name.empty()) {
                const std::string& target = line.rule.target->name;
                bool chain_target = t.find(target) != nullptr;
                // A name that is neither built-in, nor an extension, nor a chain is a jump to a
                // chain that does not exist: the commit (nft) or the load (legacy) fails.
                int column = line.rule.target->column;
                if (!chain_target && !is_builtin_target(target) && !is_target_extension(target))
                    return missing(target, column);
                if (line.rule.target->is_goto && !chain_target) return missing(target, column);
                if (target == "REJECT") {
                    // xt_REJECT: only on the input, forward and output hooks, not in nat; a TCP
                    // reset needs `-p tcp`.
                    bool bad_chain = line.chain == "PREROUTING" || line.chain == "POSTROUTING";
                    if (t.name == "nat" || bad_chain)
                        return BlockFailure(line.line,
                                            "REJECT is not valid in the " + t.name + " table's " +
                                                line.chain + " chain (the kernel refuses the rule)",
                                            RestoreResult::Failure::rejected, column);
                    const auto& with = line.rule.target->reject_with;
                    bool tcp = line.rule.protocol && !line.rule.protocol->negated &&
                               line.rule.protocol->number == 6;
                    if (with && *with == "tcp-reset" && !tcp)
                        return BlockFailure(line.line,
                                            "--reject-with tcp-reset needs -p tcp (the kernel "
                                            "refuses the rule: Invalid argument)",
                                            RestoreResult::Failure::rejected, column);
                }
                if (target == line.chain && chain_target)
                    return BlockFailure(line.line, "jump loop: " + target + " -> " + target,
                                        RestoreResult::Failure::loop, column);
            }
            LiveRule r{line.rule, origin, spec_text(line.args)};
            size_t n = c->rules.size();
            if (line.command == Command::append) {
                c->rules.push_back(std::move(r));
            } else if (line.command == Command::insert) {
                size_t at = line.number ? static_cast<size_t>(*line.number) : 1;
                if (at < 1 || at > n + 1) return BlockFailure(line.line, "Index of insertion too big");
                c->rules.insert(c->rules.begin() + static_cast<long>(at - 1), std::move(r));
            } else if (line.command == Command::replace) {
                size_t at = static_cast<size_t>(*line.number);
                if (at < 1 || at > n) return BlockFailure(line.line, "Index of replacement too big");
                c->rules[at - 1] = std::move(r);
            } else if (line.number) {
                size_t at = static_cast<size_t>(*line.number);
                if (at < 1 || at > n) return BlockFailure(line.line, "Index of deletion too big");
                c->rules.erase(c->rules.begin() + static_cast<long>(at - 1));
            } else {
                auto it = std::find_if(c->rules.begin(), c->rules.end(),
                                       [&](const LiveRule& x) { return x.spec == r.spec; });
                if (it == c->rules.end())
                    return BlockFailure(line.line, "Bad rule (does a matching rule exist in that chain?)");
                c->rules.erase(it);
            }
            break;
        }
        case Command::new_chain:
            if (t.find(line.chain)) return BlockFailure(line.line, "Chain already exists");
            t.chains.push_back({line.chain, false, "ACCEPT", origin, {}, {}});
            t.touch();
            break;
        case Command::delete_chain: {
            auto referenced = [&](const std::string& name) {
                for (const auto& c : t.chains)
                    for (const auto& r : c.rules)
                        if (r.rule.target && r.rule.target->name == name) return true;
                return false;
            };
            if (line.chain.empty()) {
                std::vector<LiveChain> kept;
                for (auto& c : t.chains)
                    if (c.builtin) kept.push_back(std::move(c));
                t.chains = std::move(kept);
                t.touch();
                break;
            }
            auto it = std::find_if(t.chains.begin(), t.chains.end(),
                                   [&](const LiveChain& c) { return c.name == line.chain; });
            if (it == t.chains.end()) return missing(line.chain, line.chain_column);
            if (it->builtin) return BlockFailure(line.line, "Can't delete built-in chain");
            if (!it->rules.empty()) return BlockFailure(line.line, "Directory not empty");
            if (referenced(line.chain)) return BlockFailure(line.line, "Too many links");
            t.chains.erase(it);
            t.touch();
            break;
        }
        case Command::flush:
            if (line.chain.empty()) {
                for (auto& c : t.chains) c.rules.clear();
            } else if (LiveChain* c = t.find(line.chain)) {
                c->rules.clear();
            } else {
                return missing(line.chain, line.chain_column);
            }
            break;
        case Command::zero: break;
        case Command::policy: {
            LiveChain* c = t.find(line.chain);
            if (!c) return missing(line.chain, line.chain_column);
            if (!c->builtin) return BlockFailure(line.line, "Bad built-in chain name");
            const std::string& p = line.args.front().text;
            if (p != "ACCEPT" && p != "DROP") return BlockFailure(line.line, "Bad policy name");
            c->policy = p;
            c->policy_origin = origin;
            break;
        }
        }
    }
    return find_loop(t);
}

}  // namespace

RestoreResult XtablesState::restore(const SaveFile& file, const std::string& path,
                                    bool noflush) {
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
    for (const TableBlock& block : file.blocks) {
        if (first_error != 0 && (!block.committed || block.commit_line > first_error)) {
            syntax_failure();
            return result;
        }
        if (!block.committed) break;
        if (std::find(seen.begin(), seen.end(), block.name) != seen.end())
            result.replaced_tables.push_back(block.name);
        seen.push_back(block.name);
        LiveTable copy = table(block.name);
        if (auto failure = apply_block(copy, block, path, m_nft, noflush)) {
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

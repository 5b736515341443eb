// The steps of one iptables-restore block: the flush and the chain declarations, then each
// command line (config-semantics §2.3), then the loop check. iptables 1.8.9's messages.

#include "restore_steps.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

#include "extensions.hpp"

namespace lifeline::iptables {
namespace {

bool is_builtin_target(std::string_view name) {
    static constexpr std::string_view k_targets[] = {"ACCEPT", "DROP", "RETURN", "QUEUE"};
    return std::find(std::begin(k_targets), std::end(k_targets), name) != std::end(k_targets);
}

/// `-A CHAIN spec` as written: the origin text of a rule line.
std::string line_text(const RuleLine& line, const std::string& spec) {
    std::string text;
    text.reserve(line.option.size() + line.chain.size() + spec.size() + 2);
    text += line.option;
    text += ' ';
    text += line.chain;
    if (!line.args.empty()) {
        text += ' ';
        text += spec;
    }
    return text;
}

/// The rule of `line` for the live state: copied from a const block, moved out of a block the
/// caller gave up (a 100,000-rule file then holds one copy of its rules, not two).
Rule take_rule(const RuleLine& line) {
    return line.rule;
}
Rule take_rule(RuleLine& line) {
    return std::move(line.rule);
}

/// Frees a consumed line's tokens at once (instead of with the whole block) to lower the peak.
void release(const RuleLine&) {}
void release(RuleLine& line) {
    std::vector<Token>().swap(line.args);
}

/// A failure the target of a rule line causes: a jump to a chain that does not exist, REJECT
/// where the kernel refuses it, a chain jumping to itself.
std::optional<BlockFailure> check_target(const LiveTable& t, const RuleLine& line) {
    auto missing = [&](const std::string& chain, int column) {
        return BlockFailure(line.line, "chain '" + chain + "' does not exist",
                            RestoreResult::Failure::missing_chain, column);
    };
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
    return std::nullopt;
}

/// Puts the rule of an -A/-I/-R/-D line into `c` (or removes it). Returns the failure, if any.
template <class Line>
std::optional<BlockFailure> place_rule(LiveChain& c, Line& line, nf::Origin&& origin,
                                       std::string&& spec) {
    if (line.command == Command::append) {
        // Built in place: the common case of a large file.
        c.rules.emplace_back(take_rule(line), std::move(origin), std::move(spec));
        return std::nullopt;
    }
    LiveRule r{take_rule(line), std::move(origin), std::move(spec)};
    size_t n = c.rules.size();
    if (line.command == Command::insert) {
        size_t at = line.number ? static_cast<size_t>(*line.number) : 1;
        if (at < 1 || at > n + 1) return BlockFailure(line.line, "Index of insertion too big");
        c.rules.insert(c.rules.begin() + static_cast<long>(at - 1), std::move(r));
    } else if (line.command == Command::replace) {
        size_t at = static_cast<size_t>(*line.number);
        if (at < 1 || at > n) return BlockFailure(line.line, "Index of replacement too big");
        c.rules[at - 1] = std::move(r);
    } else if (line.number) {
        size_t at = static_cast<size_t>(*line.number);
        if (at < 1 || at > n) return BlockFailure(line.line, "Index of deletion too big");
        c.rules.erase(c.rules.begin() + static_cast<long>(at - 1));
    } else {
        auto it = std::find_if(c.rules.begin(), c.rules.end(),
                               [&](const LiveRule& x) { return x.spec == r.spec; });
        if (it == c.rules.end())
            return BlockFailure(line.line, "Bad rule (does a matching rule exist in that chain?)");
        c.rules.erase(it);
    }
    return std::nullopt;
}

/// apply_line() for a line to copy (`const RuleLine`) or to give up (`RuleLine`).
template <class Line>
std::optional<BlockFailure> apply(LiveTable& t, Line& line, const std::string& path) {
    std::string spec = spec_text(line.args);
    nf::Origin origin{path, line.line, line.column, line_text(line, spec)};
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
            if (auto failure = check_target(t, line)) return failure;
            if (auto failure = place_rule(*c, line, std::move(origin), std::move(spec)))
                return failure;
            break;
        }
        case Command::new_chain:
            if (t.find(line.chain)) return BlockFailure(line.line, "Chain already exists");
            t.add({line.chain, false, "ACCEPT", origin, {}, {}});
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
        case Command::zero:
            break;
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
    release(line);
    return std::nullopt;
}

}  // namespace

std::string spec_text(const std::vector<Token>& args) {
    size_t size = 0;
    for (const Token& t : args) size += t.text.size() + 1;
    std::string s;
    s.reserve(size);
    for (const Token& t : args) {
        if (!s.empty()) s += ' ';
        s += t.text;
    }
    return s;
}

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

std::optional<BlockFailure> begin_block(LiveTable& t, const TableBlock& block,
                                        const std::string& path, bool nft, bool noflush) {
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
        t.add(std::move(n));
    }
    return std::nullopt;
}

/// Reserves room in `t`'s chains for the rules `block` adds, so a chain of 100,000 rules does not
/// double (and move every rule) seventeen times, nor keep up to half of its room unused.
void reserve_rules(LiveTable& t, const TableBlock& block) {
    std::unordered_map<std::string_view, size_t> added;
    for (const RuleLine& line : block.rules)
        if (line.command == Command::append || line.command == Command::insert) ++added[line.chain];
    for (const auto& [chain, count] : added)
        if (LiveChain* c = t.find(chain)) c->rules.reserve(c->rules.size() + count);
}

std::optional<BlockFailure> apply_line(LiveTable& t, const RuleLine& line,
                                       const std::string& path) {
    return apply(t, line, path);
}

std::optional<BlockFailure> apply_line(LiveTable& t, RuleLine& line, const std::string& path) {
    return apply(t, line, path);
}

}  // namespace lifeline::iptables

// Jump depth at commit. After every rule the kernel walks each base chain's jumps and gotos;
// a chain 16 levels below a base chain fails with EMLINK ("Could not process rule: Too many
// links"), and a loop reachable from a base chain is endless depth. Loops no base chain
// reaches are accepted (checked with nft 1.0.6 on Linux 6.18). `nft -c` never commits, so it
// passes such files.
//
// Edges are logged in the order rules are added (with the time a flush or delete removed
// them); the first edge after which the graph is too deep is the rule nft reports.
#include <algorithm>

#include "load_impl.hpp"

namespace lifeline::nft::detail {

void Loader::record_edges(const LiveTable& t, const LiveChain& from, const RuleDecl& rule,
                          const Loc& report_at) {
    auto index_of = [&](const std::string& name) -> std::optional<size_t> {
        auto it = t.chain_index.find(name);
        if (it == t.chain_index.end()) return std::nullopt;
        return it->second;
    };
    auto from_index = index_of(from.name);
    if (!from_index) return;
    auto add = [&](const std::string& target) {
        if (auto to = index_of(target))
            m_edges.push_back(
                {&t, *from_index, *to, report_at, from.name, target, from.hook.has_value()});
    };
    for_each_target(rule, [&](const std::string& target, const Loc&) { add(target); });
    for (const Statement& s : rule.statements) {
        auto anon = m_result.anonymous_chains.find(&s);
        if (anon != m_result.anonymous_chains.end()) add(anon->second);
        if (s.kind == Statement::Kind::vmap && s.rhs.kind == Value::Kind::set_ref)
            if (const LiveSet* map = t.set(s.rhs.text))
                for (const Value* m : map->elements)
                    if (m->kind == Value::Kind::mapping) add(m->items[1].target);
    }
}

void Loader::remove_edges(const LiveTable& t, const LiveChain* from) {
    std::optional<size_t> index;
    if (from) {
        auto it = t.chain_index.find(from->name);
        if (it == t.chain_index.end()) return;
        index = it->second;
    }
    for (Edge& e : m_edges)
        if (e.table == &t && e.removed == SIZE_MAX && (!index || e.from == *index))
            e.removed = m_edges.size();
}

std::optional<std::pair<std::string, std::string>> Loader::jump_violation(size_t k) const {
    // The graph after edge k: edges 0..k of the same table still present then. Only edge data
    // is used: tables and chains may be deleted later in the file.
    const LiveTable* table = m_edges[k].table;
    size_t n = 0;
    for (size_t i = 0; i <= k; ++i)
        if (m_edges[i].table == table) n = std::max({n, m_edges[i].from + 1, m_edges[i].to + 1});
    std::vector<std::vector<size_t>> next(n);
    std::vector<std::string> names(n);
    std::vector<bool> base(n, false);
    for (size_t i = 0; i <= k; ++i) {
        const Edge& e = m_edges[i];
        if (e.table != table || e.removed <= k) continue;
        next[e.from].push_back(e.to);
        names[e.from] = "'" + e.from_name + "'";
        names[e.to] = "'" + e.to_name + "'";
        base[e.from] = base[e.from] || e.from_base;
    }
    // Longest jump path below each chain (memoised); a grey node on the stack closes a loop.
    std::vector<int> state(n, 0), below(n, 0);
    std::vector<size_t> best(n, SIZE_MAX);
    for (size_t root = 0; root < n; ++root) {
        if (!base[root] || state[root] == 2) continue;
        std::vector<std::pair<size_t, size_t>> stack = {{root, 0}};
        state[root] = 1;
        while (!stack.empty()) {
            auto& [node, i] = stack.back();
            if (i < next[node].size()) {
                size_t to = next[node][i++];
                if (state[to] == 1) {
                    std::string path;
                    bool on = false;
                    for (const auto& frame : stack) {
                        on = on || frame.first == to;
                        if (on) path += names[frame.first] + " → ";
                    }
                    return std::make_pair(std::string(k_jump_loop_id),
                                          "jump loop: " + path + names[to]);
                }
                if (state[to] == 0) {
                    state[to] = 1;
                    stack.emplace_back(to, 0);
                }
                continue;
            }
            for (size_t to : next[node])
                if (below[to] + 1 > below[node]) below[node] = below[to] + 1, best[node] = to;
            state[node] = 2;
            stack.pop_back();
        }
        if (below[root] >= k_max_jump_depth) {
            std::string path = names[root];
            for (size_t at = root, depth = 0;
                 best[at] != SIZE_MAX && depth < size_t(k_max_jump_depth); ++depth) {
                at = best[at];
                path += " → " + names[at];
            }
            return std::make_pair(std::string(k_jump_depth_id),
                                  "chains nest " + std::to_string(below[root]) +
                                      " jumps deep below base chain " + names[root] + " (" + path +
                                      "); the kernel allows " +
                                      std::to_string(k_max_jump_depth - 1));
        }
    }
    return std::nullopt;
}

void Loader::check_loops() {
    if (m_edges.empty()) return;
    // A flush or delete shrinks the graph; between such breakpoints a table's graph only grows,
    // so per table the first edge after which it is too deep is found by bisection.
    std::vector<size_t> breakpoints;
    for (const Edge& e : m_edges)
        if (e.removed != SIZE_MAX && e.removed > 0) breakpoints.push_back(e.removed - 1);
    breakpoints.push_back(m_edges.size() - 1);
    std::sort(breakpoints.begin(), breakpoints.end());
    breakpoints.erase(std::unique(breakpoints.begin(), breakpoints.end()), breakpoints.end());
    size_t low = 0;
    for (size_t high : breakpoints) {
        std::map<const LiveTable*, std::vector<size_t>> per_table;
        for (size_t k = low; k <= high; ++k) per_table[m_edges[k].table].push_back(k);
        std::optional<size_t> first;
        for (const auto& [table, edges] : per_table) {
            if (!jump_violation(edges.back())) continue;
            size_t lo = 0, hi = edges.size() - 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (jump_violation(edges[mid]))
                    hi = mid;
                else
                    lo = mid + 1;
            }
            if (!first || edges[lo] < *first) first = edges[lo];
        }
        if (first) {
            auto violation = jump_violation(*first);
            bool loop = violation->first == k_jump_loop_id;
            error(m_edges[*first].loc, violation->second, loop ? k_jump_loop_id : k_jump_depth_id,
                  loop ? k_jump_loop_slug : k_jump_depth_slug,
                  "`nft -c` accepts this file, but loading it fails with \"Could not process "
                  "rule: Too many links\" and nothing is applied");
            return;
        }
        low = high + 1;
    }
}

}  // namespace lifeline::nft::detail

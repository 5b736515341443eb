#pragma once
/// The loader's internal state, shared by load*.cpp. Not a public header.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "load.hpp"

namespace lifeline::nft::detail {

/// Stop collecting load errors after this many (nft reports each failing command once).
inline constexpr size_t k_max_load_errors = 100;

/// Calls `visit(target, loc)` for every chain a rule's statements jump or go to (verdicts,
/// inline verdict maps). Anonymous chains are visited by the caller.
void for_each_target(const RuleDecl& rule,
                     const std::function<void(const std::string&, const Loc&)>& visit);

class Loader {
  public:
    explicit Loader(const Document& doc);
    LoadResult run();

  private:
    void error(const Loc& loc, std::string message, std::string_view id = "NFT001",
               std::string_view slug = "ruleset-load-error", std::string help = {});
    void command(const Command& c);
    LiveTable* find_table(nf::Family family, const std::string& name);
    LiveTable* need_table(const Command& c);
    LiveChain* need_chain(LiveTable& t, const Command& c);
    void remove_table(LiveTable& t);
    void table_command(const Command& c);
    void delete_chain(const Command& c);

    // load_chain.cpp
    void add_chain(LiveTable& t, const ChainDecl& decl);
    bool check_hook(const LiveTable& t, const ChainDecl& decl, int& priority);
    void add_set(LiveTable& t, const SetDecl& decl, bool create);
    void add_elements(LiveSet& s, const Value& elements);
    void remove_elements(LiveSet& s, const Value& elements);

    // load_rule.cpp
    void add_rule(LiveTable& t, LiveChain& chain, const RuleDecl& rule, bool insert,
                  std::optional<std::uint64_t> index, const Loc* command_loc = nullptr);
    /// What the statements before the one checked established.
    struct RuleState {
        int family = 0;   ///< 4 or 6 once an ip/ip6 expression (or the table) fixes it
        bool l4 = false;  ///< a transport protocol is matched
    };
    bool check_rule(LiveTable& t, const RuleDecl& rule);
    bool check_match(LiveTable& t, const Statement& s, RuleState& state);
    bool check_target(LiveTable& t, const std::string& target, const Loc& loc);
    bool check_statement(LiveTable& t, const Statement& s, RuleState& state);
    bool check_nat(const LiveTable& t, const Statement& s, const RuleState& state);
    // load_links.cpp
    void record_edges(const LiveTable& t, const LiveChain& from, const RuleDecl& rule,
                      const Loc& report_at);
    void remove_edges(const LiveTable& t, const LiveChain* from);
    std::optional<std::pair<std::string, std::string>> jump_violation(size_t k) const;
    void check_loops();

    /// A jump or goto between chains, in the order rules were added; `removed` is the number
    /// of edges added before a flush or delete took it away (SIZE_MAX: never).
    struct Edge {
        const LiveTable* table;  ///< identity only: the table may be deleted later
        size_t from;
        size_t to;
        Loc loc;
        std::string from_name, to_name;
        bool from_base = false;
        size_t removed = SIZE_MAX;
    };
    std::vector<Edge> m_edges;

    const Document& m_doc;
    LoadResult m_result;
    std::map<std::pair<int, std::string>, size_t> m_tables;
    int m_anonymous = 0;
};

}  // namespace lifeline::nft::detail

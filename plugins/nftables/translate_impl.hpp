#pragma once
/// The translator's internals, shared by translate*.cpp. Not a public header.

#include <string>
#include <unordered_map>
#include <vector>

#include "translate.hpp"
#include "values.hpp"

namespace lifeline::nft::detail {

/// Alternatives (an OR of conjunctions) a statement contributes to a rule; a plain match
/// gives one alternative.
using Alternatives = std::vector<std::vector<nf::Term>>;

/// A rule split into alternatives stays bounded: beyond this, the match becomes unknown.
inline constexpr size_t k_max_alternatives = 4096;
/// So does a table: once its rules have produced this many nf rules, splitting stops.
inline constexpr size_t k_max_split_rules = 1000000;

/// The statement's verdict fields, for rules and vmap elements alike.
struct Decision {
    nf::Verdict verdict = nf::Verdict::none;
    std::string target;
    std::string detail;
};

/// A rule while its statements are translated.
struct RuleBuild {
    Alternatives alts = {{}};
    bool has_vmap = false;
    std::vector<std::pair<Alternatives, Decision>> vmap;  ///< per element: key terms, verdict
    std::vector<nf::Effect> effects;
    Decision decision;
    std::string notes;  ///< unmodelled effects and nat statements, shown with the rule
};

class RuleTranslator {
  public:
    RuleTranslator(const Document& doc, const LoadResult& loaded, const LiveTable& table);

    /// Appends the nf rules of `rule` to `out`.
    void translate(const RuleDecl& rule, std::vector<nf::Rule>& out);
    /// What one statement adds: match alternatives (returned) or verdict, effects, notes.
    Alternatives statement(const Statement& s, RuleBuild& build);
    void vmap(const Statement& s, const std::string& text, RuleBuild& build);
    void nat(const Statement& s, RuleBuild& build);

    // translate_match.cpp
    Alternatives match(const Statement& s);
    Alternatives key_match(const Expr& lhs, const std::string& op, const Value& rhs,
                           const std::string& text);
    void dependencies(const Expr& e, std::vector<nf::Term>& terms) const;
    std::vector<nf::Term> single(const Expr& e, const std::string& op, const Value& rhs,
                                 const std::string& text);
    nf::Term unknown(const std::string& text, const std::string& why = {}) const;
    /// The static elements of a named set, or null when its contents change at run time.
    const LiveSet* static_set(const std::string& name, std::string& why) const;

    nf::Origin origin(const Loc& loc, const std::string& text) const;

  private:
    const Document& m_doc;
    const LoadResult& m_loaded;
    const LiveTable& m_table;
    /// Lookups in named sets, by set, expression, operator and text: thousands of rules often
    /// test the same set, whose elements are converted once.
    std::unordered_map<std::string, Alternatives> m_set_matches;
    size_t m_emitted = 0;  ///< nf rules produced so far (for k_max_split_rules)
};

/// A text for the term of a statement: its source, spacing normalised.
std::string statement_text(const Document& doc, const Statement& s);

}  // namespace lifeline::nft::detail

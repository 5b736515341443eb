#pragma once
/// The shape of a ufw rule: an ID, a slug, a doc page and a check over the ufw model.
///
/// A rule file `rules/<slug>.cpp` defines `void check_<slug>(RuleContext&)`, declared and
/// listed (sorted by ID) in `rules/registry.cpp`. Rules ask the model (settings, tuples, the
/// replayed start sequence) and the packet evaluator; they never re-parse text.

#include <optional>
#include <span>
#include <string>

#include "diag.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/host.hpp"
#include "lifeline/rule.hpp"
#include "ufw/model.hpp"

namespace lifeline::ufw {

/// What a rule sees: the host, the model, the other layers' facts, and where findings go.
struct RuleContext {
    RuleContext(Host& h, const UfwModel& m, const HostFacts& f, DiagnosticSink& o)
        : host(h), model(m), facts(f), out(o) {}

    Host& host;
    const UfwModel& model;
    const HostFacts& facts;  ///< sshd's listeners come from here
    DiagnosticSink& out;

    /// ufw's tables alone: what ufw itself decides for a packet (built once).
    const nf::Ruleset& ruleset();
    /// Reports `message` at `path:line:column`.
    void report(const RuleRef& rule, const std::string& path, int line, int column,
                std::string message, std::string help = {});

  private:
    std::optional<nf::Ruleset> m_ruleset;
};

/// One rule. `check` is nullptr for the findings the model reports itself (UFW001, UFW002).
struct UfwRule {
    RuleInfo info;
    void (*check)(RuleContext&);
};

/// Every rule, sorted by ID.
std::span<const UfwRule> all_rules();
/// The RuleInfo of every rule, sorted by ID (for PluginInfo).
std::span<const RuleInfo> all_rule_infos();

}  // namespace lifeline::ufw

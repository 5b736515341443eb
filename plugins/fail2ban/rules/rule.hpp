#pragma once
/// The shape of a fail2ban rule: an ID, a slug, a doc page and a check over the model.
///
/// A rule file `rules/<slug>.cpp` defines `void check_<slug>(RuleContext&)`, declared and
/// listed (sorted by ID) in `rules/registry.cpp`.

#include <span>
#include <string>
#include <vector>

#include "diag.hpp"
#include "fail2ban/live.hpp"
#include "fail2ban/model.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/rule.hpp"

namespace lifeline::f2b {

/// What a rule sees: the host, the model, the other layers' facts, and where findings go.
struct RuleContext {
    Host& host;
    const Fail2banModel& model;
    const HostFacts& facts;
    DiagnosticSink& out;
    /// fail2ban-server's current bans (`lint --live`, when they could be read), else nullptr.
    const LiveBans* bans = nullptr;

    /// Reports `message` at `at` (a host path location from the model).
    Diagnostic& report(const RuleRef& rule, const SourceLocation& at, std::string message,
                       std::string help = {});
    /// sshd's TCP ports for `family` (4 or 6; 0 = both), 22 when sshd's are unknown.
    std::vector<int> ssh_ports(int family = 0) const;
};

struct F2bRule {
    RuleInfo info;
    void (*check)(RuleContext&);  ///< nullptr for F2B001 (the model reports it)
};

std::span<const F2bRule> all_rules();
std::span<const RuleInfo> all_rule_infos();

/// `[jail]` and the jail's name as messages show them.
std::string jail_label(const Jail& jail);

}  // namespace lifeline::f2b

// Applying the effective policy to a run's findings.

#include <algorithm>

#include "lifeline/policy.hpp"

namespace lifeline {

bool Policy::selected(std::string_view rule_id) const {
    auto it = rules.find(rule_id);
    return it == rules.end() || it->second.selected;
}

RuleOptions Policy::rule_options() const {
    RuleOptions options;
    for (const auto& [id, setting] : rules) {
        if (setting.options.empty()) continue;
        auto& values = options.values[id];
        for (const auto& [name, value] : setting.options) values[name] = value.value;
    }
    return options;
}

void apply_policy(const Policy& policy, std::vector<Diagnostic>& diagnostics) {
    std::erase_if(diagnostics, [&](const Diagnostic& d) { return !policy.selected(d.rule_id); });
    for (Diagnostic& d : diagnostics) {
        auto it = policy.rules.find(d.rule_id);
        if (it != policy.rules.end() && it->second.severity) d.severity = *it->second.severity;
    }
}

}  // namespace lifeline

#include "rule.hpp"

namespace lifeline::ufw {

const nf::Ruleset& RuleContext::ruleset() {
    if (!m_ruleset) {
        m_ruleset.emplace();
        m_ruleset->tables = model.tables();
    }
    return *m_ruleset;
}

void RuleContext::report(const RuleRef& rule, const std::string& path, int line, int column,
                         std::string message, std::string help) {
    out.report(make_diagnostic(rule, path, line, column, std::move(message), std::move(help)));
}

}  // namespace lifeline::ufw

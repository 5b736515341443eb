#include "lint_host.hpp"

#include <ctime>

#include "lifeline/suppress.hpp"

namespace lifeline::cli {

HostLint lint_host(App& app, Host& host, const Policy& policy, std::vector<AccessIntent> intents) {
    HostLint out;
    const RuleOptions options = policy.rule_options();
    // Read errors seen while collecting facts are reported again by each plugin's lint.
    DiagnosticSink scratch;
    HostFacts facts = app.collect_facts(host, scratch, std::move(intents));
    DiagnosticSink sink;
    for (const auto& e : app.registry.entries()) {
        LintRequest req{host, {}, facts, &options};
        LintStatus status = e.plugin->lint(req, sink);
        out.unreadable |= status == LintStatus::unreadable;
        out.any_layer |= status != LintStatus::absent;
    }
    out.items = std::move(sink.items());
    finish_findings(out.items, host.sources(), policy);
    return out;
}

void finish_findings(std::vector<Diagnostic>& items, const SourceManager& sources,
                     const Policy& policy) {
    apply_suppressions(items, sources, static_cast<long>(std::time(nullptr) / 86400));
    apply_policy(policy, items);
    sort_diagnostics(items);
}

}  // namespace lifeline::cli

#include "lifeline/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace lifeline {

std::string_view severity_name(Severity s) {
    switch (s) {
        case Severity::info: return "info";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

std::optional<Severity> parse_severity(std::string_view name) {
    if (name == "info" || name == "note") return Severity::info;
    if (name == "warning") return Severity::warning;
    if (name == "error") return Severity::error;
    return std::nullopt;
}

bool DiagnosticSink::has_at_least(Severity s) const {
    return std::any_of(m_items.begin(), m_items.end(),
                       [s](const Diagnostic& d) { return d.severity >= s; });
}

void sort_diagnostics(std::vector<Diagnostic>& items) {
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id) <
               std::tie(b.location.path, b.location.line, b.location.column, b.rule_id);
    });
}

}  // namespace lifeline

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

namespace {

void give_position(SourceLocation& l) {
    if (l.line < 1) {
        l.line = 1;
        l.column = 1;
        l.end_line = 0;
        l.end_column = 0;
    } else if (l.column < 1) {
        l.column = 1;
    }
}

}  // namespace

void sort_diagnostics(std::vector<Diagnostic>& items) {
    for (Diagnostic& d : items) {
        give_position(d.location);
        for (RelatedLocation& r : d.related) give_position(r.location);
    }
    std::stable_sort(items.begin(), items.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.location.path, a.location.line, a.location.column, a.rule_id) <
               std::tie(b.location.path, b.location.line, b.location.column, b.rule_id);
    });
}

}  // namespace lifeline

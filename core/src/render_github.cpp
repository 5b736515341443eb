// GitHub Actions workflow commands (README "Output formats"): the runner turns each
// `::error file=…,line=…::message` line on stdout into an annotation on the file and line.
#include <algorithm>
#include <ostream>

#include "lifeline/render.hpp"

namespace lifeline {

std::string github_escape_data(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '%')
            out += "%25";
        else if (c == '\r')
            out += "%0D";
        else if (c == '\n')
            out += "%0A";
        else
            out += c;
    }
    return out;
}

std::string github_escape_property(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : github_escape_data(s)) {
        if (c == ':')
            out += "%3A";
        else if (c == ',')
            out += "%2C";
        else
            out += c;
    }
    return out;
}

namespace {

const char* github_command(Severity s) {
    switch (s) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::info:
            break;
    }
    return "notice";
}

/// `file=…,line=…,endLine=…,col=…,endColumn=…`. GitHub takes columns only on a one-line range,
/// and its end column is inclusive where lifeline's is exclusive.
std::string position(const SourceLocation& l) {
    std::string out = "file=" + github_escape_property(l.path);
    if (l.line < 1) return out;
    int end_line = std::max(l.end_line, l.line);
    out += ",line=" + std::to_string(l.line) + ",endLine=" + std::to_string(end_line);
    if (end_line == l.line && l.column > 0) {
        out += ",col=" + std::to_string(l.column);
        if (l.end_column > l.column) out += ",endColumn=" + std::to_string(l.end_column - 1);
    }
    return out;
}

std::string where(const SourceLocation& l) {
    std::string out = l.path;
    if (l.line > 0) out += ":" + std::to_string(l.line);
    if (l.line > 0 && l.column > 0) out += ":" + std::to_string(l.column);
    return out;
}

void command(std::ostream& out, const char* level, const std::string& properties,
             const std::string& message) {
    out << "::" << level << ' ' << properties << "::" << github_escape_data(message) << '\n';
}

}  // namespace

void render_github(const std::vector<Diagnostic>& items, std::ostream& out) {
    for (const auto& d : items) {
        std::string message = d.message;
        for (const auto& r : d.related)
            message += "\nnote: " + where(r.location) + ": " + r.message;
        if (!d.help.empty()) message += "\nhelp: " + d.help;
        std::string props = d.location.path.empty() ? std::string() : position(d.location) + ",";
        props += "title=" + github_escape_property(d.rule_id + " " + d.slug);
        command(out, github_command(d.severity), props, message);
    }
}

std::string access_headline(const AccessReport& report) {
    const auto& q = report.query;
    std::string out = format_endpoint(q.user, q.address, q.port) + ": " + report.verdict;
    if (std::string by = denying_layer(report); !by.empty()) out += " by the " + by + " layer";
    if (report.verdict != "at-risk") return out;
    std::string names;
    int count = 0;
    for (const auto& l : report.layers) {
        if (!l.at_risk) continue;
        names += (count++ ? ", the " : "the ") + l.layer;
    }
    if (count > 0) out += " (" + names + (count == 1 ? " layer" : " layers") + " can take it away)";
    return out;
}

void render_access_github(const AccessReport& report, std::ostream& out) {
    std::string message = access_headline(report);
    // The annotation goes where the answer is decided: the last step at a file line of the first
    // layer that denies (denied), cannot decide (unknown) or can revoke the login (at-risk).
    const TraceStep* at = nullptr;
    bool decided = false;
    for (const auto& l : report.layers) {
        message += "\n" + l.layer + ": " + l.verdict;
        if (!l.reason.empty()) message += " — " + l.reason;
        if (l.at_risk && !l.risk.empty()) message += " (can revoke the login: " + l.risk + ")";
        bool decides = report.verdict == "denied"    ? l.denies
                       : report.verdict == "unknown" ? l.unknown
                                                     : l.at_risk;
        if (decided || !decides) continue;
        decided = true;
        for (auto it = l.trace.rbegin(); !at && it != l.trace.rend(); ++it)
            if (it->line > 0 && !it->file.empty() && it->file.front() != '(') at = &*it;
    }
    for (const auto& d : report.errors)
        message += "\nerror: " + where(d.location) + ": " + d.message;
    const char* level = report.verdict == "denied"    ? "error"
                        : report.verdict == "allowed" ? "notice"
                                                      : "warning";
    std::string props;
    if (at) {
        props =
            "file=" + github_escape_property(at->file) + ",line=" + std::to_string(at->line) + ",";
    } else if (!report.errors.empty() && !report.errors.front().location.path.empty()) {
        props = position(report.errors.front().location) + ",";
    }
    props += "title=" + github_escape_property("access " + report.verdict);
    command(out, level, props, message);
}

}  // namespace lifeline

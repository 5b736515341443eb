#include <ostream>

#include "lifeline/render.hpp"

namespace lifeline {

std::string format_endpoint(const std::string& user, const std::string& address, int port) {
    std::string out = user.empty() ? "" : user + "@";
    bool v6 = address.find(':') != std::string::npos;
    if (port > 0 && v6) return out + "[" + address + "]:" + std::to_string(port);
    out += address;
    if (port > 0) out += ":" + std::to_string(port);
    return out;
}

std::string combine_verdict(const std::vector<LayerResult>& layers, bool had_errors) {
    if (had_errors) return "unknown";
    for (const auto& l : layers) {
        if (l.unknown) return "unknown";
        if (l.denies) return "denied";
    }
    if (layers.empty()) return "unknown";
    for (const auto& l : layers)
        if (l.at_risk) return "at-risk";
    return "allowed";
}

std::vector<std::string> risk_layers(const AccessReport& report) {
    std::vector<std::string> names;
    if (report.verdict != "at-risk") return names;
    for (const auto& l : report.layers)
        if (l.at_risk) names.push_back(l.layer);
    return names;
}

std::string denying_layer(const AccessReport& report) {
    if (report.verdict != "denied") return {};
    for (const auto& l : report.layers)
        if (l.denies) return l.layer;
    return {};
}

void render_access_text(const AccessReport& report, const SourceManager& sources,
                        std::ostream& out) {
    const auto& q = report.query;
    out << format_endpoint(q.user, q.address, q.port) << ": " << report.verdict;
    if (std::string by = denying_layer(report); !by.empty()) out << " by the " << by << " layer";
    if (report.verdict == "at-risk") {
        out << " (the login works now, but ";
        auto names = risk_layers(report);
        for (size_t i = 0; i < names.size(); ++i)
            out << (i == 0 ? "the " : i + 1 == names.size() ? " and the " : ", the ") << names[i];
        out << (names.size() == 1 ? " layer" : " layers") << " can take it away by itself)";
    }
    out << '\n';
    for (const auto& l : report.layers) {
        out << "  " << l.layer << ": " << l.verdict;
        if (!l.reason.empty()) out << " — " << l.reason;
        out << '\n';
        if (l.at_risk && !l.risk.empty()) out << "    can revoke the login: " << l.risk << '\n';
        for (const auto& [k, v] : l.facts) out << "    " << k << ": " << v << '\n';
        for (const auto& t : l.trace) {
            out << "    " << t.file;
            if (t.line > 0) out << ':' << t.line;
            out << ": " << t.text;
            if (!t.note.empty()) out << "  # " << t.note;
            out << '\n';
        }
    }
    if (!report.errors.empty()) {
        out << "  errors (the answer is unknown until they are fixed):\n";
        for (const auto& d : report.errors) {
            out << "    " << d.location.path << ':' << d.location.line << ':' << d.location.column
                << ": " << d.message << '\n';
        }
    }
    (void)sources;
}

}  // namespace lifeline

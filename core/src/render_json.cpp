#include <nlohmann/json.hpp>
#include <ostream>

#include "lifeline/render.hpp"

namespace lifeline {
namespace {

using nlohmann::json;

json location_json(const SourceLocation& l) {
    json j = {{"path", l.path}, {"line", l.line}, {"column", l.column}};
    j["end_line"] = l.end_line ? l.end_line : l.line;
    j["end_column"] = l.end_column ? l.end_column : l.column;
    return j;
}

/// Dumps with invalid UTF-8 replaced: config files may hold any bytes, JSON output may not.
std::string dump(const json& j) {
    return j.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace

void render_json(const std::vector<Diagnostic>& items, std::ostream& out) {
    json diags = json::array();
    int counts[3] = {0, 0, 0};
    for (const auto& d : items) {
        ++counts[static_cast<int>(d.severity)];
        json j = {{"rule", d.rule_id},
                  {"slug", d.slug},
                  {"severity", std::string(severity_name(d.severity))},
                  {"message", d.message},
                  {"help", d.help}};
        j.update(location_json(d.location));
        json related = json::array();
        for (const auto& r : d.related) {
            json rj = location_json(r.location);
            rj["message"] = r.message;
            related.push_back(std::move(rj));
        }
        j["related"] = std::move(related);
        diags.push_back(std::move(j));
    }
    json doc = {{"version", 1},
                {"tool", "lifeline"},
                {"diagnostics", std::move(diags)},
                {"summary", {{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}}}};
    out << dump(doc) << '\n';
}

void render_access_json(const AccessReport& report, std::ostream& out) {
    json layers = json::array();
    for (const auto& l : report.layers) {
        json lj = {{"layer", l.layer}, {"verdict", l.verdict}, {"reason", l.reason}};
        if (l.at_risk) lj["risk"] = l.risk;
        // A fact given more than once (several risks) becomes a list.
        for (const auto& [k, v] : l.facts) {
            if (!lj.contains(k)) lj[k] = v;
            else if (lj[k].is_array()) lj[k].push_back(v);
            else lj[k] = json::array({lj[k], v});
        }
        json trace = json::array();
        for (const auto& t : l.trace)
            trace.push_back({{"file", t.file}, {"line", t.line}, {"text", t.text}, {"note", t.note}});
        lj["trace"] = std::move(trace);
        layers.push_back(std::move(lj));
    }
    json errors = json::array();
    for (const auto& d : report.errors) {
        json j = {{"rule", d.rule_id}, {"message", d.message}};
        j.update(location_json(d.location));
        errors.push_back(std::move(j));
    }
    json doc = {{"user", report.query.user},
                {"address", report.query.address},
                {"port", report.query.port},
                {"verdict", report.verdict},
                {"layers", std::move(layers)},
                {"errors", std::move(errors)}};
    if (std::string by = denying_layer(report); !by.empty()) doc["denied_by"] = by;
    if (auto names = risk_layers(report); !names.empty()) doc["at_risk_by"] = names;
    out << dump(doc) << '\n';
}

}  // namespace lifeline

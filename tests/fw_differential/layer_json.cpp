#include "layer_json.hpp"

#include <nlohmann/json.hpp>
#include <ostream>

namespace fwdiff {

namespace {

using nlohmann::json;

/// A JSON value as one line of text (strings unquoted; newlines folded).
std::string flat(const json& v) {
    std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    for (char& c : s)
        if (c == '\n' || c == '\r') c = ' ';
    return s;
}

std::string field(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? std::string() : flat(*it);
}

}  // namespace

int print_layer(const std::string& json_text, const std::string& layer, std::ostream& out,
                std::ostream& err) {
    json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("layers") ||
        !doc["layers"].is_array()) {
        err << "fw_probe: not an access report (no \"layers\" array)\n";
        return 2;
    }
    const json* found = nullptr;
    for (const auto& l : doc["layers"])
        if (l.is_object() && field(l, "layer") == layer) found = &l;
    if (found == nullptr) {
        out << "verdict absent\n";
    } else {
        out << "verdict " << field(*found, "verdict") << '\n';
        out << "reason " << field(*found, "reason") << '\n';
        if (found->contains("trace") && (*found)["trace"].is_array()) {
            for (const auto& t : (*found)["trace"]) {
                out << "trace " << field(t, "file") << ':' << field(t, "line") << ": "
                    << field(t, "text");
                std::string note = field(t, "note");
                if (!note.empty()) out << " | " << note;
                out << '\n';
            }
        }
    }
    if (doc.contains("errors") && doc["errors"].is_array()) {
        for (const auto& e : doc["errors"]) {
            out << "error " << field(e, "path") << ':' << field(e, "line") << ": "
                << field(e, "rule") << ' ' << field(e, "message") << '\n';
        }
    }
    return 0;
}

}  // namespace fwdiff

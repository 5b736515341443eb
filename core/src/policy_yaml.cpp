#include "policy_yaml.hpp"

#include <algorithm>

namespace lifeline::policy_detail {
namespace {

/// Length of the quoted scalar starting at `pos` (quotes included), when it ends on its line.
std::optional<size_t> quoted_length(std::string_view text, size_t pos) {
    char quote = text[pos];
    for (size_t i = pos + 1; i < text.size() && text[i] != '\n'; ++i) {
        if (quote == '"' && text[i] == '\\') {
            ++i;  // the escaped character
        } else if (text[i] == quote) {
            if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
                ++i;  // '' is an escaped single quote
                continue;
            }
            return i + 1 - pos;
        }
    }
    return std::nullopt;
}

std::string join(std::span<const std::string_view> names) {
    std::string s;
    for (auto n : names) s += (s.empty() ? "" : ", ") + std::string(n);
    return s;
}

}  // namespace

std::string_view kind_name(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Scalar:
            return "a scalar";
        default:
            return "nothing";
    }
}

SourceLocation YamlReader::at(const YAML::Node& node) const {
    YAML::Mark m = node.Mark();
    if (m.line < 0) return {m_path, 0, 0};
    SourceLocation loc{m_path, m.line + 1, m.column + 1};
    if (!node.IsScalar() || m_text.empty() || static_cast<size_t>(m.pos) >= m_text.size())
        return loc;
    const std::string& value = node.Scalar();
    size_t pos = static_cast<size_t>(m.pos);
    std::optional<size_t> length;
    if (m_text[pos] == '"' || m_text[pos] == '\'')
        length = quoted_length(m_text, pos);
    else if (m_text.compare(pos, value.size(), value) == 0)
        length = value.size();
    if (length && *length > 0) {
        loc.end_line = loc.line;
        loc.end_column = loc.column + static_cast<int>(*length);
    }
    return loc;
}

SourceLocation YamlReader::at(const KeyValue& kv) const {
    return kv.second.IsNull() ? at(kv.first) : at(kv.second);
}

void YamlReader::report(Pol kind, SourceLocation where, std::string message, std::string help) {
    m_out.report(make_diagnostic(kind, std::move(where), std::move(message), std::move(help)));
}

std::vector<KeyValue> YamlReader::any_entries(const YAML::Node& map) {
    std::vector<KeyValue> result;
    std::vector<std::pair<std::string, SourceLocation>> seen;
    for (const auto& entry : map) {
        // Copies: Nodes are handles, and the iterator's values are temporaries.
        YAML::Node key = entry.first;
        YAML::Node value = entry.second;
        if (!key.IsScalar()) {
            report(Pol::wrong_type, at(key),
                   "a key must be a name; found " + std::string(kind_name(key)));
            continue;
        }
        auto first = std::find_if(seen.begin(), seen.end(),
                                  [&](const auto& s) { return s.first == key.Scalar(); });
        if (first != seen.end()) {
            Diagnostic d = make_diagnostic(
                Pol::duplicate_key, at(key),
                "duplicate key '" + key.Scalar() + "'; the first is at " +
                    std::to_string(first->second.line) + ":" + std::to_string(first->second.column),
                "remove one of them: YAML keeps only one value per key");
            d.related.push_back({first->second, "first '" + key.Scalar() + "' here"});
            m_out.report(std::move(d));
            continue;
        }
        seen.emplace_back(key.Scalar(), at(key));
        result.emplace_back(key, value);
    }
    return result;
}

std::vector<KeyValue> YamlReader::entries(const YAML::Node& map,
                                          std::span<const std::string_view> allowed,
                                          std::string_view where) {
    std::vector<KeyValue> result;
    for (auto& kv : any_entries(map)) {
        const std::string& name = kv.first.Scalar();
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
            result.push_back(std::move(kv));
            continue;
        }
        report(Pol::unknown_key, at(kv.first),
               "unknown key '" + name + "'" + did_you_mean(name, allowed),
               "the keys of " + std::string(where) + " are " + join(allowed));
    }
    return result;
}

std::optional<PolicyValue> YamlReader::scalar(const KeyValue& kv, std::string_view what) {
    if (!kv.second.IsScalar()) {
        report(Pol::wrong_type, at(kv),
               "'" + kv.first.Scalar() + "' must be " + std::string(what) + "; found " +
                   std::string(kind_name(kv.second)));
        return std::nullopt;
    }
    return PolicyValue{kv.second.Scalar(), at(kv.second)};
}

std::optional<std::vector<PolicyValue>> YamlReader::names(const KeyValue& kv,
                                                          std::string_view what) {
    const YAML::Node& v = kv.second;
    std::vector<PolicyValue> result;
    if (v.IsNull()) return result;
    if (v.IsScalar()) {
        result.push_back({v.Scalar(), at(v)});
        return result;
    }
    if (!v.IsSequence()) {
        report(Pol::wrong_type, at(kv),
               "'" + kv.first.Scalar() + "' must be " + std::string(what) +
                   ", or a list of them; found " + std::string(kind_name(v)));
        return std::nullopt;
    }
    bool ok = true;
    for (const YAML::Node& item : v) {
        if (item.IsScalar()) {
            result.push_back({item.Scalar(), at(item)});
            continue;
        }
        report(Pol::wrong_type, item.IsNull() ? at(v) : at(item),
               "an entry of '" + kv.first.Scalar() + "' must be " + std::string(what) + "; found " +
                   std::string(kind_name(item)));
        ok = false;
    }
    if (!ok) return std::nullopt;
    return result;
}

bool YamlReader::mapping(const KeyValue& kv, std::string_view what) {
    if (kv.second.IsMap() || kv.second.IsNull()) return true;
    report(Pol::wrong_type, at(kv),
           "'" + kv.first.Scalar() + "' must be " + std::string(what) + "; found " +
               std::string(kind_name(kv.second)));
    return false;
}

}  // namespace lifeline::policy_detail

// One policy file's YAML to a Layer: top-level keys, `rules`, `extends`, `select`/`ignore`,
// `fail_on` and `hosts` (the intents are in policy_intents.cpp).

#include <algorithm>

#include "policy_yaml.hpp"

namespace lifeline::policy_detail {
namespace {

constexpr std::string_view k_top_keys[] = {"extends", "select",     "ignore",         "rules",
                                           "fail_on", "must_login", "must_not_login", "hosts"};
constexpr std::string_view k_rule_keys[] = {"severity", "options"};
constexpr std::string_view k_severities[] = {"info", "warning", "error"};

std::optional<Severity> severity_value(YamlReader& r, const KeyValue& kv) {
    auto v = r.scalar(kv, "a severity (info, warning or error)");
    if (!v) return std::nullopt;
    auto s = parse_severity(v->value);
    if (!s)
        r.report(Pol::invalid_value, v->origin,
                 "unknown severity '" + v->value + "'" + did_you_mean(v->value, k_severities),
                 "a severity is info, warning or error");
    return s;
}

void parse_rule(YamlReader& r, const KeyValue& kv, Layer& layer) {
    RuleEntry entry;
    entry.name = {kv.first.Scalar(), r.at(kv.first)};
    if (!r.mapping(kv, "a mapping (severity, options)")) return;
    for (const auto& field : r.entries(kv.second, k_rule_keys, "a rule's settings")) {
        const std::string& key = field.first.Scalar();
        if (key == "severity") {
            entry.severity = severity_value(r, field);
            entry.severity_origin = r.at(field);
            continue;
        }
        if (!r.mapping(field, "a mapping of option names to values")) continue;
        for (const auto& option : r.any_entries(field.second)) {
            auto value = r.scalar(option, "a value");
            if (value) entry.options.emplace_back(option.first.Scalar(), std::move(*value));
        }
    }
    layer.rules.push_back(std::move(entry));
}

/// Why a `hosts` glob is refused, or "".
std::string glob_problem(std::string_view glob) {
    if (glob.empty()) return "matches no host directory";
    if (glob.front() == '/') return "must be relative to the policy file's directory";
    size_t start = 0;
    while (start <= glob.size()) {
        size_t slash = glob.find('/', start);
        if (glob.substr(start, slash - start) == "..")
            return "must not leave the repository ('..')";
        if (slash == std::string_view::npos) break;
        start = slash + 1;
    }
    for (size_t i = 0; i < glob.size(); ++i) {
        if (glob[i] == '\\') {
            ++i;
        } else if (glob[i] == '[') {
            // fnmatch: ']' right after '[' or '[!' is a member, not the end.
            size_t j = i + 1;
            if (j < glob.size() && (glob[j] == '!' || glob[j] == '^')) ++j;
            if (j < glob.size() && glob[j] == ']') ++j;
            j = glob.find(']', j);
            if (j == std::string_view::npos) return "has a '[' without its ']'";
            i = j;
        }
    }
    return "";
}

void parse_hosts(YamlReader& r, const KeyValue& kv, Layer& layer) {
    layer.hosts_origin = r.at(kv.first);
    auto globs = r.names(kv, "a glob of host directories (hosts/*/)");
    if (!globs) return;
    for (auto& g : *globs) {
        std::string problem = glob_problem(g.value);
        if (!problem.empty()) {
            r.report(Pol::invalid_value, g.origin, "host glob '" + g.value + "' " + problem);
            continue;
        }
        layer.hosts.push_back({std::move(g.value), std::move(g.origin)});
    }
}

void parse_names(YamlReader& r, const KeyValue& kv, std::string_view what,
                 std::vector<PolicyValue>& into) {
    auto names = r.names(kv, what);
    if (!names) return;
    for (auto& n : *names) {
        if (n.value.empty()) {
            r.report(Pol::invalid_value, n.origin, "an empty entry in '" + kv.first.Scalar() + "'");
            continue;
        }
        into.push_back(std::move(n));
    }
}

void parse_top(YamlReader& r, const YAML::Node& top, Layer& layer) {
    for (const auto& kv : r.entries(top, k_top_keys, "a policy")) {
        const std::string& key = kv.first.Scalar();
        if (key == "extends") {
            parse_names(r, kv, "a pack name or a policy file path", layer.extends);
        } else if (key == "select" || key == "ignore") {
            layer.has_select |= key == "select";
            parse_names(r, kv, "a rule ID, slug or prefix",
                        key == "select" ? layer.select : layer.ignore);
        } else if (key == "rules") {
            if (!r.mapping(kv, "a mapping of rule IDs or slugs to settings")) continue;
            for (const auto& rule : r.any_entries(kv.second)) parse_rule(r, rule, layer);
        } else if (key == "fail_on") {
            layer.fail_on = severity_value(r, kv);
            layer.fail_on_origin = r.at(kv);
        } else if (key == "must_login" || key == "must_not_login") {
            parse_intents(r, kv, key == "must_not_login", layer);
        } else {
            parse_hosts(r, kv, layer);
        }
    }
}

}  // namespace

Layer parse_layer(const std::string& path, std::string_view text, DiagnosticSink& out) {
    Layer layer;
    layer.path = path;
    YamlReader r(path, text, out);
    try {
        std::vector<YAML::Node> docs = YAML::LoadAll(std::string(text));
        if (docs.empty()) return layer;  // empty, or comments only: a policy that sets nothing
        if (docs.size() > 1) {
            r.report(Pol::syntax, r.at(docs[1]), "a second YAML document; a policy file holds one",
                     "remove the '---' separator or split the file");
            return layer;
        }
        const YAML::Node& top = docs.front();
        if (top.IsNull()) return layer;
        if (!top.IsMap()) {
            r.report(Pol::wrong_type, r.at(top),
                     "a policy must be a mapping of keys (extends, select, ignore, rules, fail_on, "
                     "must_login, must_not_login, hosts); found " +
                         std::string(kind_name(top)));
            return layer;
        }
        parse_top(r, top, layer);
    } catch (const YAML::Exception& e) {
        // yaml-cpp reports syntax errors (and nesting too deep) as exceptions with a mark.
        SourceLocation at{path, e.mark.line < 0 ? 0 : e.mark.line + 1,
                          e.mark.column < 0 ? 0 : e.mark.column + 1};
        r.report(Pol::syntax, at, "YAML syntax error: " + e.msg);
    }
    return layer;
}

}  // namespace lifeline::policy_detail

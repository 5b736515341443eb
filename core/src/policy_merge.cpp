// Merging policy layers into the effective policy: selectors matched against the catalog of the
// loaded rules, later files overriding earlier ones.

#include <algorithm>

#include "lifeline/plugin_loader.hpp"
#include "lifeline/suppress.hpp"
#include "policy_internal.hpp"

namespace lifeline {
namespace policy_detail {
namespace {

/// Every name a selector could have meant, for did-you-mean.
std::vector<std::string_view> selector_names(const RuleCatalog& catalog) {
    std::vector<std::string_view> names{"ALL"};
    for (const auto& p : catalog.prefixes) names.push_back(p);
    for (const auto& r : catalog.rules) names.push_back(r.id);
    for (const auto& r : catalog.rules) names.push_back(r.slug);
    return names;
}

/// Applies one layer's `select` (sets) or `ignore` (clears) entries.
void apply_selectors(const LoadedLayer& l, bool select, const RuleCatalog& catalog, Policy& policy,
                     DiagnosticSink& out) {
    for (const PolicyValue& entry : select ? l.layer.select : l.layer.ignore) {
        std::vector<std::string_view> ids = match_selector(entry.value, catalog);
        if (ids.empty()) {
            if (!l.pack)
                out.report(
                    make_diagnostic(Pol::unknown_rule, entry.origin,
                                    "'" + entry.value +
                                        "' is no rule ID, slug or rule prefix of the loaded "
                                        "plugins" +
                                        did_you_mean(entry.value, selector_names(catalog)),
                                    "`lifeline rules` lists the rules of the loaded plugins"));
            continue;
        }
        for (std::string_view id : ids) {
            RuleSetting& s = policy.rules.find(id)->second;
            s.selected = select;
            s.ignored = !select;
            s.selector = entry;
        }
    }
}

/// The one rule a `rules` key names (an ID or a slug), or nullptr after reporting why not.
const RuleInfo* rule_for_key(const LoadedLayer& l, const RuleEntry& e, const RuleCatalog& catalog,
                             DiagnosticSink& out) {
    std::vector<const RuleInfo*> found;
    for (const auto& r : catalog.rules)
        if (r.id == e.name.value || r.slug == e.name.value) found.push_back(&r);
    if (found.size() == 1) return found.front();
    if (found.size() > 1) {
        std::string ids;
        for (size_t i = 0; i < found.size(); ++i)
            ids += (i == 0                  ? ""
                    : i + 1 == found.size() ? " and "
                                            : ", ") +
                   std::string(found[i]->id);
        out.report(make_diagnostic(Pol::ambiguous_slug, e.name.origin,
                                   "slug '" + e.name.value + "' names " + ids + "; use the ID"));
        return nullptr;
    }
    if (l.pack) return nullptr;
    std::string message = "'" + e.name.value + "' is no rule ID or slug of the loaded plugins";
    if (!match_selector(e.name.value, catalog).empty())
        message = "'" + e.name.value +
                  "' names several rules; a 'rules' key names one (an ID or "
                  "a slug)";
    else {
        std::vector<std::string_view> names;
        for (const auto& r : catalog.rules) names.push_back(r.id);
        for (const auto& r : catalog.rules) names.push_back(r.slug);
        message += did_you_mean(e.name.value, names);
    }
    out.report(make_diagnostic(Pol::unknown_rule, e.name.origin, message,
                               "`lifeline rules` lists the rules of the loaded plugins"));
    return nullptr;
}

void apply_rules(const LoadedLayer& l, const RuleCatalog& catalog, Policy& policy,
                 DiagnosticSink& out) {
    for (const RuleEntry& e : l.layer.rules) {
        const RuleInfo* rule = rule_for_key(l, e, catalog, out);
        if (!rule) continue;
        RuleSetting& s = policy.rules.find(rule->id)->second;
        if (e.severity) {
            s.severity = e.severity;
            s.severity_origin = e.severity_origin;
        }
        for (const auto& [name, value] : e.options) s.options[name] = value;
    }
}

}  // namespace

std::vector<std::string_view> match_selector(std::string_view selector,
                                             const RuleCatalog& catalog) {
    std::vector<std::string_view> ids;
    for (const auto& r : catalog.rules) {
        bool match = selector == "ALL" || r.id == selector || r.slug == selector ||
                     (!selector.empty() && r.id.substr(0, selector.size()) == selector);
        if (match) ids.push_back(r.id);
    }
    return ids;
}

Policy merge_layers(const std::vector<LoadedLayer>& layers, const RuleCatalog& catalog,
                    const sys::FileSystem& fs, DiagnosticSink& out) {
    Policy policy;
    bool any_select = std::any_of(layers.begin(), layers.end(),
                                  [](const LoadedLayer& l) { return l.layer.has_select; });
    for (const auto& r : catalog.rules) policy.rules[std::string(r.id)].selected = !any_select;
    for (const LoadedLayer& l : layers) {
        policy.files.push_back(l.layer.path);
        apply_selectors(l, true, catalog, policy, out);
        apply_selectors(l, false, catalog, policy, out);
        apply_rules(l, catalog, policy, out);
        if (l.layer.fail_on) {
            policy.fail_on = *l.layer.fail_on;
            policy.fail_on_origin = l.layer.fail_on_origin;
        }
        policy.intents.insert(policy.intents.end(), l.layer.intents.begin(), l.layer.intents.end());
        for (const KeyFileRef& key : l.layer.key_files) {
            auto st = fs.stat(key.path);
            if (!st || st->type != sys::FileStat::Type::regular)
                out.report(make_diagnostic(Pol::invalid_value, key.origin,
                                           "key file '" + key.path + "' not found",
                                           "a relative key path is relative to the policy file"));
        }
    }
    // `hosts` maps a repository's host directories: only the top-level file's count.
    if (!layers.empty()) policy.hosts = layers.back().layer.hosts;
    return policy;
}

}  // namespace policy_detail

RuleCatalog make_rule_catalog(const PluginRegistry& registry) {
    RuleCatalog catalog;
    for (const auto& e : registry.entries()) {
        const PluginInfo& info = e.plugin->info();
        catalog.rules.insert(catalog.rules.end(), info.rules.begin(), info.rules.end());
        if (!info.rule_prefix.empty()) catalog.prefixes.emplace_back(info.rule_prefix);
    }
    // The core's own findings about suppression comments.
    const auto& core_rules = suppression_rules();
    catalog.rules.insert(catalog.rules.end(), core_rules.begin(), core_rules.end());
    catalog.prefixes.emplace_back(k_core_rule_prefix);
    std::sort(catalog.rules.begin(), catalog.rules.end(),
              [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
    return catalog;
}

}  // namespace lifeline

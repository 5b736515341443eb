// F2B003 jail-ignoreip-replaces-default: a jail that sets ignoreip itself does not see
// [DEFAULT]'s, so every address listed only there can be banned by that jail.
#include <algorithm>

#include "rule.hpp"

namespace lifeline::f2b {

void check_ignoreip_replaces_default(RuleContext& ctx) {
    Lookup def = get(ctx.model.config.config, "DEFAULT", "ignoreip");
    if (!def.value || def.error) return;
    std::vector<std::string> defaults = split_words(*def.value);
    if (defaults.empty()) return;
    for (const JailView& view : ctx.model.jails) {
        const Jail& j = *view.jail;
        if (!j.enabled || !j.ignoreip_raw) continue;
        const SourceLocation& at = j.ignoreip_raw->origin;
        if (at.path == def.origin.path && at.line == def.origin.line) continue;  // inherited
        std::vector<std::string> lost;
        for (const std::string& word : defaults)
            if (std::find(j.ignoreip.begin(), j.ignoreip.end(), word) == j.ignoreip.end())
                lost.push_back(word);
        if (lost.empty()) continue;
        std::string list;
        for (const auto& w : lost) list += (list.empty() ? "" : " ") + w;
        Diagnostic& d = ctx.report(
            k_ignoreip_replaces_default, at,
            "ignoreip of " + jail_label(j) + " replaces [DEFAULT]'s: this jail can ban " + list,
            "keep the defaults: `ignoreip = %(known/ignoreip)s …` (or %(default/ignoreip)s)");
        SourceLocation def_at = def.origin;
        def_at.path = shown_path(ctx.host, def_at.path);
        d.related.push_back({def_at, "[DEFAULT]'s ignoreip"});
    }
}

}  // namespace lifeline::f2b

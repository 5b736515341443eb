// UFW012 unknown-app-profile: a tuple names an application profile that no file of
// /etc/ufw/applications.d defines (or that ufw skips as invalid).
#include "rule.hpp"

namespace lifeline::ufw {

void check_unknown_app_profile(RuleContext& ctx) {
    for (int family : {4, 6}) {
        const FamilyRules& fr = ctx.model.rules(family);
        for (const Tuple& t : fr.tuples.tuples) {
            for (const std::string* app : {&t.dapp, &t.sapp}) {
                if (app->empty() || ctx.model.profiles.find(*app)) continue;
                ctx.report(k_unknown_app_profile, fr.user.path, t.line, 1,
                           "this rule refers to application profile '" + *app +
                               "', which no file in /etc/ufw/applications.d defines: the ports "
                               "written under it stay enforced, and `ufw app update " +
                               *app +
                               "` fails (\"No rules found for application profile\"), so "
                               "they can never follow a changed profile",
                           "restore the profile, or replace the rule with a port rule");
            }
        }
    }
}

}  // namespace lifeline::ufw

// F2B004 lowercase-default-section: section names are case-sensitive, so `[default]` (or
// `[Default]`) is a jail of its own and its settings reach no other jail.
#include "rule.hpp"

namespace lifeline::f2b {

void check_lowercase_default(RuleContext& ctx) {
    for (const Section& s : ctx.model.config.config.sections) {
        if (s.name == "DEFAULT" || s.name.size() != 7) continue;
        std::string lower = s.name;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower != "default") continue;
        ctx.report(k_lowercase_default, s.origin,
                   "[" + s.name + "] is not [DEFAULT] (section names are case-sensitive): "
                   "fail2ban reads it as a jail named '" + s.name +
                       "', and its settings reach no other jail",
                   "rename the section to [DEFAULT]");
    }
}

}  // namespace lifeline::f2b

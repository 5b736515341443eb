// SSHD056 no-login-banner: Banner none (the default), globally or in a Match block's context
// (CIS: "Ensure sshd Banner is configured"). DevSec's sshd-46 expects none by default: this item
// is CIS's alone.
#include <string>

#include "hardening.hpp"
#include "keywords.hpp"

namespace lifeline::sshd {

void check_no_login_banner(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD056")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const StrOpt& banner = c.options.banner;
        // "none" read in a Match block stays as text until sshd opens the file: still no banner.
        bool none = !banner.v || iequals(*banner.v, "none");
        if (!none || !done.first(banner.from, c.global)) return;
        std::string head = banner.from ? "Banner none" : "Banner is not set (none)";
        ctx.report(rule, value_location(ctx, banner.from),
                   head + c.where +
                       ": no warning (authorised use only, activity monitored) is shown "
                       "before login",
                   "set Banner /etc/issue.net with your site's warning text");
    });
}

}  // namespace lifeline::sshd

// SSHD041 empty-passwords-permitted: PermitEmptyPasswords yes (CIS: "Ensure sshd
// PermitEmptyPasswords is disabled"; DevSec sshd-28), globally or in a Match block's context.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_empty_passwords_permitted(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD041")->info;
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& empty = c.options.permit_empty_passwd;
        if (empty.v != 1 || !done.first(empty.from, c.global)) return;
        ctx.report(rule, value_location(ctx, empty.from),
                   "PermitEmptyPasswords yes" + c.where +
                       ": an account whose password is empty logs in without any secret",
                   "set PermitEmptyPasswords no (the default)");
    });
}

}  // namespace lifeline::sshd

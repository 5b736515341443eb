// SSHD059 pam-disabled: UsePAM no (the compiled-in default; Debian's shipped sshd_config says
// yes) (CIS: "Ensure sshd UsePAM is enabled"). A global keyword.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_pam_disabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD059")->info;
    const IntOpt& pam = ctx.global().options().use_pam;
    if (pam.v != 0) return;
    std::string head = pam.from ? "UsePAM no" : "UsePAM is not set and defaults to no";
    ctx.report(rule, value_location(ctx, pam.from),
               head +
                   ": PAM's account and session checks (pam_faillock, pam_limits, "
                   "pam_access, expiry warnings) do not run for SSH logins",
               "set UsePAM yes, as Debian's shipped sshd_config does");
}

}  // namespace lifeline::sshd

// SSHD044 login-grace-time-long: LoginGraceTime 0 (no limit) or above 60 seconds (option `max`);
// the default is 120 (CIS: "Ensure sshd LoginGraceTime is configured"; DevSec sshd-18). A global
// keyword: one value for every connection.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_login_grace_time_long(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD044")->info;
    const long long max = int_option(ctx, rule, "max", 60);
    const IntOpt& grace = ctx.global().options().login_grace_time;
    if (grace.v < 0 || (grace.v > 0 && grace.v <= max)) return;
    std::string head = "LoginGraceTime is not set and defaults to 120 seconds";
    if (grace.from) {
        const std::string& written = grace.from->args.front().text;
        head = "LoginGraceTime " + written;
        if (grace.v != 0 && written != std::to_string(grace.v))
            head += " (" + std::to_string(grace.v) + " seconds)";
    }
    std::string risk = grace.v == 0 ? "unauthenticated connections are never timed out"
                                    : "unauthenticated connections may stay more than " +
                                          std::to_string(max) + " seconds";
    ctx.report(rule, value_location(ctx, grace.from),
               head + ": " + risk + ", each holding one of sshd's MaxStartups slots",
               "set LoginGraceTime " + std::to_string(max) + " or less (not 0)");
}

}  // namespace lifeline::sshd

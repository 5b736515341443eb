// SSHD055 user-environment-permitted: PermitUserEnvironment yes or a pattern list (CIS: "Ensure
// sshd PermitUserEnvironment is disabled"; DevSec sshd-17). A global keyword.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_user_environment_permitted(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD055")->info;
    const IntOpt& env = ctx.global().options().permit_user_env;
    if (env.v != 1 || !env.from) return;
    const std::string& value = env.from->args.front().text;
    std::string what = value == "yes" ? "any variable (LD_PRELOAD too)"
                                      : "the variables matching \"" + value + "\"";
    ctx.report(rule, *env.from,
               "PermitUserEnvironment " + value + ": users can set " + what +
                   " in ~/.ssh/environment and in environment= options of authorized_keys, which "
                   "can bypass access restrictions",
               "set PermitUserEnvironment no (the default)");
}

}  // namespace lifeline::sshd

// SSHD060 access-not-restricted: no AllowUsers, AllowGroups, DenyUsers or DenyGroups in the global
// context (CIS: "Ensure sshd access is configured"). The help names the declared logins' users,
// which the list must admit.
#include <algorithm>
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_access_not_restricted(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD060")->info;
    const ServerOptions& o = ctx.global().options();
    if (!o.allow_users.empty() || !o.allow_groups.empty() || !o.deny_users.empty() ||
        !o.deny_groups.empty())
        return;
    std::vector<std::string> users;
    for (const AccessIntent* login : ctx.declared_logins())
        if (std::find(users.begin(), users.end(), login->user) == users.end())
            users.push_back(login->user);
    std::string help = "name who may log in: AllowUsers or AllowGroups (e.g. a group of admins)";
    if (!users.empty()) help += "; the list must admit the declared logins' users: " + join(users);
    ctx.report(rule, value_location(ctx, nullptr),
               "no AllowUsers, AllowGroups, DenyUsers or DenyGroups: every account with a "
               "credential can log in over SSH, service accounts too",
               help);
}

}  // namespace lifeline::sshd

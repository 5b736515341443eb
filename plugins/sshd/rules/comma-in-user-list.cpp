// SSHD023 comma-in-user-list: AllowUsers/DenyUsers/AllowGroups/DenyGroups take entries separated
// by spaces; a comma in the user (or group) part makes one pattern no real name matches.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD023")->info;
}

}  // namespace

void check_comma_in_user_list(RuleContext& ctx) {
    for (const Directive& d : ctx.config.directives) {
        if (d.broken) continue;
        Op op = d.keyword->op;
        bool users = op == Op::allow_users || op == Op::deny_users;
        bool groups = op == Op::allow_groups || op == Op::deny_groups;
        if (!users && !groups) continue;
        for (size_t i = 0; i < d.args.size(); ++i) {
            std::string_view text = d.args[i].text;
            // Only the user part is a single pattern; after '@' comes a real pattern list.
            std::string_view name = users ? text.substr(0, text.find('@')) : text;
            if (name.find(',') == std::string_view::npos) continue;
            ctx.report(info(), d,
                       std::string(d.name()) + " entry \"" + std::string(text) +
                           "\" contains a comma: entries are separated by spaces, so this is one "
                           "pattern that no real " +
                           (users ? "user" : "group") + " name matches",
                       "write the names separated by spaces", int(i));
        }
    }
}

}  // namespace lifeline::sshd

// SSHD040 root-login-permitted: PermitRootLogin is not `no` (CIS: "Ensure sshd PermitRootLogin is
// disabled"), globally (the default is prohibit-password) or in a Match block's context. When root
// is a declared login that gets the value from the same place, `no` would lock it out: SSHD062.
#include <string>

#include "hardening.hpp"
#include "multistate.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD040")->info;
}

/// What the value lets root do.
std::string_view what_root_can_do(long long v) {
    switch (v) {
        case 3:
            return "root can log in with any method";
        case 1:
            return "root can log in with a key that has a forced command";
        default:
            return "root can log in with a key";
    }
}

}  // namespace

void check_root_login_permitted(RuleContext& ctx) {
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& root = c.options.permit_root_login;
        if (root.v == 0 || !done.first(root.from, c.global)) return;
        SourceLocation where = value_location(ctx, root.from);
        const AccessIntent* login =
            conflicting_login(ctx, [&](const AccessIntent& l, const ServerOptions& lo) {
                return l.user == "root" && lo.permit_root_login.from == root.from;
            });
        if (login) {
            report_conflict(ctx, info(), where, *login, "PermitRootLogin no" + c.where,
                            "keep root's login for that network only (" + match_for(*login) +
                                " with PermitRootLogin prohibit-password) and set "
                                "PermitRootLogin no elsewhere; or log in as a named user");
            return;
        }
        std::string value =
            root.from ? root.from->args.front().text : std::string("prohibit-password");
        std::string head = root.from ? "PermitRootLogin " + value
                                     : "PermitRootLogin is not set and defaults to " + value;
        ctx.report(info(), where,
                   head + c.where + ": " + std::string(what_root_can_do(root.v)) +
                       ", and root's name never has to be guessed",
                   "set PermitRootLogin no and log in as a named user who uses sudo");
    });
}

}  // namespace lifeline::sshd

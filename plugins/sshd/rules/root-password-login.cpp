// SSHD027 root-password-login: PermitRootLogin yes where a password method is open, globally or
// in a Match block's context. keyboard-interactive checks a password only through PAM on Linux.
// When root is a declared login with a password method and gets PermitRootLogin from the same
// line, prohibit-password would lock it out: SSHD062 instead.
#include <set>
#include <string>

#include "apply.hpp"
#include "hardening.hpp"
#include "multistate.hpp"
#include "rule.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD027")->info;
}

/// Which password methods `o` opens, as message text; empty when none.
std::string password_methods(const ServerOptions& o) {
    bool password = o.password_authentication.v == 1;
    bool kbd = o.kbd_interactive_authentication.v == 1 && o.use_pam.v == 1;
    if (password && kbd)
        return "PasswordAuthentication and KbdInteractiveAuthentication (with UsePAM yes) are "
               "enabled";
    if (password) return "PasswordAuthentication is enabled";
    if (kbd) return "KbdInteractiveAuthentication (with UsePAM yes) is enabled";
    return {};
}

/// Reports the PermitRootLogin line of context `o` once (`where` names a Match block or is
/// empty for the global context).
void check_context(RuleContext& ctx, const ServerOptions& o, const std::string& where,
                   std::set<const Directive*>& done) {
    const IntOpt& root = o.permit_root_login;
    if (root.v != multistate_value(k_root_login_states, "yes") || !root.from) return;
    std::string methods = password_methods(o);
    if (methods.empty() || !done.insert(root.from).second) return;
    const AccessIntent* login =
        conflicting_login(ctx, [&](const AccessIntent& l, const ServerOptions& lo) {
            return l.user == "root" && (l.auth == "password" || l.auth == "keyboard-interactive") &&
                   method_open(lo, l.auth) && lo.permit_root_login.from == root.from;
        });
    if (login) {
        report_conflict(ctx, info(), RuleContext::location(*root.from), *login,
                        "PermitRootLogin prohibit-password or no" + where,
                        "keep PermitRootLogin yes for that login only (" + match_for(*login) +
                            ") and use prohibit-password elsewhere; or give root a key and "
                            "change the declared login");
        return;
    }
    ctx.report(
        info(), *root.from,
        "root can log in with a password" + where + ": PermitRootLogin is yes and " + methods,
        "use PermitRootLogin prohibit-password (keys only) or no");
}

}  // namespace

void check_root_password_login(RuleContext& ctx) {
    std::set<const Directive*> done;
    check_context(ctx, ctx.global().options(), "", done);
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (!mb.valid || mb.is_all) continue;
        check_context(ctx, ctx.block_context(int(b)),
                      " for connections matching \"Match " + mb.text + "\"", done);
    }
}

}  // namespace lifeline::sshd

// SSHD061 kbd-interactive-enabled: KbdInteractiveAuthentication effectively yes (the compiled-in
// default; Debian's shipped sshd_config says no) with UsePAM yes, globally: PAM asks for the
// password (DevSec sshd-29, ChallengeResponseAuthentication no). When a declared login uses
// keyboard-interactive and gets it from the same place, turning it off would lock it out: SSHD062.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {

void check_kbd_interactive_enabled(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD061")->info;
    const ServerOptions& o = ctx.global().options();
    const IntOpt& kbd = o.kbd_interactive_authentication;
    if (kbd.v != 1 || o.use_pam.v != 1) return;
    SourceLocation where = value_location(ctx, kbd.from);
    const AccessIntent* login =
        conflicting_login(ctx, [&](const AccessIntent& l, const ServerOptions& lo) {
            return l.auth == "keyboard-interactive" && method_open(lo, l.auth) &&
                   lo.kbd_interactive_authentication.from == kbd.from;
        });
    if (login) {
        report_conflict(ctx, rule, where, *login, "KbdInteractiveAuthentication no",
                        "keep it for that login only (" + match_for(*login) +
                            " with KbdInteractiveAuthentication yes), then set it to no "
                            "globally; or give it a key and change the declared login");
        return;
    }
    std::string head = kbd.from ? kbd.from->written + " " + kbd.from->args.front().text
                                : "KbdInteractiveAuthentication is not set and defaults to yes";
    ctx.report(rule, where,
               head +
                   " with UsePAM yes: PAM asks for the password, so every account can be "
                   "attacked by password guessing even with PasswordAuthentication no",
               "set KbdInteractiveAuthentication no, as Debian's shipped sshd_config does");
}

}  // namespace lifeline::sshd

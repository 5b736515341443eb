// SSHD028 password-authentication-enabled: PasswordAuthentication effectively yes for every
// connection (the compiled-in default is yes). When a declared login uses a password and gets
// it from the same place, PasswordAuthentication no would lock it out: SSHD062 instead.
#include <algorithm>
#include <string>

#include "hardening.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD028")->info;
}

constexpr std::string_view k_risk = ": every account can be attacked by password guessing";
constexpr std::string_view k_help =
    "give every admin a key, then set PasswordAuthentication no in the file that wins";

/// False when global AuthenticationMethods lists leave password out entirely.
bool password_offered(const ServerOptions& o) {
    if (o.auth_methods.empty() || o.auth_methods.front().text == "any") return true;
    return std::any_of(o.auth_methods.begin(), o.auth_methods.end(), [](const Item& l) {
        std::string list = "," + l.text + ",";
        return list.find(",password,") != std::string::npos;
    });
}

}  // namespace

void check_password_authentication_enabled(RuleContext& ctx) {
    const ServerOptions& o = ctx.global().options();
    if (o.password_authentication.v != 1 || !password_offered(o)) return;
    const Directive* from = o.password_authentication.from;
    SourceLocation where = value_location(ctx, from, -1);
    const AccessIntent* login =
        conflicting_login(ctx, [&](const AccessIntent& l, const ServerOptions& lo) {
            return l.auth == "password" && method_open(lo, l.auth) &&
                   lo.password_authentication.from == from;
        });
    if (login) {
        report_conflict(ctx, info(), where, *login, "PasswordAuthentication no",
                        "keep passwords for that login only (" + match_for(*login) +
                            " with PasswordAuthentication yes), then set PasswordAuthentication "
                            "no globally; or give it a key and change the declared login");
        return;
    }
    if (from) {
        ctx.report(info(), *from, "PasswordAuthentication is yes" + std::string(k_risk),
                   std::string(k_help));
        return;
    }
    ctx.report(info(), where,
               "PasswordAuthentication is not set and defaults to yes" + std::string(k_risk),
               std::string(k_help));
}

}  // namespace lifeline::sshd

// SSHD038 locked-account-with-usepam-no: without PAM, sshd's own account check (auth.c
// allowed_user) refuses an account whose shadow password starts with '!', even with a valid key.
#include <string>

#include "access/credentials.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD038")->info;
}

constexpr size_t k_names_shown = 5;
constexpr long long k_permit_root_no = 0;  // PERMIT_NO

bool has_login_shell(const User& u) {
    std::string_view sh = u.shell;
    auto ends = [&](std::string_view s) {
        return sh.size() >= s.size() && sh.substr(sh.size() - s.size()) == s;
    };
    return !(ends("nologin") || ends("/false") || sh == "false");
}

}  // namespace

void check_locked_account_with_usepam_no(RuleContext& ctx) {
    const ServerOptions& o = ctx.global().options();
    if (o.use_pam.v != 0) return;
    if (!ctx.host.fs().stat(ctx.host.path("/etc/shadow"))) return;
    std::string names;
    size_t locked = 0;
    for (const User& u : ctx.users().users()) {
        if (!has_login_shell(u)) continue;
        if (u.uid == 0 && o.permit_root_login.v == k_permit_root_no) continue;  // refused anyway
        auto password = shadow_password(ctx.host, u.name);
        if (!password || password->empty() || password->front() != '!') continue;
        if (locked++ < k_names_shown) names += (names.empty() ? "" : ", ") + u.name;
    }
    if (locked == 0) return;
    if (locked > k_names_shown) names += ", ...";
    std::string message =
        std::string(o.use_pam.from ? "UsePAM is no" : "UsePAM is not set (sshd's default is no)") +
        ", so sshd refuses locked accounts even with a valid key; locked in /etc/shadow "
        "(password starting with '!'): " +
        names;
    std::string help =
        "set UsePAM yes (as Debian's sshd_config does), or give key-only accounts the password "
        "'*' instead of a locked one (usermod -p '*' USER)";
    if (o.use_pam.from) return ctx.report(info(), *o.use_pam.from, message, help);
    ctx.report(info(), SourceLocation{ctx.config.main_path, 1, 1, 0, 0}, message, help);
}

}  // namespace lifeline::sshd

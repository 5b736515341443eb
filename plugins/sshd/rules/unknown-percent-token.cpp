// SSHD031 unknown-percent-token: AuthorizedKeysFile, AuthorizedPrincipalsFile and
// ChrootDirectory expand only %%, %h, %u and %U. sshd -t does not check; at login the
// expansion fails and sshd drops the connection.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD031")->info;
}

bool checked(Op op) {
    return op == Op::authorized_keys_file || op == Op::authorized_principals_file ||
           op == Op::chroot_directory;
}

/// A global line that lost to an earlier one is never expanded; Match lines are kept (the
/// block decides for its connections).
bool takes_effect(RuleContext& ctx, const Directive& d) {
    if (d.block >= 0) return true;
    for (const Directive* s : ctx.global().get(d.keyword->name).sources)
        if (s == &d) return true;
    return false;
}

void check_arg(RuleContext& ctx, const Directive& d, const Arg& a) {
    const std::string& t = a.text;
    // Columns inside the token are exact only when it was written without quotes or escapes.
    bool plain = a.end_column - a.column == int(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] != '%') continue;
        if (i + 1 < t.size() &&
            (t[i + 1] == '%' || t[i + 1] == 'h' || t[i + 1] == 'u' || t[i + 1] == 'U')) {
            ++i;
            continue;
        }
        std::string token = i + 1 < t.size() ? t.substr(i, 2) : "%";
        std::string what = i + 1 < t.size() ? "unknown token " + token : "a lone % at the end";
        SourceLocation where{d.path(), d.line, plain ? a.column + int(i) : a.column, 0, 0};
        ctx.report(info(), where,
                   std::string(d.name()) + " uses " + what +
                       ": only %%, %h, %u and %U are expanded here; sshd -t accepts it but every "
                       "login that expands it fails",
                   "use %h (home), %u (user), %U (uid) or %% (a literal %)");
        return;  // sshd stops at the first bad token
    }
}

}  // namespace

void check_unknown_percent_token(RuleContext& ctx) {
    for (const Directive& d : ctx.config.directives) {
        if (d.broken || !checked(d.keyword->op) || !takes_effect(ctx, d)) continue;
        for (const Arg& a : d.args) check_arg(ctx, d, a);
    }
}

}  // namespace lifeline::sshd

// SSHD025 no-usable-auth-method: a context (global, or a Match block's) in which no
// authentication method can succeed. keyboard-interactive needs PAM on Linux: without UsePAM
// sshd has no keyboard-interactive device.
#include <algorithm>
#include <string>

#include "apply.hpp"
#include "rule.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD025")->info;
}

constexpr std::string_view k_all_disabled =
    "publickey, password, keyboard-interactive, hostbased and gssapi-with-mic are all disabled";
constexpr std::string_view k_lists_disabled =
    "every AuthenticationMethods list needs a disabled method";
constexpr std::string_view k_needs_pam = " (keyboard-interactive needs UsePAM yes)";

/// Whether `method` can succeed in `o`; `pam_only` is set when only the missing PAM stops it.
bool usable(const ServerOptions& o, std::string_view method, bool& pam_only) {
    if (!auth_method_enabled(o, method)) return false;
    if (method != "keyboard-interactive" || o.use_pam.v == 1) return true;
    pam_only = true;
    return false;
}

/// True when `ok(method)` holds for every method of the comma-separated `list`.
template <class Pred>
bool all_methods(const std::string& list, Pred ok) {
    size_t pos = 0;
    for (;;) {
        size_t comma = list.find(',', pos);
        std::string entry = list.substr(pos, comma - pos);
        if (!ok(entry.substr(0, entry.find(':')))) return false;  // keyboard-interactive:pam
        if (comma == std::string::npos) return true;
        pos = comma + 1;
    }
}

/// Empty when some method can succeed in `o`, else why none can.
std::string why_unusable(const ServerOptions& o) {
    bool pam_only = false;
    bool any = o.auth_methods.empty() || o.auth_methods.front().text == "any";
    if (any) {
        for (auto m :
             {"publickey", "password", "keyboard-interactive", "hostbased", "gssapi-with-mic"})
            if (usable(o, m, pam_only)) return {};
        return std::string(k_all_disabled) + (pam_only ? std::string(k_needs_pam) : "");
    }
    for (const Item& list : o.auth_methods)
        if (all_methods(list.text, [&](const std::string& m) { return usable(o, m, pam_only); }))
            return {};
    return std::string(k_lists_disabled) + (pam_only ? std::string(k_needs_pam) : "");
}

/// The global finding's anchor: the latest line (in processing order) that switched off a
/// method, or the AuthenticationMethods line when lists decide.
const Directive* global_anchor(RuleContext& ctx, const ServerOptions& o) {
    if (!o.auth_methods.empty() && o.auth_methods.front().text != "any")
        return o.auth_methods.front().from;
    const Directive* last = nullptr;
    const Directive* base = ctx.config.directives.data();
    for (const IntOpt* v :
         {&o.pubkey_authentication, &o.password_authentication, &o.kbd_interactive_authentication,
          &o.use_pam, &o.hostbased_authentication, &o.gss_authentication})
        if (v->from && (!last || v->from - base > last - base)) last = v->from;
    return last;
}

/// sshd itself refuses to start when no global list consists of enabled methods (SSHD008).
bool sshd_refuses_to_start(const ServerOptions& o) {
    if (o.auth_methods.empty() || o.auth_methods.front().text == "any") return false;
    return std::none_of(o.auth_methods.begin(), o.auth_methods.end(), [&](const Item& l) {
        return all_methods(l.text, [&](const std::string& m) { return auth_method_enabled(o, m); });
    });
}

}  // namespace

void check_no_usable_auth_method(RuleContext& ctx) {
    const ServerOptions& global = ctx.global().options();
    if (std::string why = why_unusable(global); !why.empty()) {
        if (sshd_refuses_to_start(global)) return;
        if (const Directive* at = global_anchor(ctx, global)) {
            ctx.report(info(), *at, "no authentication method is usable: " + why,
                       "leave at least one authentication method enabled");
        } else {
            ctx.report(info(), SourceLocation{ctx.config.main_path, 1, 1, 0, 0},
                       "no authentication method is usable: " + why,
                       "leave at least one authentication method enabled");
        }
        return;  // every Match context starts from this one: report it once
    }
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (!mb.valid || mb.is_all || mb.directive < 0) continue;
        std::string why = why_unusable(ctx.block_context(int(b)));
        if (why.empty()) continue;
        ctx.report(info(), ctx.config.directives[size_t(mb.directive)],
                   "no authentication method is usable for connections matching \"Match " +
                       mb.text + "\": " + why,
                   "leave at least one authentication method enabled in this block");
    }
}

}  // namespace lifeline::sshd

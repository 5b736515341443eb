// SSHD024 match-auth-method-disabled: an AuthenticationMethods list in a Match block that needs
// a method disabled in that block's context. sshd checks only the global lists at startup; in a
// Match block it skips such a list at login ("contains disabled method, skipping").
#include <string>

#include "apply.hpp"
#include "rule.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD024")->info;
}

/// The keyword that enables `method` and its value in `o`.
const IntOpt* method_switch(const ServerOptions& o, std::string_view method, std::string_view& kw) {
    if (method == "publickey") return kw = "PubkeyAuthentication", &o.pubkey_authentication;
    if (method == "password") return kw = "PasswordAuthentication", &o.password_authentication;
    if (method == "keyboard-interactive")
        return kw = "KbdInteractiveAuthentication", &o.kbd_interactive_authentication;
    if (method == "hostbased") return kw = "HostbasedAuthentication", &o.hostbased_authentication;
    if (method == "gssapi-with-mic") return kw = "GSSAPIAuthentication", &o.gss_authentication;
    return nullptr;
}

/// Reports `list` when one of its methods is disabled in `o`.
void check_list(RuleContext& ctx, const Directive& d, const ServerOptions& o,
                const std::string& list) {
    size_t pos = 0;
    while (pos <= list.size()) {
        size_t comma = list.find(',', pos);
        std::string entry = list.substr(pos, comma - pos);
        std::string method = entry.substr(0, entry.find(':'));  // keyboard-interactive:pam
        std::string_view kw;
        const IntOpt* sw = method_switch(o, method, kw);
        if (sw && !auth_method_enabled(o, method)) {
            ctx.report(info(), d,
                       "AuthenticationMethods list \"" + list + "\" needs " + method +
                           ", which is disabled in this Match block's context (" + std::string(kw) +
                           " no): sshd skips the list at login",
                       "enable " + std::string(kw) + " in this block, or drop the list");
            if (sw->from)
                ctx.out.items().back().related.push_back(
                    {{sw->from->path(), sw->from->line, sw->from->column, 0, 0}, "disabled here"});
            return;
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
}

}  // namespace

void check_match_auth_method_disabled(RuleContext& ctx) {
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (!mb.valid || mb.is_all) continue;
        ServerOptions o = ctx.block_context(int(b));
        if (o.auth_methods.empty() || !o.auth_methods.front().from) continue;
        const Directive& d = *o.auth_methods.front().from;
        if (d.block != int(b)) continue;  // set globally or by another block: not this block's
        for (const Item& list : o.auth_methods)
            if (list.text != "any") check_list(ctx, d, o, list.text);
    }
}

}  // namespace lifeline::sshd

#include "hardening.hpp"

#include <charconv>

#include "keywords.hpp"
#include "lifeline/net.hpp"

namespace lifeline::sshd {

void for_each_context(RuleContext& ctx, const std::function<void(const HardeningContext&)>& check) {
    check(HardeningContext{ctx.global().options(), "", true});
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) {
        const MatchBlock& mb = ctx.config.blocks[b];
        if (!mb.valid || mb.is_all) continue;
        ServerOptions o = ctx.block_context(int(b));
        check(HardeningContext{o, " for connections matching \"Match " + mb.text + "\"", false});
    }
}

bool ReportedPlaces::first(const Directive* from, bool global) {
    if (!from) {
        if (!global || m_default) return false;
        return m_default = true;
    }
    return m_seen.insert(from).second;
}

SourceLocation value_location(RuleContext& ctx, const Directive* from, int arg) {
    if (from) return RuleContext::location(*from, arg);
    return SourceLocation{ctx.config.main_path, 1, 1, 0, 0};
}

long long int_option(RuleContext& ctx, const RuleInfo& rule, std::string_view name,
                     long long fallback) {
    std::string text = ctx.option(rule.id, name, "");
    if (text.empty()) return fallback;
    long long v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size() && v >= 1) return v;
    ctx.report(rule, value_location(ctx, nullptr),
               "policy option " + std::string(rule.id) + "." + std::string(name) + " is '" + text +
                   "', not a whole number of at least 1: the default " + std::to_string(fallback) +
                   " is used",
               "fix `rules: {" + std::string(rule.id) + ": {options: {" + std::string(name) +
                   ": N}}}` in the policy");
    return fallback;
}

std::vector<std::string> list_option(RuleContext& ctx, const RuleInfo& rule, std::string_view name,
                                     std::string_view fallback) {
    std::string text = ctx.option(rule.id, name, fallback);
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find(',', start);
        if (comma == std::string::npos) comma = text.size();
        std::string item = text.substr(start, comma - start);
        size_t b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
        start = comma + 1;
    }
    return out;
}

const AccessIntent* conflicting_login(
    RuleContext& ctx,
    const std::function<bool(const AccessIntent&, const ServerOptions&)>& locked_out) {
    for (const AccessIntent* login : ctx.declared_logins())
        if (locked_out(*login, ctx.login_options(*login))) return login;
    return nullptr;
}

bool method_open(const ServerOptions& o, std::string_view auth) {
    if (auth == "password") return o.password_authentication.v == 1;
    if (auth == "keyboard-interactive")
        return o.kbd_interactive_authentication.v == 1 && o.use_pam.v == 1;
    if (auth == "publickey") return o.pubkey_authentication.v == 1;
    return true;
}

std::string match_for(const AccessIntent& login) {
    std::string m = "Match User " + login.user;
    if (login.sources.prefix != 0) m += " Address " + net::format_network(login.sources);
    return m;
}

void report_conflict(RuleContext& ctx, const RuleInfo& rule, const SourceLocation& where,
                     const AccessIntent& login, std::string_view fix, std::string help) {
    const RuleInfo& conflict = find_rule("SSHD062")->info;
    bool from_policy = !login.origin.path.empty();
    std::string label = (from_policy ? "must_login " : "--access ") + login.text;
    if (!login.auth.empty()) label += " (auth " + login.auth + ")";
    Diagnostic& d = ctx.report(conflict, where,
                               "conflict with " + label + ": " + std::string(rule.id) + " " +
                                   std::string(rule.slug) + " asks for " + std::string(fix) +
                                   ", which would lock that login out, so it is not enforced",
                               std::move(help));
    if (from_policy) d.related.push_back({login.origin, "the must_login entry"});
}

void check_weak_algorithms(RuleContext& ctx, const RuleInfo& rule, std::string_view keyword,
                           const StrOpt& value, std::string_view noun,
                           std::string_view default_weak) {
    if (!value.v) return;
    std::vector<std::string> weak = list_option(ctx, rule, "weak", default_weak);
    std::vector<std::string> found;
    size_t start = 0;
    const std::string& list = *value.v;
    while (start < list.size()) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string name = list.substr(start, comma - start);
        for (const auto& w : weak)
            if (iequals(w, name)) found.push_back(name);
        start = comma + 1;
    }
    if (found.empty()) return;
    std::string kw(keyword);
    std::string head = value.from
                           ? kw + " allows weak " + std::string(noun)
                           : kw + " is not set and the default list has weak " + std::string(noun);
    std::string removal;
    for (const auto& f : found) removal += (removal.empty() ? "" : ",") + f;
    ctx.report(rule, value_location(ctx, value.from), head + ": " + join(found),
               "list only strong ones, or take these out of the default list with `" + kw + " -" +
                   removal + "`");
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

}  // namespace lifeline::sshd

// SSHD034 allow-lists-admit-nobody: no account with a login shell passes the global DenyUsers,
// AllowUsers, DenyGroups and AllowGroups lists (sshd's allowed_user order), so nobody can log in.
#include <string>

#include "match.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD034")->info;
}

constexpr size_t k_names_shown = 5;

bool has_login_shell(const User& u) {
    std::string_view sh = u.shell;
    auto ends = [&](std::string_view s) {
        return sh.size() >= s.size() && sh.substr(sh.size() - s.size()) == s;
    };
    return !(ends("nologin") || ends("/false") || sh == "false");
}

/// The user part of `entry` matches `name`; `certain` is false for `user@host` entries, which
/// match only from some hosts.
bool user_entry_matches(std::string_view entry, const std::string& name, bool& certain) {
    size_t at = entry.find('@');
    certain = at == std::string_view::npos;
    return match_pattern(name, entry.substr(0, at));
}

bool any_group_matches(const std::vector<std::string>& groups, const ListOpt& patterns) {
    for (const Item& p : patterns)
        for (const std::string& g : groups)
            if (match_pattern(g, p.text)) return true;
    return false;
}

/// Whether `u` may pass the lists from some host (user@host entries count as possible
/// matches in AllowUsers and as non-matches in DenyUsers).
bool may_pass(const ServerOptions& o, const UserDb& db, const User& u) {
    bool certain = false;
    for (const Item& p : o.deny_users)
        if (user_entry_matches(p.text, u.name, certain) && certain) return false;
    if (!o.allow_users.empty()) {
        bool listed = false;
        for (const Item& p : o.allow_users)
            listed = listed || user_entry_matches(p.text, u.name, certain);
        if (!listed) return false;
    }
    if (o.allow_groups.empty() && o.deny_groups.empty()) return true;
    std::vector<std::string> groups = db.groups_of(u.name);
    if (groups.empty() || any_group_matches(groups, o.deny_groups)) return false;
    return o.allow_groups.empty() || any_group_matches(groups, o.allow_groups);
}

/// The first AllowUsers/AllowGroups line in processing order (else the first Deny line).
const Directive* anchor(RuleContext& ctx, const ServerOptions& o) {
    const Directive* best = nullptr;
    const Directive* base = ctx.config.directives.data();
    for (const ListOpt* l : {&o.allow_users, &o.allow_groups})
        if (!l->empty() && l->front().from && (!best || l->front().from - base < best - base))
            best = l->front().from;
    if (best) return best;
    for (const ListOpt* l : {&o.deny_users, &o.deny_groups})
        if (!l->empty() && l->front().from && (!best || l->front().from - base < best - base))
            best = l->front().from;
    return best;
}

}  // namespace

void check_allow_lists_admit_nobody(RuleContext& ctx) {
    const UserDb& db = ctx.users();
    const ServerOptions& o = ctx.global().options();
    if (db.users().empty()) return;
    if (o.allow_users.empty() && o.deny_users.empty() && o.allow_groups.empty() &&
        o.deny_groups.empty())
        return;
    std::string names;
    size_t shown = 0, candidates = 0;
    for (const User& u : db.users()) {
        if (!has_login_shell(u)) continue;
        if (may_pass(o, db, u)) return;
        ++candidates;
        if (shown++ < k_names_shown) names += (names.empty() ? "" : ", ") + u.name;
    }
    if (candidates == 0) return;  // no login account at all: not the lists' doing
    if (candidates > k_names_shown) names += ", ...";
    const Directive* at = anchor(ctx, o);
    if (!at) return;
    ctx.report(info(), *at,
               "no account with a login shell passes DenyUsers, AllowUsers, DenyGroups and "
               "AllowGroups: nobody can log in over SSH (accounts checked: " +
                   names + ")",
               "add the admins' user or group to the allow list");
}

}  // namespace lifeline::sshd

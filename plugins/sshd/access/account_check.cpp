#include "access/account_check.hpp"

#include "access/credentials.hpp"
#include "match.hpp"

namespace lifeline::sshd {
namespace {

/// The first entry of `keyword` that matches the user, or nullptr; -1 in `invalid` on a pattern
/// sshd would reject at run time.
const Item* first_user_match(const ListOpt& list, const User& user, const std::string& address) {
    for (const auto& item : list) {
        if (match_user(&user.name, &address, &address, item.text) != 0) return &item;
    }
    return nullptr;
}

const Item* first_group_match(const ListOpt& list, const std::vector<std::string>& groups,
                              std::string* which) {
    for (const auto& item : list) {
        for (const auto& g : groups) {
            if (match_pattern(g, item.text)) {
                *which = g;
                return &item;
            }
        }
    }
    return nullptr;
}

void check_lists(const User& user, const std::string& address, Host& host, const Effective& eff,
                 Walk& walk) {
    const ServerOptions& o = eff.options();
    if (const Item* hit = first_user_match(o.deny_users, user, address)) {
        walk.step(hit->from, "DenyUsers entry '" + hit->text + "' matches");
        return walk.deny(user.name + " is listed in DenyUsers");
    }
    if (!o.allow_users.empty()) {
        const Item* hit = first_user_match(o.allow_users, user, address);
        if (!hit) {
            walk.step(o.allow_users.front().from, "no AllowUsers entry matches " + user.name +
                                                      " from " + address);
            return walk.deny(user.name + " is not listed in AllowUsers");
        }
        walk.step(hit->from, "AllowUsers entry '" + hit->text + "' matches");
    }
    if (o.deny_groups.empty() && o.allow_groups.empty()) return;
    std::vector<std::string> groups = host.users().groups_of(user.name);
    if (groups.empty()) return walk.deny(user.name + " is in no group (Allow/DenyGroups are set)");
    std::string group;
    if (const Item* hit = first_group_match(o.deny_groups, groups, &group)) {
        walk.step(hit->from, "DenyGroups entry '" + hit->text + "' matches group " + group);
        return walk.deny(user.name + "'s group " + group + " is listed in DenyGroups");
    }
    if (!o.allow_groups.empty()) {
        const Item* hit = first_group_match(o.allow_groups, groups, &group);
        if (!hit) {
            std::string list;
            for (const auto& g : groups) list += (list.empty() ? "" : ",") + g;
            walk.step(o.allow_groups.front().from, "no AllowGroups entry matches groups " + list);
            return walk.deny("none of " + user.name + "'s groups is listed in AllowGroups");
        }
        walk.step(hit->from, "AllowGroups entry '" + hit->text + "' matches group " + group);
    }
}

}  // namespace

void check_account(const User& user, const std::string& address, Host& host,
                   const Effective& eff, Walk& walk) {
    walk.step(user.passwd_path, user.line, user.name + ":…:" + user.home + ":" + user.shell,
              "account");
    const Setting& pam = eff.get("UsePAM");
    if (!pam.values.empty() && pam.values.front() == "no") {
        auto shadow = shadow_password(host, user.name);
        if (shadow && !shadow->empty() && shadow->front() == '!') {
            walk.step(pam.from, "UsePAM no: sshd refuses locked accounts, even with a key",
                      "UsePAM no");
            return walk.deny(user.name + "'s account is locked (password starts with '!') and "
                                         "UsePAM is no");
        }
    }
    const Setting& chroot = eff.get("ChrootDirectory");
    bool chrooted = !chroot.values.empty() && chroot.values.front() != "none";
    if (!chrooted) {
        ShellCheck shell = check_shell(host, user);
        using State = ShellCheck::State;
        if (shell.state == State::refused) return walk.deny(shell.detail + ": sshd refuses the login");
        if (shell.state == State::unchecked) walk.fact("shell", shell.detail);
        if (shell.state == State::no_session) {
            const Setting& force = eff.get("ForceCommand");
            bool forced = !force.values.empty() && force.values.front() != "none";
            if (!forced) return walk.deny(shell.detail + " (no ForceCommand): no usable session");
        }
    }
    check_lists(user, address, host, eff, walk);
}

}  // namespace lifeline::sshd

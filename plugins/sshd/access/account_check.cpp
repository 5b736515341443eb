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
    check_user_lists(user.name, address, eff, walk);
    if (walk.done()) return;
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

void check_user_lists(const std::string& name, const std::string& address, const Effective& eff,
                      Walk& walk) {
    User user;
    user.name = name;
    const ServerOptions& o = eff.options();
    if (o.deny_users.empty() && o.allow_users.empty()) return;
    if (const Item* hit = first_user_match(o.deny_users, user, address)) {
        walk.step(hit->from, "DenyUsers entry '" + hit->text + "' matches");
        return walk.deny(name + " is listed in DenyUsers");
    }
    if (!o.allow_users.empty()) {
        const Item* hit = first_user_match(o.allow_users, user, address);
        if (!hit) {
            walk.step(o.allow_users.front().from,
                      "no AllowUsers entry matches " + name + " from " + address);
            return walk.deny(name + " is not listed in AllowUsers");
        }
        walk.step(hit->from, "AllowUsers entry '" + hit->text + "' matches");
    }
}

void check_account(const User& user, const std::string& address, Host& host,
                   const Effective& eff, long today, const ShellCheck& shell, Walk& walk) {
    walk.step(user.passwd_path, user.line, user.name + ":…:" + user.home + ":" + user.shell,
              "account");
    auto shadow = shadow_entry(host, user.name);
    if (shadow && shadow->expire && *shadow->expire >= 0 && today >= *shadow->expire) {
        // pam_unix (UsePAM yes) and sshd itself (UsePAM no) both refuse expired accounts.
        return walk.deny(user.name + "'s account expired (etc/shadow expire day " +
                         std::to_string(*shadow->expire) + ")");
    }
    const Setting& pam = eff.get("UsePAM");
    if (!pam.values.empty() && pam.values.front() == "no" && shadow &&
        !shadow->password.empty() && shadow->password.front() == '!') {
        walk.step(pam.from, "UsePAM no: sshd refuses locked accounts, even with a key", "UsePAM no");
        return walk.deny(user.name +
                         "'s account is locked (password starts with '!') and UsePAM is no");
    }
    const Setting& chroot = eff.get("ChrootDirectory");
    bool chrooted = !chroot.values.empty() && chroot.values.front() != "none";
    if (!chrooted) {
        if (shell.state == ShellCheck::State::refused)
            return walk.deny(shell.detail + ": sshd refuses the login");
    }
    check_lists(user, address, host, eff, walk);
}

void check_session(const User& user, Host& host, const Effective& eff, long today,
                   const ShellCheck& shell, Walk& walk) {
    const Setting& max_sessions = eff.get("MaxSessions");
    if (!max_sessions.values.empty() && max_sessions.values.front() == "0") {
        walk.step(max_sessions.from, "no session may open", "MaxSessions 0");
        return walk.deny("MaxSessions 0: authentication succeeds but no session can open");
    }
    auto shadow = shadow_entry(host, user.name);
    if (shadow && shadow->last_change) {
        bool forced = *shadow->last_change == 0;
        bool aged = shadow->max_days && *shadow->max_days >= 0 && *shadow->max_days < 99999 &&
                    today > *shadow->last_change + *shadow->max_days;
        if (forced || aged)
            return walk.deny(user.name + " must change the password first (etc/shadow " +
                             (forced ? "last change day 0" : "password aged out") +
                             "): a login without a TTY fails");
    }
    const Setting& chroot = eff.get("ChrootDirectory");
    if (!chroot.values.empty() && chroot.values.front() != "none") return;
    const Setting& force = eff.get("ForceCommand");
    std::string forced = force.values.empty() ? "none" : force.values.front();
    if (forced == "internal-sftp" || forced.rfind("internal-sftp ", 0) == 0) {
        walk.step(force.from, "sessions run sftp inside sshd, without the login shell");
        walk.fact("session", "sftp only (ForceCommand internal-sftp)");
        return;
    }
    using State = ShellCheck::State;
    if (shell.state == State::unchecked) walk.fact("shell", shell.detail);
    if (shell.state == State::no_session) {
        if (forced != "none") walk.step(force.from, "the forced command runs through the shell");
        return walk.deny(shell.detail + ": no usable session");
    }
}

}  // namespace lifeline::sshd

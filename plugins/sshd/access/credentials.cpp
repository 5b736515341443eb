#include "access/credentials.hpp"

#include <charconv>

namespace lifeline::sshd {

std::optional<std::string> expand_authorized_keys_path(std::string_view pattern, const User& user,
                                                       char* bad_token) {
    std::string out;
    for (size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c != '%') {
            out += c;
            continue;
        }
        if (i + 1 >= pattern.size()) {
            if (bad_token) *bad_token = '\0';
            return std::nullopt;
        }
        char t = pattern[++i];
        switch (t) {
            case '%': out += '%'; break;
            case 'h': out += user.home; break;
            case 'u': out += user.name; break;
            case 'U': out += std::to_string(user.uid); break;
            default:
                if (bad_token) *bad_token = t;
                return std::nullopt;
        }
    }
    if (out.empty() || out.front() != '/') {
        std::string home = user.home;
        if (home.empty() || home.back() != '/') home += '/';
        out = home + out;
    }
    return out;
}

namespace {

/// Counts key lines, and those carrying a `command="…"` option, in one pass.
void count_keys(std::string_view text, KeyFileCheck& check) {
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        size_t i = line.find_first_not_of(" \t\r");
        if (i != std::string_view::npos && line[i] != '#') {
            ++check.keys;
            if (line.find("command=\"") != std::string_view::npos) ++check.forced_keys;
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
}

std::string parent(const std::string& p) {
    auto slash = p.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
}

/// Debian's "harmless group-writability": the file's group must exist and have exactly the user
/// as member, counting users whose primary group it is and the group's member list.
bool private_group(Host& host, unsigned gid, const User& user) {
    const UserDb& db = host.users();
    const Group* g = db.find_group_by_gid(gid);
    if (!g) return false;
    int members = 0;
    for (const auto& u : db.users()) {
        if (u.gid != gid) continue;
        if (u.uid != user.uid) return false;
        ++members;
    }
    if (!g->members.empty()) {
        if (g->members.size() > 1 || g->members.front() != user.name) return false;
        ++members;
    }
    return members > 0;
}

}  // namespace

KeyFileCheck check_key_file(Host& host, const std::string& host_path, const User& user,
                            bool strict_modes) {
    KeyFileCheck check;
    check.host_path = host_path;
    check.real_path = host.path(host_path);
    auto st = host.fs().stat(check.real_path);
    if (!st || st->type != sys::FileStat::Type::regular) return check;
    check.exists = true;
    auto text = host.fs().read(check.real_path);
    if (!text.text) {
        check.problem = "cannot be read: " + text.error;
        return check;
    }
    count_keys(*text.text, check);
    if (!strict_modes) return check;
    // A host tree checked out from git belongs to whoever cloned it: owners there say nothing
    // about the host, so a file owned by the tree's own owner is not held against the user.
    auto tree_owner = host.fs().stat(host.root());
    bool live = host.root() == "/";
    // sshd's secure_filename(): the file and every directory up to the home directory must not
    // be writable by others, nor by a group other than the user's private one (Debian's patch),
    // and must be owned by the user or root.
    std::string path = host_path;
    for (int guard = 0; guard < 64; ++guard) {
        auto s = host.fs().stat(host.path(path));
        if (!s) break;
        if ((s->mode & 002) || ((s->mode & 020) && !private_group(host, s->gid, user))) {
            check.problem = path + " is writable by group or others (StrictModes refuses the keys)";
            return check;
        }
        bool recorded = live || !tree_owner || s->uid != tree_owner->uid;
        if (recorded && s->uid != 0 && s->uid != user.uid) {
            check.problem = path + " is owned by uid " + std::to_string(s->uid) +
                            " (StrictModes wants " + user.name + " or root)";
            return check;
        }
        if (path == user.home || path == "/") break;
        path = parent(path);
    }
    return check;
}

ShellCheck check_shell(Host& host, const User& user) {
    using State = ShellCheck::State;
    std::string shell = user.shell.empty() ? "/bin/sh" : user.shell;
    auto st = host.fs().stat(host.path(shell));
    if (!st) {
        if (!host.fs().stat(host.path(parent(shell))))
            return {State::unchecked, "login shell " + shell + " not checked: the host tree has no " +
                                          parent(shell)};
        return {State::refused, "login shell " + shell + " does not exist"};
    }
    if (st->type != sys::FileStat::Type::regular)
        return {State::refused, "login shell " + shell + " is not a file"};
    if ((st->mode & 0111) == 0) return {State::refused, "login shell " + shell + " is not executable"};
    auto ends_with = [&](std::string_view suffix) {
        return shell.size() >= suffix.size() &&
               shell.compare(shell.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (ends_with("/nologin") || ends_with("/false"))
        return {State::no_session, "login shell " + shell + " ends every session at once"};
    return {State::ok, "login shell " + shell};
}

namespace {

std::optional<long> day_field(std::string_view f) {
    long v = 0;
    auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (f.empty() || ec != std::errc() || p != f.data() + f.size()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<ShadowEntry> shadow_entry(Host& host, std::string_view user) {
    // Through Host::load, so the several checks of one login read the file once.
    const SourceFile* shadow = host.load("/etc/shadow");
    if (!shadow) return std::nullopt;
    std::string_view text = shadow->text();
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        std::vector<std::string_view> f;
        for (size_t start = 0;;) {
            size_t colon = line.find(':', start);
            f.push_back(line.substr(start, colon - start));
            if (colon == std::string_view::npos) break;
            start = colon + 1;
        }
        if (f.size() >= 2 && f[0] == user) {
            ShadowEntry e;
            e.password = std::string(f[1]);
            if (f.size() > 2) e.last_change = day_field(f[2]);
            if (f.size() > 4) e.max_days = day_field(f[4]);
            if (f.size() > 7) e.expire = day_field(f[7]);
            return e;
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return std::nullopt;
}

std::optional<std::string> shadow_password(Host& host, std::string_view user) {
    auto e = shadow_entry(host, user);
    if (!e) return std::nullopt;
    return e->password;
}

}  // namespace lifeline::sshd

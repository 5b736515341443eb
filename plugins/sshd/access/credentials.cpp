#include "access/credentials.hpp"

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

int count_keys(std::string_view text) {
    int keys = 0;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        size_t i = line.find_first_not_of(" \t\r");
        if (i != std::string_view::npos && line[i] != '#') ++keys;
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return keys;
}

std::string parent(const std::string& p) {
    auto slash = p.find_last_of('/');
    return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
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
    check.keys = count_keys(*text.text);
    if (!strict_modes) return check;
    bool live = host.root() == "/";
    // sshd's secure_filename(): the file and every directory up to the home directory must not
    // be writable by group or others, and must be owned by the user or root.
    std::string path = host_path;
    for (int guard = 0; guard < 64; ++guard) {
        auto s = host.fs().stat(host.path(path));
        if (!s) break;
        if (s->mode & 022) {
            check.problem = path + " is writable by group or others (StrictModes refuses the keys)";
            return check;
        }
        if (live && s->uid != 0 && s->uid != user.uid) {
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

std::optional<std::string> shadow_password(Host& host, std::string_view user) {
    auto r = host.fs().read(host.path("/etc/shadow"));
    if (!r.text) return std::nullopt;
    std::string_view text = *r.text;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        size_t colon = line.find(':');
        if (colon != std::string_view::npos && line.substr(0, colon) == user) {
            std::string_view rest = line.substr(colon + 1);
            return std::string(rest.substr(0, rest.find(':')));
        }
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return std::nullopt;
}

}  // namespace lifeline::sshd

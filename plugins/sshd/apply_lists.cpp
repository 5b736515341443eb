#include "apply_ctx.hpp"
#include "match.hpp"

namespace lifeline::sshd {
namespace {

constexpr std::string_view k_auth_methods[] = {
    "none",     "publickey", "gssapi-keyex", "gssapi-with-mic", "password", "keyboard-interactive",
    "hostbased"};

/// auth2_methods_valid(list, 0): empty text when valid, else why not.
std::string auth_methods_error(std::string_view list) {
    if (list.empty()) return "empty authentication method list";
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        std::string_view m = list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        std::string_view name = m.substr(0, m.find(':'));
        bool found = false;
        for (auto k : k_auth_methods) found = found || k == name;
        if (!found) return "unknown authentication method \"" + std::string(name) + "\"";
        if (comma == std::string_view::npos) return {};
        pos = comma + 1;
    }
}

void allow_deny_users(ApplyCtx& c, ListOpt& list) {
    while (const Arg* a = c.next()) {
        if (a->text.empty() || match_user(nullptr, nullptr, nullptr, a->text) == -1)
            return c.error(k_invalid_value, a,
                           "invalid " + c.kw() + " pattern: \"" + a->text + "\"");
        if (c.active) list.push_back({a->text, &c.d});
    }
}

void allow_deny_groups(ApplyCtx& c, ListOpt& list) {
    while (const Arg* a = c.next()) {
        if (a->text.empty()) return c.error(k_invalid_value, a, "empty " + c.kw() + " pattern");
        if (c.active) list.push_back({a->text, &c.d});
    }
}

void accept_env(ApplyCtx& c) {
    while (const Arg* a = c.next()) {
        if (a->text.empty() || a->text.find('=') != std::string::npos)
            return c.error(k_invalid_value, a, "Invalid environment name.");
        if (c.active) c.o.accept_env.push_back({a->text, &c.d});
    }
}

void set_env(ApplyCtx& c) {
    bool first = c.o.setenv.empty();
    while (const Arg* a = c.next()) {
        if (a->text.empty() || a->text.find('=') == std::string::npos)
            return c.error(k_invalid_value, a, "Invalid environment.");
        if (!c.active || !first) continue;
        std::string name = a->text.substr(0, a->text.find('='));
        bool dup = false;
        for (const Item& e : c.o.setenv)
            dup = dup || (e.text.compare(0, name.size(), name) == 0 &&
                          e.text.size() > name.size() && e.text[name.size()] == '=');
        if (!dup) c.o.setenv.push_back({a->text, &c.d});
    }
}

void authorized_keys_file(ApplyCtx& c) {
    bool first = c.o.authorized_keys_files.empty();
    while (const Arg* a = c.next()) {
        if (a->text.empty())
            return c.error(k_malformed_line, a, "keyword " + c.kw() + " empty argument");
        auto expanded = tilde_expand(a->text, c.env.users);
        if (!expanded)
            return c.error(
                k_invalid_value, a,
                "tilde_expand: No such user " + a->text.substr(1, a->text.find('/') - 1));
        if (c.active && first) c.o.authorized_keys_files.push_back({*expanded, &c.d});
    }
}

void authorized_principals_file(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    auto expanded = tilde_expand(a->text, c.env.users);
    if (!expanded)
        return c.error(k_invalid_value, a,
                       "tilde_expand: No such user " + a->text.substr(1, a->text.find('/') - 1));
    if (c.takes(c.o.authorized_principals_file.unset()))
        c.o.authorized_principals_file.set(*expanded, &c.d);
}

void authentication_methods(ApplyCtx& c) {
    bool first = c.o.auth_methods.empty();
    bool seen_any = false, parsed = false;
    while (const Arg* a = c.next()) {
        if (a->text == "any") {
            if (!c.o.auth_methods.empty())
                return c.error(k_any_after_list, a, "\"any\" must appear alone in " + c.kw());
            seen_any = true;
        } else if (seen_any) {
            return c.error(k_invalid_value, a, "\"any\" must appear alone in " + c.kw());
        } else if (auto why = auth_methods_error(a->text); !why.empty()) {
            return c.error(k_invalid_value, a, "invalid " + c.kw() + " method list: " + why);
        }
        parsed = true;
        if (!first || !c.active) continue;
        c.o.auth_methods.push_back({a->text, &c.d});
    }
    if (!parsed) c.error(k_malformed_line, nullptr, "no " + c.kw() + " specified");
}

int permitopen_port(std::string_view p, const ServiceLookup& services) {
    if (p == "*") return -2;  // FWD_PERMIT_ANY_PORT
    int port = a2port(p, services);
    return port > 0 ? port : -1;
}

void permit_open(ApplyCtx& c, ListOpt& list, bool listen) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    bool first = list.empty();
    if (a->text == "any" || a->text == "none") {
        if (c.active && first) list.push_back({a->text, &c.d});
        return;
    }
    for (; a && !a->text.empty(); a = c.next()) {
        std::string port;
        if (listen && a->text.find(':') == std::string::npos) {
            port = a->text;
        } else {
            // hpdelim: "[host]:port" or "host:port"; a '/' delimiter is refused.
            std::string_view s = a->text;
            size_t i = 0;
            if (!s.empty() && s[0] == '[') {
                size_t close = s.find(']');
                if (close == std::string_view::npos)
                    return c.error(k_invalid_value, a, c.kw() + " missing host");
                i = close + 1;
            } else {
                i = s.find_first_of(":/");
                if (i == std::string_view::npos) i = s.size();
            }
            if (i < s.size() && s[i] != ':' && s[i] != '/')
                return c.error(k_invalid_value, a, c.kw() + " missing host");
            if (i < s.size() && s[i] == '/')
                return c.error(k_invalid_value, a, c.kw() + " missing host");
            if (i >= s.size()) return c.error(k_invalid_value, a, c.kw() + " bad port number");
            port = std::string(s.substr(i + 1));
        }
        if (permitopen_port(port, c.env.services) == -1)
            return c.error(k_invalid_value, a, c.kw() + " bad port number");
        if (c.active && first)
            list.push_back(
                {listen && a->text.find(':') == std::string::npos ? "*:" + a->text : a->text,
                 &c.d});
    }
}

bool valid_channel_timeout(std::string_view s) {
    size_t eq = s.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    return convtime(s.substr(eq + 1)) >= 0;
}

void channel_timeout(ApplyCtx& c) {
    bool first = c.o.channel_timeouts.empty();
    while (const Arg* a = c.next()) {
        if (iequals(a->text, "none")) {
            // sshd 9.2 never advances its position counter here: only a following argument
            // makes "none" an error.
            if (c.remaining() > 0)
                return c.error(k_malformed_line, a,
                               "keyword " + c.kw() + " \"none\" argument must appear alone.");
        } else if (!valid_channel_timeout(a->text)) {
            return c.error(k_invalid_value, a, "invalid channel timeout " + a->text);
        }
        if (!c.active || !first) continue;
        c.o.channel_timeouts.push_back({a->text, &c.d});
    }
}

void log_verbose(ApplyCtx& c) {
    bool first = c.o.log_verbose.empty();
    int i = 0;
    while (const Arg* a = c.next()) {
        if (a->text.empty())
            return c.error(k_malformed_line, a, "keyword " + c.kw() + " empty argument");
        if (iequals(a->text, "none") && (i > 0 || c.remaining() > 0))
            return c.error(k_malformed_line, a,
                           "keyword " + c.kw() + " \"none\" argument must appear alone.");
        ++i;
        if (!first || !c.active) continue;
        c.o.log_verbose.push_back({a->text, &c.d});
    }
}

void force_command(ApplyCtx& c) {
    if (c.takes(c.o.adm_forced_command.unset())) c.o.adm_forced_command.set(c.d.raw, &c.d);
    c.consume();
}

void command(ApplyCtx& c, StrOpt& target) {
    const std::string& s = c.d.raw;
    if ((s.empty() || s[0] != '/') && !iequals(s, "none"))
        return c.error(k_invalid_value, nullptr, c.kw() + " must be an absolute path");
    // sshd 9.2 guards both commands with AuthorizedKeysCommand's "already set" test, so an
    // AuthorizedPrincipalsCommand after an AuthorizedKeysCommand is dropped (fixed in 9.3).
    if (c.takes(c.o.authorized_keys_command.unset())) target.set(s, &c.d);
    c.consume();
}

void version_addendum(ApplyCtx& c) {
    std::string s = c.d.raw;
    if (s.find('\r') != std::string::npos)
        return c.error(k_invalid_value, nullptr, "Invalid " + c.kw() + " argument");
    // sshd's '#'-stripping for this keyword searches the line after strdelim() has cut it
    // behind the keyword, so it never fires: a trailing comment is part of the value.
    if (c.takes(c.o.version_addendum.unset()))
        c.o.version_addendum.set(iequals(s, "none") ? std::string() : s, &c.d);
    c.consume();
}

}  // namespace

std::optional<std::string> tilde_expand(std::string_view path, const UserDb* users) {
    if (path.empty() || path[0] != '~') return std::string(path);
    std::string_view rest = path.substr(1);
    std::string_view user;
    std::string_view tail;
    if (rest.empty() || rest[0] == '/') {
        size_t k = rest.find_first_not_of('/');
        tail = k == std::string_view::npos ? std::string_view() : rest.substr(k);
    } else {
        size_t slash = rest.find('/');
        user = rest.substr(0, slash);
        if (slash != std::string_view::npos) {
            tail = rest.substr(slash + 1);
            size_t k = tail.find_first_not_of('/');
            tail = k == std::string_view::npos ? std::string_view() : tail.substr(k);
        }
    }
    std::string home;
    if (!user.empty()) {
        const User* u = users ? users->find_user(user) : nullptr;
        if (!u) return std::nullopt;
        home = u->home;
    } else {
        const User* root = nullptr;
        if (users)
            for (const User& u : users->users())
                if (u.uid == 0) {
                    root = &u;
                    break;
                }
        home = root ? root->home : "/root";
    }
    if (home.empty() || home.back() != '/') home += '/';
    return home + std::string(tail);
}

std::optional<std::string> derelativise(ApplyCtx& c, const Arg* a) {
    if (iequals(a->text, "none")) return std::string("none");
    auto expanded = tilde_expand(a->text, c.env.users);
    if (!expanded) {
        c.error(k_invalid_value, a,
                "tilde_expand: No such user " + a->text.substr(1, a->text.find('/') - 1));
        return std::nullopt;
    }
    if (!expanded->empty() && (*expanded)[0] == '/') return expanded;
    // Relative paths are made absolute against sshd's working directory, "/" for a daemon.
    return "//" + *expanded;
}

void apply_list_keyword(ApplyCtx& c) {
    ServerOptions& o = c.o;
    switch (c.d.keyword->op) {
        case Op::allow_users:
            allow_deny_users(c, o.allow_users);
            break;
        case Op::deny_users:
            allow_deny_users(c, o.deny_users);
            break;
        case Op::allow_groups:
            allow_deny_groups(c, o.allow_groups);
            break;
        case Op::deny_groups:
            allow_deny_groups(c, o.deny_groups);
            break;
        case Op::accept_env:
            accept_env(c);
            break;
        case Op::set_env:
            set_env(c);
            break;
        case Op::authorized_keys_file:
            authorized_keys_file(c);
            break;
        case Op::authorized_principals_file:
            authorized_principals_file(c);
            break;
        case Op::authentication_methods:
            authentication_methods(c);
            break;
        case Op::permit_open:
            permit_open(c, o.permitted_opens, false);
            break;
        case Op::permit_listen:
            permit_open(c, o.permitted_listens, true);
            break;
        case Op::channel_timeout:
            channel_timeout(c);
            break;
        case Op::log_verbose:
            log_verbose(c);
            break;
        case Op::force_command:
            force_command(c);
            break;
        case Op::authorized_keys_command:
            command(c, o.authorized_keys_command);
            break;
        case Op::authorized_principals_command:
            command(c, o.authorized_principals_command);
            break;
        case Op::version_addendum:
            version_addendum(c);
            break;
        default:
            apply_server_keyword(c);
            break;
    }
}

}  // namespace lifeline::sshd

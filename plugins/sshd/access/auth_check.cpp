#include "access/auth_check.hpp"

#include <algorithm>

#include "access/auth_methods.hpp"
#include "access/credentials.hpp"

namespace lifeline::sshd {
namespace {

/// How sure we are that the user holds a credential for a method.
enum class Have { no, yes, assumed, unverifiable };

struct Credentials {
    Have publickey = Have::no;
    int keys = 0;
    Have password = Have::no;
    std::string password_note;
};

bool yes(const Effective& eff, std::string_view kw) {
    const Setting& s = eff.get(kw);
    return !s.values.empty() && s.values.front() == "yes";
}

std::string first(const Effective& eff, std::string_view kw) {
    const Setting& s = eff.get(kw);
    return s.values.empty() ? std::string() : s.values.front();
}

/// Public keys: the expanded AuthorizedKeysFile paths, checked as StrictModes would.
void find_keys(const User& user, Host& host, const Effective& eff, bool forced_only,
               Credentials& c, Walk& walk) {
    const Setting& files = eff.get("AuthorizedKeysFile");
    bool strict = yes(eff, "StrictModes");
    for (const auto& pattern : files.values) {
        if (pattern == "none") continue;
        char bad = 0;
        auto path = expand_authorized_keys_path(pattern, user, &bad);
        if (!path) {
            walk.step(files.from, std::string("unknown token %") + bad +
                                      ": sshd fails every public-key login");
            return;
        }
        KeyFileCheck check = check_key_file(host, *path, user, strict);
        if (!check.exists) continue;
        if (!check.problem.empty()) {
            walk.step(check.real_path, 0, *path, "keys refused: " + check.problem);
            continue;
        }
        int usable = forced_only ? check.forced_keys : check.keys;
        if (usable > 0) {
            walk.step(check.real_path, 0, *path,
                      std::to_string(usable) + (forced_only ? " key(s) with command=" : " key(s)"));
            c.keys += usable;
            c.publickey = Have::yes;
        }
    }
    if (c.publickey == Have::no && first(eff, "AuthorizedKeysCommand") != "none")
        c.publickey = Have::unverifiable;
    if (c.publickey == Have::no && first(eff, "TrustedUserCAKeys") != "none")
        c.publickey = Have::unverifiable;
}

void find_password(const User& user, Host& host, const Effective& eff, Credentials& c) {
    auto shadow = shadow_password(host, user.name);
    if (!shadow) {
        c.password = Have::assumed;
        c.password_note = "no /etc/shadow in the host tree: assuming " + user.name + " has a password";
    } else if (shadow->empty()) {
        c.password = yes(eff, "PermitEmptyPasswords") ? Have::yes : Have::no;
        c.password_note = "empty password";
    } else if (shadow->front() == '!' || shadow->front() == '*') {
        c.password = Have::no;
        c.password_note = "password locked or unset in /etc/shadow";
    } else {
        c.password = Have::yes;
    }
}

Have have_for(const std::string& method, const Credentials& c) {
    std::string_view base = std::string_view(method).substr(0, method.find(':'));
    if (base == "publickey") return c.publickey;
    if (base == "password" || base == "keyboard-interactive") return c.password;
    return Have::unverifiable;  // hostbased, gssapi-with-mic: outside what a host tree shows
}

/// The weakest certainty along a list (yes > assumed > unverifiable > no).
Have list_certainty(const std::vector<std::string>& list, const Credentials& c) {
    Have worst = Have::yes;
    int publickeys = 0;
    for (const auto& m : list) {
        Have h = have_for(m, c);
        if (m == "publickey" && ++publickeys > c.keys && h == Have::yes) h = Have::no;
        if (h == Have::no) return Have::no;
        if (h == Have::unverifiable || (h == Have::assumed && worst == Have::yes)) worst = h;
    }
    return worst;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

}  // namespace

void check_authentication(const User& user, Host& host, const Effective& eff, Walk& walk) {
    MethodSwitches sw;
    sw.publickey = yes(eff, "PubkeyAuthentication");
    sw.password = yes(eff, "PasswordAuthentication");
    sw.kbdint = yes(eff, "KbdInteractiveAuthentication");
    sw.hostbased = yes(eff, "HostbasedAuthentication");
    sw.gssapi = yes(eff, "GSSAPIAuthentication");
    sw.use_pam = yes(eff, "UsePAM");
    bool forced_only = false;
    if (user.uid == 0) {
        const Setting& prl = eff.get("PermitRootLogin");
        std::string v = prl.values.empty() ? "without-password" : prl.values.front();
        walk.step(prl.from, "PermitRootLogin " + v + " for uid 0", "PermitRootLogin");
        if (v == "no") return walk.deny("PermitRootLogin no: root may not log in");
        if (v == "without-password" || v == "forced-commands-only") {
            sw.password = sw.kbdint = false;
            forced_only = v == "forced-commands-only";
            if (forced_only) sw.hostbased = sw.gssapi = false;
        }
    }
    Credentials cred;
    if (sw.publickey) find_keys(user, host, eff, forced_only, cred, walk);
    if (sw.password || (sw.kbdint && sw.use_pam)) find_password(user, host, eff, cred);

    const Setting& am = eff.get("AuthenticationMethods");
    auto lists = split_method_lists(am.values);
    if (lists.empty()) {
        for (const auto& m : enabled_methods(sw)) lists.push_back({m});
    } else {
        walk.step(am.from, "AuthenticationMethods " + join(am.values, " "),
                  "AuthenticationMethods");
    }
    std::vector<std::string> usable, assumed, unverifiable;
    for (const auto& list : lists) {
        std::string name = join(list, ",");
        if (!first_disabled(sw, list).empty()) continue;  // sshd skips lists with disabled methods
        switch (list_certainty(list, cred)) {
            case Have::yes: usable.push_back(name); break;
            case Have::assumed: assumed.push_back(name); break;
            case Have::unverifiable: unverifiable.push_back(name); break;
            case Have::no: break;
        }
    }
    if (!cred.password_note.empty()) walk.fact("password", cred.password_note);
    if (!usable.empty() || !assumed.empty()) {
        usable.insert(usable.end(), assumed.begin(), assumed.end());
        walk.fact("methods", join(usable, " "));
        return;
    }
    std::string enabled = join(enabled_methods(sw), ", ");
    if (!unverifiable.empty())
        return walk.unknown("only " + join(unverifiable, " ") +
                            " remain, and lifeline cannot see whether " + user.name +
                            " holds that credential");
    walk.deny("no authentication method is usable: enabled " +
              (enabled.empty() ? std::string("none") : enabled) +
              (sw.publickey && cred.publickey == Have::no
                   ? "; no authorized key sshd would accept for " + user.name
                   : std::string()) +
              (cred.password == Have::no && !cred.password_note.empty()
                   ? "; " + cred.password_note
                   : std::string()));
}

}  // namespace lifeline::sshd

#pragma once
/// What a user can authenticate with: authorized keys sshd would accept, a password, a shell.

#include <optional>
#include <string>
#include <vector>

#include "lifeline/host.hpp"
#include "lifeline/users.hpp"

namespace lifeline::sshd {

/// Expands AuthorizedKeysFile tokens (%% %h %u %U) for `user`; a relative result is taken from
/// the home directory. Returns nullopt and sets `bad_token` on a token sshd does not know
/// (sshd then fails every public-key login).
std::optional<std::string> expand_authorized_keys_path(std::string_view pattern, const User& user,
                                                       char* bad_token = nullptr);

/// One authorized_keys file examined for a user.
struct KeyFileCheck {
    std::string host_path;   ///< the path on the host ("/home/alice/.ssh/authorized_keys")
    std::string real_path;   ///< where it was read (under --root)
    bool exists = false;
    int keys = 0;            ///< lines holding a key
    int forced_keys = 0;     ///< of those, keys with a `command="…"` option
    std::string problem;     ///< why sshd would refuse it (StrictModes), or "" when fine
};

/// Checks an authorized_keys file as sshd does: present, holding at least one key, and, when
/// `strict_modes`, neither it nor its directories up to the home are writable by group/others.
/// Ownership is checked only on a live host (--root /): a host tree checked out from git is owned
/// by whoever cloned it.
KeyFileCheck check_key_file(Host& host, const std::string& host_path, const User& user,
                            bool strict_modes);

/// The user's login shell as sshd checks it: empty means /bin/sh; it must be an executable regular
/// file. A host tree holding only configuration (no directory for the shell at all) cannot say.
struct ShellCheck {
    enum class State { ok, refused, unchecked, no_session } state = State::ok;
    std::string detail;
};
ShellCheck check_shell(Host& host, const User& user);

/// A shadow(5) entry: the password field and the aging fields sshd and PAM act on (days since
/// 1970-01-01; nullopt when empty).
struct ShadowEntry {
    std::string password;
    std::optional<long> last_change, max_days, expire;
};

/// The user's /etc/shadow entry, when the host has a shadow file listing the user.
std::optional<ShadowEntry> shadow_entry(Host& host, std::string_view user);

/// The password field of /etc/shadow for `user`, when the host has a shadow file.
std::optional<std::string> shadow_password(Host& host, std::string_view user);

}  // namespace lifeline::sshd

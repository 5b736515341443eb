#pragma once
/// sshd's pre-authentication account checks (auth.c allowed_user) and PermitRootLogin.

#include "access/credentials.hpp"
#include "access/walk.hpp"
#include "effective.hpp"
#include "lifeline/host.hpp"
#include "lifeline/users.hpp"

namespace lifeline::sshd {

/// Account exists, not locked (UsePAM no) nor expired, valid shell (unless ChrootDirectory), then
/// DenyUsers, AllowUsers, DenyGroups, AllowGroups in sshd's order. `today` is the current day
/// since 1970-01-01 (for shadow aging). Denies on the walk.
void check_account(const User& user, const std::string& address, Host& host,
                   const Effective& eff, long today, const ShellCheck& shell, Walk& walk);

/// DenyUsers and AllowUsers only (they need the user name and the address, not the account):
/// what can be decided for a tree without account files. Denies on the walk.
void check_user_lists(const std::string& name, const std::string& address, const Effective& eff,
                      Walk& walk);

/// After authentication: a session must be able to open (MaxSessions, a shell that runs the
/// command; a forced command still runs through the shell unless it is internal-sftp), and a
/// password the system forces to change blocks a non-interactive login.
void check_session(const User& user, Host& host, const Effective& eff, long today,
                   const ShellCheck& shell, Walk& walk);

}  // namespace lifeline::sshd

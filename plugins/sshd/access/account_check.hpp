#pragma once
/// sshd's pre-authentication account checks (auth.c allowed_user) and PermitRootLogin.

#include "access/walk.hpp"
#include "effective.hpp"
#include "lifeline/host.hpp"
#include "lifeline/users.hpp"

namespace lifeline::sshd {

/// Account exists, not locked (UsePAM no), valid shell (unless ChrootDirectory), then DenyUsers,
/// AllowUsers, DenyGroups, AllowGroups in sshd's order. Denies on the walk.
void check_account(const User& user, const std::string& address, Host& host,
                   const Effective& eff, Walk& walk);

}  // namespace lifeline::sshd

#pragma once
/// Can the user complete one of the authentication paths sshd offers in this context?

#include "access/walk.hpp"
#include "effective.hpp"
#include "lifeline/host.hpp"
#include "lifeline/users.hpp"

namespace lifeline::sshd {

/// Applies PermitRootLogin (uid 0), the enabled method switches, AuthenticationMethods and the
/// user's credentials (authorized keys sshd would accept; a password that is not locked).
/// Denies or marks unknown on the walk; records the usable methods as the fact "methods".
void check_authentication(const User& user, Host& host, const Effective& eff, Walk& walk);

}  // namespace lifeline::sshd

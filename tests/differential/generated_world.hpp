#pragma once
/// The "world" a generated configuration is tested in: its user database and the connections
/// (`-C` specs) with addresses inside and outside the CIDRs the Match blocks use.

#include <string>
#include <vector>

#include "rng.hpp"

namespace lifeline::differential {

/// A generated etc/passwd + etc/group.
struct UserWorld {
    std::vector<std::string> users;   ///< login names (besides root, sshd, nobody)
    std::vector<std::string> groups;  ///< group names with members or primary users
    std::string passwd;
    std::string group;
};

/// Draws 3-6 users and their group memberships.
UserWorld generate_users(Rng& rng);

/// Draws `count` connection specs; the first one always names user, addr and lport.
std::vector<std::string> generate_specs(Rng& rng, const UserWorld& world, int count);

/// Pattern lists for Match criteria and sample values the generator reuses.
std::string user_pattern(Rng& rng, const UserWorld& world);
std::string group_pattern(Rng& rng, const UserWorld& world);
std::string host_pattern(Rng& rng);
std::string address_pattern(Rng& rng);
std::string local_address_pattern(Rng& rng);
std::string local_port(Rng& rng);
std::string rdomain_pattern(Rng& rng);

}  // namespace lifeline::differential

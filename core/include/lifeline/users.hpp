#pragma once
/// The host's user and group database, read from its passwd and group files (never NSS).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

/// One passwd(5) entry.
struct User {
    std::string name;
    unsigned uid = 0;
    unsigned gid = 0;
    std::string home;
    std::string shell;
    std::string passwd_path;  ///< file and line the entry came from
    int line = 0;
};

/// One group(5) entry.
struct Group {
    std::string name;
    unsigned gid = 0;
    std::vector<std::string> members;
};

/// Users and groups of one host.
class UserDb {
public:
    /// Parses passwd and group text; malformed lines are skipped (as getpwnam does).
    static UserDb parse(std::string_view passwd, std::string_view group,
                        std::string passwd_path = "passwd");
    const User* find_user(std::string_view name) const;
    const Group* find_group_by_gid(unsigned gid) const;
    /// Names of the user's groups: the primary group first, then supplementary ones, as
    /// getgrouplist(3) returns them. Empty when the user is unknown.
    std::vector<std::string> groups_of(std::string_view user) const;
    const std::vector<User>& users() const { return m_users; }
    const std::vector<Group>& groups() const { return m_groups; }

private:
    std::vector<User> m_users;
    std::vector<Group> m_groups;
};

}  // namespace lifeline

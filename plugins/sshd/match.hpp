#pragma once
/// OpenSSH pattern matching (ssh_config(5) PATTERNS): wildcards, pattern lists with negation,
/// address lists with CIDR entries, and the AllowUsers/DenyUsers `user@host` form.

#include <string>
#include <string_view>
#include <vector>

namespace lifeline::sshd {

/// `*` (any run, also empty) and `?` (one byte); no classes, no escapes. Case-sensitive.
bool match_pattern(std::string_view text, std::string_view pattern);

/// Result of a pattern-list match.
enum MatchResult : int {
    k_match_negated = -1,  ///< a `!` entry matched: overrides every positive entry
    k_match_none = 0,
    k_match_positive = 1,
};

/// Comma-separated patterns, `!` negates: -1 if a negated entry matches, else 1 if a positive
/// entry matches, else 0. `lower` lower-cases the patterns (for host names). An entry of 1023
/// bytes or more makes the list fail (0), as in sshd.
int match_pattern_list(std::string_view text, std::string_view list, bool lower = false);

/// Host names are matched lower-cased against a lower-cased pattern list.
int match_hostname(std::string_view host, std::string_view list);

/// Address-list result: 1 match, 0 none, -1 negated match, -2 invalid entry (empty entry,
/// host bits set, mask too long for the family).
enum AddrListResult : int { k_addr_invalid = -2 };

/// Matches `address` against an address list (CIDR entries first, else wildcard patterns
/// against the text). With `address` null only validates the list (0 or -2). An `address`
/// that is not an IP address never matches (0).
int addr_match_list(const std::string* address, std::string_view list);

/// Why one address-list entry is invalid, for messages; empty when valid.
std::string addr_list_error(std::string_view list);

/// sshd's match_host_and_ip: 1 match, 0 no match (or negated, or a null host/ip), -1 invalid.
int match_host_and_ip(const std::string* host, const std::string* ip, std::string_view list);

/// AllowUsers/DenyUsers entry `USER` or `USER@HOSTLIST`: the user part is ONE wildcard pattern
/// (`,` and `!` literal), the host part a pattern list matched against the address and the
/// host name. With user, host and ip all null, validates: -1 when the host part is invalid.
int match_user(const std::string* user, const std::string* host, const std::string* ip,
               std::string_view pattern);

/// `Match Group` semantics: any group hitting a negated entry => 0; else 1 when some group
/// hits a positive entry.
int match_group_list(const std::vector<std::string>& groups, std::string_view list);

}  // namespace lifeline::sshd

#pragma once
/// sshd's "multistate" value tables: the accepted words, their numbers (sshd's own encoding,
/// kept so values compare like sshd's), and the word `sshd -T` prints for a number.

#include <span>
#include <string_view>

#include "keywords.hpp"

namespace lifeline::sshd {

struct MultistateEntry {
    std::string_view key;
    int value;
};
using Multistate = std::span<const MultistateEntry>;

inline constexpr MultistateEntry k_flag_table[] = {{"yes", 1}, {"no", 0}};
inline constexpr MultistateEntry k_ignore_rhosts_table[] = {
    {"yes", 1}, {"no", 0}, {"shosts-only", 2}};
/// AF_INET = 2, AF_INET6 = 10, AF_UNSPEC = 0 on Linux.
inline constexpr MultistateEntry k_address_family_table[] = {
    {"inet", 2}, {"inet6", 10}, {"any", 0}};
/// PERMIT_NO 0, PERMIT_FORCED_ONLY 1, PERMIT_NO_PASSWD 2, PERMIT_YES 3.
inline constexpr MultistateEntry k_root_login_table[] = {{"without-password", 2},
                                                         {"prohibit-password", 2},
                                                         {"forced-commands-only", 1},
                                                         {"yes", 3},
                                                         {"no", 0}};
/// COMP_DELAYED 2, COMP_NONE 0.
inline constexpr MultistateEntry k_compression_table[] = {{"yes", 2}, {"delayed", 2}, {"no", 0}};
inline constexpr MultistateEntry k_gateway_ports_table[] = {
    {"clientspecified", 2}, {"yes", 1}, {"no", 0}};
/// FORWARD_ALLOW 3, FORWARD_DENY 0, FORWARD_REMOTE 1, FORWARD_LOCAL 2.
inline constexpr MultistateEntry k_forwarding_table[] = {
    {"yes", 3}, {"all", 3}, {"no", 0}, {"remote", 1}, {"local", 2}};
/// SSH_TUNMODE_NO 0, POINTOPOINT 1, ETHERNET 2, YES 3; matched case-sensitively.
inline constexpr MultistateEntry k_tunnel_table[] = {
    {"no", 0}, {"point-to-point", 1}, {"ethernet", 2}, {"yes", 3}};

inline constexpr Multistate k_flag_states{k_flag_table};
inline constexpr Multistate k_ignore_rhosts_states{k_ignore_rhosts_table};
inline constexpr Multistate k_address_family_states{k_address_family_table};
inline constexpr Multistate k_root_login_states{k_root_login_table};
inline constexpr Multistate k_compression_states{k_compression_table};
inline constexpr Multistate k_gateway_ports_states{k_gateway_ports_table};
inline constexpr Multistate k_forwarding_states{k_forwarding_table};
inline constexpr Multistate k_tunnel_states{k_tunnel_table};

/// The number for `word` (case-insensitive unless asked), or -1.
inline int multistate_value(Multistate table, std::string_view word, bool case_sensitive = false) {
    for (const auto& e : table)
        if (case_sensitive ? e.key == word : iequals(e.key, word)) return e.value;
    return -1;
}

/// The first word for `value`, or "UNKNOWN" (as sshd's fmt_multistate_int).
inline std::string_view multistate_name(Multistate table, long long value) {
    for (const auto& e : table)
        if (e.value == value) return e.key;
    return "UNKNOWN";
}

}  // namespace lifeline::sshd

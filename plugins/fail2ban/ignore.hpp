#pragma once
/// One `ignoreip` entry read the way fail2ban 1.0.2's IPAddr reads it (server/ipdns.py): a
/// bracketed IPv6 address loses its brackets, `addr/len` and `addr/dotted-mask` mask the host
/// bits silently, and anything that is not an address is kept as a DNS name resolved at ban
/// time. Pure.

#include <string>
#include <string_view>

#include "lifeline/net.hpp"

namespace lifeline::f2b {

struct IgnoreEntry {
    enum class Kind {
        network,  ///< an address or a network (`address`, `prefix`)
        name,     ///< not an address: a DNS name looked up when a ban is due
        refused,  ///< IPAddr raises ValueError (a malformed length or mask): fail2ban-server
                  ///< aborts its configuration there and runs no jail (Fail2banModel::server_refusal)
        nothing,  ///< parsed, but matches no address at all (a negative length)
    };
    std::string text;
    Kind kind = Kind::name;
    net::Network network;  ///< kind network: the masked address, prefix at most 32/128
    /// Why the entry is not what its author meant, in a sentence; empty when it is clean.
    std::string problem;
};

/// Reads one entry (as split by split_words).
IgnoreEntry parse_ignore_entry(std::string_view text);

/// True when the entry ignores every address of `sources` (DNS names never count: whether
/// they resolve to the source is not known before the ban).
bool ignores_all(const IgnoreEntry& entry, const net::Network& sources);

/// True when `sources` is one of the host's own loopback addresses that `ignoreself` skips
/// (127.0.0.1 or ::1; the host's other addresses depend on its name and resolver).
bool is_self_address(const net::Network& sources);

}  // namespace lifeline::f2b

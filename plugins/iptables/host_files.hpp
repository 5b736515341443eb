#pragma once
/// The iptables files of a host (Debian iptables-persistent and RHEL iptables-services), read,
/// parsed and restored onto an empty state as the boot-time restore does.

#include <string>
#include <vector>

#include "iptables/ipset.hpp"
#include "iptables/parser.hpp"
#include "iptables/restore.hpp"
#include "lifeline/host.hpp"

namespace lifeline::iptables {

/// One rules file and what restoring it gives.
struct RulesFile {
    int family = 4;
    std::string path;       ///< host path (rule origins, messages)
    std::string real_path;  ///< the file read (diagnostic locations)
    /// The parsed file without its rule lines (the restore took them into `state`: one copy of
    /// 100,000 rules is enough): errors, block headers, chain declarations, set references.
    SaveFile parsed;
    XtablesState state{4, true};
    RestoreResult result;
};

/// Everything read from the host.
struct HostRules {
    std::vector<RulesFile> files;
    IpsetDb sets;
    std::vector<Diagnostic> errors;  ///< read errors and ipset syntax errors
    bool legacy = false;             ///< /etc/alternatives/iptables points at iptables-legacy
    bool legacy6 = false;            ///< /etc/alternatives/ip6tables points at ip6tables-legacy
    std::string backend_link;        ///< /etc/alternatives/iptables's target, when read
    bool unreadable = false;
};

/// Reads the host's files (a single explicit file when `only` is set: a real path).
HostRules read_host_rules(Host& host, const std::string& only = {});

/// The layer name of the backend of `family`: "iptables-nft" or "iptables-legacy".
inline std::string backend_name(const HostRules& rules, int family = 4) {
    return (family == 6 ? rules.legacy6 : rules.legacy) ? "iptables-legacy" : "iptables-nft";
}

}  // namespace lifeline::iptables

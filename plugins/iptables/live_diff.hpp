#pragma once
/// How the running kernel's iptables rules differ from what the files load (rule IPT008).
///
/// Both sides go through the same model: the files restored as at boot, the live
/// `iptables-save` output restored onto an empty state. Rules are compared as the firewall
/// model reads them (protocols, addresses, interfaces, ports, states, flags, marks, targets and
/// the names of history and set matches), so spelling does not count: `-p tcp --dport ssh`
/// equals iptables-save's `-p tcp -m tcp --dport 22`, `-s a,b` equals the two rules
/// iptables-restore makes of it, and options the model does not read (comments, log prefixes,
/// counters, an unmodelled match's options) are not compared.

#include <string>
#include <vector>

#include "iptables/restore.hpp"

namespace lifeline::iptables {

/// One difference. `file_at` is the file line it concerns (line 0 = none: then `live_at`).
struct LiveDifference {
    std::string table;
    std::string chain;  ///< empty for a whole table
    nf::Origin file_at;
    nf::Origin live_at;
    std::string message;
};

/// The differences of `live` from `files` (one family). Chains whose name matches a pattern of
/// `ignore_chains` (glob: `f2b-*`), and rules jumping to them, are left out on both sides: a
/// daemon such as fail2ban or Docker adds them at run time. At most one difference per chain.
std::vector<LiveDifference> compare_live(const XtablesState& files, const XtablesState& live,
                                         const std::vector<std::string>& ignore_chains);

/// Splits a comma- or space-separated pattern list ("f2b-*, DOCKER*").
std::vector<std::string> split_patterns(std::string_view text);

}  // namespace lifeline::iptables

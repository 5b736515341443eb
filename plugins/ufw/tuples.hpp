#pragma once
/// The `### tuple ###` comments of /etc/ufw/user.rules and user6.rules (config-semantics §4.3):
/// what `ufw status` shows, while the `-A` lines under each comment are what the kernel
/// enforces. Parsed as ufw 0.36.2's backend_iptables._read_rules does, and re-generated as its
/// _write_rules would write them, so the two can be compared.
///
/// Pure: text in, tuples out.

#include <string>
#include <string_view>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "ports.hpp"

namespace lifeline::ufw {

/// One tuple comment and the rule lines under it.
struct Tuple {
    int line = 0;
    std::string text;        ///< the comment line as written
    std::string action;      ///< allow, deny, reject, limit
    std::string logtype;     ///< "", "log" or "log-all"
    bool forward = false;    ///< a `route:` rule
    std::string protocol;    ///< tcp, udp, any, …
    PortSpec dport, sport;   ///< "any" or a normalised list
    std::string dst, src;    ///< as written, lower-cased
    std::string dapp, sapp;  ///< application profile names, "" for none
    std::string direction;   ///< in, out
    std::string iface_in, iface_out;
    std::string comment;          ///< hex-encoded, as written
    std::vector<int> rule_lines;  ///< the `-A`/`-I` lines that follow, up to the next tuple
};

/// The RULES section of a user rules file.
struct UserRules {
    std::vector<Tuple> tuples;  ///< only those ufw accepts (malformed ones are findings)
    /// Rule lines of the RULES section above the first tuple: enforced, never shown.
    std::vector<int> untupled_lines;
};

/// Parses the tuples of `text`; malformed tuples (which `ufw status` skips) are UFW001 findings
/// at `path` (a host path).
UserRules parse_user_rules(std::string_view text, const std::string& path,
                           const ServiceDb& services, std::vector<Diagnostic>& findings);

/// The rule lines (`-A chain …`, without the newline) ufw writes for `t` in the IPv4 (`v6`
/// false) or IPv6 file.
std::vector<std::string> expected_rule_lines(const Tuple& t, bool v6);

/// `22/tcp`, `80,443/tcp`, `23` (any protocol), `Anywhere`: the destination as `ufw status`
/// prints it, with the profile name when the rule came from one.
std::string describe_destination(const Tuple& t);

}  // namespace lifeline::ufw

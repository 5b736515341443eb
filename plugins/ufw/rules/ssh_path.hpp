#pragma once
/// What the ufw rules share: sshd's (family, port) targets, the packets of an SSH login, and
/// the way back from an evaluator step to the ufw line an operator wrote.

#include <string>
#include <vector>

#include "lifeline/facts.hpp"
#include "lifeline/netfilter.hpp"
#include "ufw/model.hpp"

namespace lifeline::ufw {

/// One (family, port) sshd listens on; `daddr` is set when every listener of the pair names
/// the same address.
struct SshTarget {
    int family = 4;
    int port = 22;
    net::IpAddress daddr;
    nf::Origin origin;  ///< the Port / ListenAddress line
};

std::vector<SshTarget> ssh_targets(const HostFacts& facts);

/// The first packet (SYN, ct NEW) of a connection to `t`.
nf::Packet new_connection(const SshTarget& t);
/// A packet of the established session to `t` (ACK, ct ESTABLISHED).
nf::Packet established(const SshTarget& t);
/// 0.0.0.0/0 or ::/0.
net::Network everything(int family);

/// True when every network of `part` is loopback (127.0.0.0/8, ::1): ufw accepts those on `lo`
/// whatever the rules say, so they prove nothing about remote logins.
bool loopback_only(const nf::Part& part);

/// ufw applies rules for `family` (IPv4 whenever it starts; IPv6 with IPV6=yes).
bool governs(const UfwModel& model, int family);

/// The tuple whose rule lines include `line` of `file` (user.rules or user6.rules), or nullptr.
const Tuple* tuple_at(const UfwModel& model, const std::string& file, int line);

/// "allow 22/tcp", "deny from 198.51.100.0/24", "limit OpenSSH (22/tcp)".
std::string describe(const Tuple& t);

/// "policy drop at /etc/default/ufw (ufw start sequence: :INPUT DROP [0:0])".
std::string decided_by(const nf::Evaluation& e);

/// "dropped", "rejected", "accepted", "undecided".
std::string past_tense(nf::Outcome o);

/// The verdict on the client's own packet: an exchange that fails only because the host's
/// answer or IPv6 neighbour discovery is blocked counts as accepted here (UFW011 and the
/// firewall layer report those).
nf::Outcome inbound_outcome(const nf::Evaluation& e);

/// The last step of the path that decided, or nullptr.
const nf::Step* deciding_step(const nf::Evaluation& e);

/// The tuple's destination ports cover `port` over TCP.
bool covers_tcp_port(const Tuple& t, int port);

/// `ruleset` as seen by a reply of an SSH session: the OUTPUT base chains presented as input
/// chains with source and destination (addresses, ports, interfaces) swapped, so the evaluator
/// follows a reply as if it were a packet arriving from the client.
nf::Ruleset reply_view(const nf::Ruleset& ruleset);

}  // namespace lifeline::ufw

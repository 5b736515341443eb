#pragma once
/// One fresh-login probe (`lifeline probe`, the gate's post-change check): the argv of a brand-new
/// OpenSSH client connection that authenticates and echoes a nonce, and the classification of
/// what happened, read from the client's exit status and its own messages (OpenSSH 9.2's
/// wording, recorded from the real client in tests/unit/gate/probe_test.cpp).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/sys/process.hpp"

namespace lifeline::gate {

/// Where to log in: `[USER@]HOST[:PORT]`; an IPv6 address with a port is bracketed.
struct Target {
    std::string user;  ///< empty: ssh's own choice (its config, else the local user name)
    std::string host;  ///< a name, an IPv4 address or an IPv6 address without brackets
    int port = 0;      ///< 0: ssh's own choice (its config, else 22)
};

/// Parses `[USER@]HOST[:PORT]` (`alice@[2001:db8::7]:2222`, `[2001:db8::7]`, `db1:22`, a bare
/// IPv6 address without a port). Returns nullopt and sets `error` when malformed.
std::optional<Target> parse_target(std::string_view text, std::string& error);
/// The target as users write it: `alice@[2001:db8::7]:2222`, `alice@db1`.
std::string format_target(const Target& target);

/// How probes connect.
struct ProbeOptions {
    std::chrono::seconds connect_timeout{5};  ///< ssh's ConnectTimeout (TCP and banner exchange)
    std::vector<std::string> ssh_options;     ///< extra `-o` values from the operator, in order
    std::string identity;                     ///< `-i FILE`, or empty for the agent and config
};

/// The argv of one fresh probe: `ssh` with no connection sharing (ControlMaster no,
/// ControlPath none), BatchMode (never a prompt), one connection attempt, ConnectTimeout, the
/// default LogLevel forced (a user's `LogLevel QUIET` would hide the messages the classifier
/// reads), no tty, running `command` (`echo NONCE` for a plain probe).
std::vector<std::string> probe_argv(const Target& target, const ProbeOptions& options,
                                    const std::string& command);

/// The options and target words every connection of the gate shares (-o …, -i, -p, -l, --,
/// HOST), after the connection-specific options.
std::vector<std::string> target_words(const Target& target, const ProbeOptions& options);

/// What a probe found.
enum class ProbeOutcome {
    ok,               ///< logged in and the command echoed the nonce
    refused,          ///< no TCP connection: refused, reset, unreachable, name not resolved
    timed_out,        ///< no answer in time: connect, banner exchange, or the whole probe
    key_exchange,     ///< the connection was made but key exchange or host key check failed
    auth_denied,      ///< the server refused every offered credential
    command_failed,   ///< logged in, but no session or the command did not echo the nonce
};

/// `ok`, `refused`, `timed-out`, `key-exchange`, `auth-denied`, `command-failed`.
std::string_view outcome_name(ProbeOutcome outcome);
/// The outcome in a sentence after "fresh login": "refused", "timed out", "was denied
/// authentication", …
std::string_view outcome_prose(ProbeOutcome outcome);
/// Where probes connect, as messages name it: `10.0.0.2:2222`, `[2001:db8::7]:22`, `db1` (no
/// port given: ssh's configuration decides).
std::string probe_address(const Target& target);

/// One probe's classified result.
struct ProbeResult {
    ProbeOutcome outcome = ProbeOutcome::command_failed;
    std::string detail;  ///< the client's line that decided, or what was missing
};

/// Classifies a finished probe run (see ProbeOutcome) from its status, stdout and stderr.
ProbeResult classify_probe(const sys::RunResult& run, const std::string& nonce);

}  // namespace lifeline::gate

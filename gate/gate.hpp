#pragma once
/// The gate's phase machine (docs/gate.md): canary, preflight with the snapshot, the dead-man
/// armed on the host, the change, the post-check, fresh-login probes, then keep or roll back.
/// Pure: every effect goes through the interfaces below, so each path (a heartbeat lost during
/// the change, the dead-man firing, a refused probe, a rollback that does not bring the login
/// back) is unit-tested with fakes and a fake clock.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "probe.hpp"

namespace lifeline::gate {

using Millis = std::chrono::milliseconds;

/// Exit statuses of `lifeline run`.
inline constexpr int k_exit_kept = 0;
inline constexpr int k_exit_refused_to_start = 2;  ///< nothing was changed
inline constexpr int k_exit_rolled_back = 3;
inline constexpr int k_exit_rollback_unconfirmed = 4;

enum class Phase { canary, preflight, arm, change, postcheck, probe, confirm, rollback, recover };

/// `canary`, `preflight`, … as printed.
std::string_view phase_name(Phase phase);

/// What the preflight found on the host (after the snapshot was taken and the lock held).
struct Preflight {
    std::vector<std::string> layers;  ///< e.g. sshd, nftables, fail2ban
    /// How many failed fresh logins the host tolerates from the operator before it bans or
    /// penalises: min(fail2ban maxretry - 1, MaxAuthTries - 1, …); the probes stay below it.
    int probe_budget = 3;
};

/// The state after the change, as linted on the host's new files.
struct PostCheck {
    bool checked = false;                  ///< false when it could not run (no canary)
    std::vector<std::string> lockouts;     ///< error-level lockout findings, one line each
    /// One per lockout: the rule and message without the location, which an edit above the
    /// line moves: how the post-check tells a lockout already there before the change.
    std::vector<std::string> keys;
    /// Why the model says the gate's own login (its user, from the operator's address, to the
    /// port it reached) is refused now, `file:line: reason`. Advisory: the fresh logins decide;
    /// when they fail, this names the line that did it.
    std::vector<std::string> own_login;
    /// Why the host's live state could not be linted ("" when it was, or was not asked for):
    /// only the files were checked then.
    std::string live_error;
};

/// The login the gate itself made: who, from where, to which port (SSH_CONNECTION).
struct OwnLogin {
    std::string user;     ///< the account the canary logged in as; empty: unknown
    std::string address;  ///< the operator's address as the host saw it; empty: unknown
    int port = 0;         ///< the port sshd accepted the canary on; 0: unknown
};

/// OwnLogin from SSH_CONNECTION ("client port server port") and the user name.
OwnLogin own_login_of(const std::string& ssh_connection, std::string user);

/// The host as the gate reaches it: over the canary session (or locally with --local). Each
/// call runs one host-side script; `error` says why it failed.
class Remote {
public:
    virtual ~Remote() = default;
    /// Opens the canary and checks it can act as root (root or `sudo -n`).
    virtual bool open_canary(std::string& error) = 0;
    /// True while the canary's heartbeat is fresh.
    virtual bool canary_alive() = 0;
    /// Detects the layers, checks free space, takes the host lock and the snapshot.
    virtual std::optional<Preflight> preflight(std::string& error) = 0;
    /// Schedules the rollback job on the host, outside the SSH session, firing after `window`.
    virtual bool arm(Millis window, std::string& error) = 0;
    /// Pushes the dead-man's deadline to `window` from now: a sign of life while the change
    /// runs, so a long change is not rolled back mid-way while lifeline still watches it.
    virtual bool extend(Millis window) = 0;
    /// Drops the lock and the snapshot when nothing was changed (the gate did not start).
    virtual void release() = 0;
    /// Fetches and lints the host's state as it is now: once before the change (the baseline)
    /// and once after it.
    virtual PostCheck post_check() = 0;
    /// Restores the snapshot now over the canary (and disarms the dead-man, releases the lock).
    virtual bool rollback_now(std::string& error) = 0;
    /// Closes the canary.
    virtual void close() = 0;
};

/// What a disarm found.
struct DisarmResult {
    ProbeResult login;   ///< the fresh login that carried it
    bool fired = false;  ///< the dead-man had already fired: the change is rolled back
};

/// Fresh logins from the operator's side.
class Prober {
public:
    virtual ~Prober() = default;
    /// One probe echoing `nonce`.
    virtual ProbeResult probe(const std::string& nonce) = 0;
    /// A fresh login that disarms the dead-man and releases the lock (it proves the login too).
    virtual DisarmResult disarm(const std::string& nonce) = 0;
    /// Where the probes connect, for messages (`10.0.0.2:2222`, `[2001:db8::7]:22`), or "".
    virtual std::string address() const { return ""; }
};

/// The wrapped change command.
class Change {
public:
    virtual ~Change() = default;
    /// Starts it; false (and `error`) when it cannot start.
    virtual bool start(std::string& error) = 0;
    /// Waits up to `timeout` for it to end: its exit status, or nullopt while it runs.
    virtual std::optional<int> wait_for(Millis timeout) = 0;
};

/// Time, so tests run a 120 s window in no time.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Millis now() const = 0;
    virtual void sleep_for(Millis duration) = 0;
};

/// Where the phases are told as they run.
class Reporter {
public:
    virtual ~Reporter() = default;
    /// One line of `phase`, `elapsed` since the gate started.
    virtual void say(Phase phase, Millis elapsed, std::string_view message) = 0;
};

/// New nonces for probes (random in the real gate, counted in tests).
class NonceSource {
public:
    virtual ~NonceSource() = default;
    virtual std::string next() = 0;
};

struct GateOptions {
    Millis window{120000};          ///< the dead-man fires this long after it is armed
    Millis probe_interval{1000};    ///< between failed probes
    Millis refused_retry{250};      ///< between recovery probes whose connection was refused
    int max_probes = 3;             ///< further capped by Preflight::probe_budget
    bool rollback_on_lockout = true;     ///< an error-level lockout in the post-check rolls back
    bool rollback_on_change_failure = false;  ///< a change command exiting non-zero rolls back
    /// After a rollback (or the dead-man's expected firing), how long fresh logins are retried
    /// before giving up with k_exit_rollback_unconfirmed.
    Millis recovery_timeout{60000};
    /// Slack after the window for the dead-man's restore to finish before probing.
    Millis deadman_grace{5000};
};

struct GateOutcome {
    int exit_code = k_exit_refused_to_start;
    std::string cause;                  ///< why it rolled back / did not start / is unconfirmed
    std::vector<ProbeResult> probes;    ///< every probe after the change, in order
    int change_status = -1;             ///< the change command's exit status (-1: not run)
    bool canary_lost = false;           ///< the canary's heartbeat stopped after arming
};

/// Runs the whole gate.
GateOutcome run_gate(Remote& remote, Prober& prober, Change& change, Clock& clock,
                     Reporter& reporter, NonceSource& nonces, const GateOptions& options);

}  // namespace lifeline::gate

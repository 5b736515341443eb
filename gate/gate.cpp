#include "gate.hpp"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace lifeline::gate {

OwnLogin own_login_of(const std::string& ssh_connection, std::string user) {
    OwnLogin l;
    std::istringstream in(ssh_connection);
    std::string client, client_port, server, server_port;
    if (!(in >> client >> client_port >> server >> server_port)) return l;
    l.user = std::move(user);
    l.address = client;
    char* end = nullptr;
    long p = std::strtol(server_port.c_str(), &end, 10);
    if (end && *end == '\0' && p > 0 && p < 65536) l.port = static_cast<int>(p);
    return l;
}

std::string_view phase_name(Phase phase) {
    switch (phase) {
        case Phase::canary: return "canary";
        case Phase::preflight: return "preflight";
        case Phase::arm: return "arm";
        case Phase::change: return "change";
        case Phase::postcheck: return "post-check";
        case Phase::probe: return "probe";
        case Phase::confirm: return "confirm";
        case Phase::rollback: return "rollback";
        case Phase::recover: return "recover";
    }
    return "?";
}

namespace {

/// How often a sign of life pushes the dead-man's deadline while the change runs.
Millis extend_period(Millis window) { return std::max(Millis(250), window / 4); }

/// One run of the gate: the collaborators, the clock's start, the deadline as lifeline knows it.
class GateRun {
public:
    GateRun(Remote& remote, Prober& prober, Change& change, Clock& clock, Reporter& reporter,
            NonceSource& nonces, const GateOptions& options)
        : m_remote(remote), m_prober(prober), m_change(change), m_clock(clock),
          m_reporter(reporter), m_nonces(nonces), m_opt(options), m_start(clock.now()) {}

    GateOutcome run();

private:
    void say(Phase phase, std::string_view message) {
        m_reporter.say(phase, m_clock.now() - m_start, message);
    }
    bool start();
    void run_change();
    std::string post_check();
    std::string probe_after_change();
    void keep();
    void wait_for_deadman();
    void roll_back(std::string cause);
    void recover(std::string cause);

    Remote& m_remote;
    Prober& m_prober;
    Change& m_change;
    Clock& m_clock;
    Reporter& m_reporter;
    NonceSource& m_nonces;
    const GateOptions& m_opt;
    Millis m_start;
    Millis m_deadline{0};  ///< when the dead-man fires, as far as lifeline extended it
    int m_budget = 1;
    GateOutcome m_out;
    std::vector<std::string> m_own_login;  ///< the post-check's reasons the own login is refused
    std::vector<std::string> m_baseline;   ///< keys of the lockouts present before the change
};

bool GateRun::start() {
    std::string err;
    say(Phase::canary, "opening the canary session");
    if (!m_remote.open_canary(err)) {
        m_out.cause = "cannot open a canary session able to roll back: " + err;
        say(Phase::canary, m_out.cause);
        return false;
    }
    say(Phase::preflight, "detecting layers, checking space, taking the lock and the snapshot");
    auto pf = m_remote.preflight(err);
    if (!pf) {
        m_out.cause = "preflight failed, nothing was changed: " + err;
        say(Phase::preflight, m_out.cause);
        m_remote.close();
        return false;
    }
    std::string layers;
    for (const auto& l : pf->layers) layers += (layers.empty() ? "" : ", ") + l;
    say(Phase::preflight, "layers: " + (layers.empty() ? std::string("none found") : layers));
    m_budget = std::max(1, std::min(m_opt.max_probes, pf->probe_budget));
    // The current state, linted: a lockout already there is reported, and the post-check holds
    // only new ones against the change.
    PostCheck now = m_remote.post_check();
    if (!now.live_error.empty())
        say(Phase::preflight, "live state not read (" + now.live_error + "): only the files are "
                              "linted");
    if (!now.checked) {
        say(Phase::preflight, "could not lint the current state");
    } else if (now.lockouts.empty()) {
        say(Phase::preflight, "current state: no lockout found");
    } else {
        m_baseline = now.keys;
        for (const auto& l : now.lockouts)
            say(Phase::preflight, "current state, before any change: " + l);
    }
    if (!m_remote.arm(m_opt.window, err)) {
        m_out.cause = "cannot arm the dead-man switch, nothing was changed: " + err;
        say(Phase::arm, m_out.cause);
        m_remote.release();
        m_remote.close();
        return false;
    }
    m_deadline = m_clock.now() + m_opt.window;
    say(Phase::arm, "dead-man armed: the host rolls back by itself " +
                        std::to_string(m_opt.window.count() / 1000) +
                        " s after lifeline's last sign of life");
    return true;
}

void GateRun::run_change() {
    std::string err;
    say(Phase::change, "running the change");
    if (!m_change.start(err)) {
        m_out.change_status = 127;
        say(Phase::change, "cannot start the change: " + err);
        return;
    }
    Millis last_extend = m_clock.now();
    while (true) {
        if (auto status = m_change.wait_for(Millis(200))) {
            m_out.change_status = *status;
            break;
        }
        if (!m_out.canary_lost && !m_remote.canary_alive()) {
            m_out.canary_lost = true;
            say(Phase::change, "the canary session is gone (the change may cut existing "
                               "sessions); the dead-man stays armed");
        }
        if (!m_out.canary_lost && m_clock.now() - last_extend >= extend_period(m_opt.window)) {
            if (m_remote.extend(m_opt.window)) m_deadline = m_clock.now() + m_opt.window;
            last_extend = m_clock.now();
        }
    }
    // The window now bounds the checks: one last extension while the canary lives.
    if (!m_out.canary_lost && m_remote.canary_alive() && m_remote.extend(m_opt.window))
        m_deadline = m_clock.now() + m_opt.window;
    say(Phase::change, "the change exited with status " + std::to_string(m_out.change_status));
}

std::string GateRun::post_check() {
    if (m_out.canary_lost || !m_remote.canary_alive()) {
        m_out.canary_lost = true;
        say(Phase::postcheck, "skipped: the canary session is gone");
        return "";
    }
    PostCheck pc = m_remote.post_check();
    if (!pc.checked) {
        say(Phase::postcheck, "could not lint the new state");
        return "";
    }
    if (!pc.live_error.empty())
        say(Phase::postcheck, "live state not read (" + pc.live_error + "): only the files are "
                              "linted");
    m_own_login = pc.own_login;
    for (const auto& l : pc.own_login)
        say(Phase::postcheck, "the gate's own login looks refused now (the fresh logins "
                              "decide): " + l);
    std::vector<std::string> fresh;
    size_t old = 0;
    for (size_t i = 0; i < pc.lockouts.size(); ++i) {
        const std::string& key = i < pc.keys.size() ? pc.keys[i] : pc.lockouts[i];
        if (std::find(m_baseline.begin(), m_baseline.end(), key) != m_baseline.end()) ++old;
        else fresh.push_back(pc.lockouts[i]);
    }
    if (old > 0)
        say(Phase::postcheck, std::to_string(old) + " lockout finding(s) were there before the "
                              "change and are not held against it");
    pc.lockouts = std::move(fresh);
    if (pc.lockouts.empty()) {
        say(Phase::postcheck, pc.own_login.empty() ? "no new lockout found in the new state"
                                                   : "no other new lockout found in the new state");
        return "";
    }
    for (const auto& l : pc.lockouts) say(Phase::postcheck, l);
    if (!m_opt.rollback_on_lockout) return "";
    return "the new state locks someone out: " + pc.lockouts.front();
}

std::string GateRun::probe_after_change() {
    ProbeResult last;
    for (int i = 0; i < m_budget; ++i) {
        if (i > 0) m_clock.sleep_for(m_opt.probe_interval);
        last = m_prober.probe(m_nonces.next());
        m_out.probes.push_back(last);
        say(Phase::probe, last.outcome == ProbeOutcome::ok
                              ? std::string("fresh login works")
                              : "fresh login " + std::string(outcome_prose(last.outcome)) + ": " +
                                    last.detail);
        if (last.outcome == ProbeOutcome::ok) return "";
    }
    std::string where = m_prober.address();
    return "fresh login " + std::string(outcome_prose(last.outcome)) +
           (where.empty() ? "" : " on " + where) + " after the change (" + last.detail + ")" +
           (m_own_login.empty() ? "" : "; " + m_own_login.front());
}

void GateRun::keep() {
    // The disarm itself is a fresh login; a transient failure is retried within the budget.
    for (int i = 0; i < m_budget; ++i) {
        if (i > 0) m_clock.sleep_for(m_opt.probe_interval);
        DisarmResult d = m_prober.disarm(m_nonces.next());
        if (d.fired) {
            recover(std::string("the dead-man fired before the change was confirmed (") +
                    (m_out.canary_lost ? "the canary session was lost, so nothing extended the "
                                         "window"
                                       : "the checks outlasted the window") +
                    ")");
            return;
        }
        if (d.login.outcome == ProbeOutcome::ok) {
            m_out.exit_code = k_exit_kept;
            m_out.cause.clear();
            say(Phase::confirm, "dead-man disarmed over a fresh login: the change is kept");
            m_remote.close();
            return;
        }
        say(Phase::confirm, "disarm failed: " + std::string(outcome_name(d.login.outcome)) + ": " +
                                d.login.detail);
    }
    say(Phase::confirm, "waiting for the dead-man to roll the change back");
    wait_for_deadman();
    recover("the change could not be confirmed (no fresh login could disarm the dead-man)");
}

void GateRun::wait_for_deadman() {
    Millis wait = m_deadline + m_opt.deadman_grace - m_clock.now();
    if (wait > Millis(0)) m_clock.sleep_for(wait);
}

void GateRun::roll_back(std::string cause) {
    say(Phase::rollback, cause);
    std::string err;
    if (!m_out.canary_lost && m_remote.canary_alive()) {
        say(Phase::rollback, "restoring the snapshot over the canary session");
        if (m_remote.rollback_now(err)) {
            recover(std::move(cause));
            return;
        }
        say(Phase::rollback, "rollback over the canary failed: " + err +
                                 "; waiting for the dead-man");
    } else {
        say(Phase::rollback, "the canary session is gone: waiting for the dead-man");
    }
    wait_for_deadman();
    recover(std::move(cause));
}

void GateRun::recover(std::string cause) {
    m_out.cause = std::move(cause);
    Millis until = m_clock.now() + m_opt.recovery_timeout;
    int auth_failures = 0;
    while (true) {
        ProbeResult r = m_prober.probe(m_nonces.next());
        if (r.outcome == ProbeOutcome::ok) {
            m_out.exit_code = k_exit_rolled_back;
            say(Phase::recover, "fresh login works after the rollback");
            m_remote.close();
            return;
        }
        say(Phase::recover, "fresh login " + std::string(outcome_prose(r.outcome)) + ": " + r.detail);
        // Failed authentications count towards fail2ban and MaxAuthTries: stay below them.
        if (r.outcome == ProbeOutcome::auth_denied && ++auth_failures >= m_budget) break;
        // A refused connection never reached sshd (nothing for fail2ban or sshd's penalties to
        // count); most often sshd is re-executing after the rollback's reload: retry soon.
        Millis wait = r.outcome == ProbeOutcome::refused
                          ? std::min(m_opt.probe_interval, m_opt.refused_retry)
                          : m_opt.probe_interval;
        if (m_clock.now() + wait >= until) break;
        m_clock.sleep_for(wait);
    }
    m_out.exit_code = k_exit_rollback_unconfirmed;
    say(Phase::recover, "no fresh login works after the rollback");
    m_remote.close();
}

GateOutcome GateRun::run() {
    if (!start()) return m_out;
    run_change();
    std::string failure;
    if (m_out.change_status != 0 && m_opt.rollback_on_change_failure)
        failure = "the change command exited with status " + std::to_string(m_out.change_status);
    if (failure.empty()) failure = post_check();
    if (failure.empty()) failure = probe_after_change();
    if (failure.empty()) keep();
    else roll_back(failure);
    return m_out;
}

}  // namespace

GateOutcome run_gate(Remote& remote, Prober& prober, Change& change, Clock& clock,
                     Reporter& reporter, NonceSource& nonces, const GateOptions& options) {
    return GateRun(remote, prober, change, clock, reporter, nonces, options).run();
}

}  // namespace lifeline::gate

// The gate's phase machine against a simulated host: a fake clock, a change that takes time
// and may break the login or cut the canary, a dead-man that fires on the simulated clock, and
// probes that see the simulated state. Every path of docs/gate.md's "decide" step.
#include "gate.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace lifeline::gate {
namespace {

using namespace std::chrono_literals;

class FakeClock final : public Clock {
public:
    Millis now() const override { return t; }
    void sleep_for(Millis d) override { t += d; }
    Millis t{1000000};
};

/// The host: is the login broken, is the dead-man armed and when does it fire.
struct SimHost {
    explicit SimHost(FakeClock& c) : clock(c) {}
    FakeClock& clock;
    bool broken = false;              ///< fresh logins fail with `failure`
    ProbeOutcome failure = ProbeOutcome::refused;
    bool canary_alive = true;
    bool armed = false;
    Millis deadline{0};
    bool fired = false;
    bool rollback_restores = true;    ///< false: even the snapshot does not bring the login back
    int refused_after_restore = 0;    ///< probes refused after a restore (sshd re-executing)
    int refusals_left = 0;
    std::vector<std::string> log;

    /// Fires the dead-man when its time has come (the host's own timer).
    void tick() {
        if (armed && clock.now() >= deadline) {
            armed = false;
            fired = true;
            log.push_back("deadman-fired");
            restore();
        }
    }
    void restore() {
        if (!rollback_restores) return;
        broken = false;
        refusals_left = refused_after_restore;
    }
};

class FakeRemote final : public Remote {
public:
    explicit FakeRemote(SimHost& h) : host(h) {}
    bool open_canary(std::string& error) override {
        host.log.push_back("open");
        if (!can_open) error = "alice@[2001:db8::7]:22: sudo -n: a password is required";
        return can_open;
    }
    bool canary_alive() override {
        host.tick();
        return host.canary_alive;
    }
    std::optional<Preflight> preflight(std::string& error) override {
        host.log.push_back("preflight");
        if (!preflight_ok) {
            error = "/var/lib/lifeline: 0 bytes free";
            return std::nullopt;
        }
        return Preflight{{"sshd", "nftables", "fail2ban"}, budget};
    }
    bool arm(Millis window, std::string& error) override {
        host.log.push_back("arm");
        if (!arm_ok) {
            error = "systemd-run failed";
            return false;
        }
        host.armed = true;
        host.deadline = host.clock.now() + window;
        return true;
    }
    bool extend(Millis window) override {
        host.tick();
        if (!host.canary_alive || !host.armed) return false;
        ++extends;
        host.deadline = host.clock.now() + window;
        return true;
    }
    void release() override { host.log.push_back("release"); }
    PostCheck post_check() override {
        if (!linted_before) {  // the preflight's baseline
            linted_before = true;
            host.log.push_back("lint-before");
            return {true, lockouts_before, lockouts_before, {}, live_error};
        }
        host.log.push_back("post-check");
        return {true, lockouts, lockouts, own_login, live_error};
    }
    bool rollback_now(std::string& error) override {
        host.tick();
        host.log.push_back("rollback");
        if (!rollback_ok) {
            error = "tar: short read";
            return false;
        }
        host.armed = false;
        host.restore();
        return true;
    }
    void close() override { host.log.push_back("close"); }

    SimHost& host;
    bool can_open = true, preflight_ok = true, arm_ok = true, rollback_ok = true;
    int budget = 3;
    int extends = 0;
    std::vector<std::string> lockouts;
    std::vector<std::string> lockouts_before;
    bool linted_before = false;
    std::vector<std::string> own_login;
    std::string live_error;
};

class FakeProber final : public Prober {
public:
    explicit FakeProber(SimHost& h) : host(h) {}
    ProbeResult probe(const std::string&) override {
        host.tick();
        host.clock.t += 300ms;  // a probe takes time
        ++probes;
        if (host.refusals_left > 0) {
            --host.refusals_left;
            return {ProbeOutcome::refused, "simulated refused"};
        }
        if (host.broken) return {host.failure, "simulated " + std::string(outcome_name(host.failure))};
        return {ProbeOutcome::ok, ""};
    }
    std::string address() const override { return "10.0.0.2:2222"; }
    DisarmResult disarm(const std::string& nonce) override {
        DisarmResult d;
        d.login = probe(nonce);
        if (d.login.outcome != ProbeOutcome::ok) return d;
        if (flaky_disarms > 0) {
            --flaky_disarms;
            d.login = {ProbeOutcome::timed_out, "simulated flake"};
            return d;
        }
        d.fired = host.fired;
        host.armed = false;
        host.log.push_back("disarm");
        return d;
    }
    SimHost& host;
    int probes = 0;
    int flaky_disarms = 0;
};

/// A change that takes `duration`, then applies `effect` to the host.
class FakeChange final : public Change {
public:
    FakeChange(SimHost& h, Millis d, std::function<void(SimHost&)> e, int status = 0)
        : host(h), duration(d), effect(std::move(e)), exit_status(status) {}
    bool start(std::string&) override {
        host.log.push_back("change");
        end = host.clock.now() + duration;
        return true;
    }
    std::optional<int> wait_for(Millis timeout) override {
        Millis left = end - host.clock.now();
        if (left > timeout) {
            host.clock.t += timeout;
            host.tick();
            if (cut_canary_at && host.clock.now() >= *cut_canary_at) host.canary_alive = false;
            return std::nullopt;
        }
        host.clock.t += std::max(left, Millis(0));
        if (effect) effect(host);
        host.tick();
        return exit_status;
    }
    SimHost& host;
    Millis duration;
    std::function<void(SimHost&)> effect;
    int exit_status;
    Millis end{0};
    std::optional<Millis> cut_canary_at;
};

class Lines final : public Reporter {
public:
    void say(Phase p, Millis at, std::string_view m) override {
        lines.push_back(std::string(phase_name(p)) + ": " + std::string(m));
        times.push_back(at);
    }
    std::vector<std::string> lines;
    std::vector<Millis> times;
};

class Counter final : public NonceSource {
public:
    std::string next() override { return "n" + std::to_string(++n); }
    int n = 0;
};

struct Rig {
    FakeClock clock;
    SimHost host{clock};
    FakeRemote remote{host};
    FakeProber prober{host};
    Lines out;
    Counter nonces;
    GateOptions opt;
    GateOutcome run(FakeChange& change) {
        return run_gate(remote, prober, change, clock, out, nonces, opt);
    }
};

auto breaks(ProbeOutcome how) {
    return [how](SimHost& h) {
        h.broken = true;
        h.failure = how;
    };
}

TEST(Gate, GoodChangeIsKeptAfterAFreshLoginDisarms) {
    Rig r;
    FakeChange change(r.host, 5s, nullptr);
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_kept) << o.cause;
    EXPECT_EQ(o.probes.size(), 1u);
    EXPECT_EQ(r.host.log, (std::vector<std::string>{"open", "preflight", "lint-before", "arm", "change",
                                                     "post-check", "disarm", "close"}));
    EXPECT_FALSE(r.host.fired);
    EXPECT_EQ(r.out.lines.back(), "confirm: dead-man disarmed over a fresh login: the change is kept");
}

TEST(Gate, RefusedLoginRollsBackOverTheCanary) {
    Rig r;
    FakeChange change(r.host, 2s, breaks(ProbeOutcome::refused));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rolled_back);
    EXPECT_EQ(o.cause, "fresh login refused on 10.0.0.2:2222 after the change (simulated refused)");
    EXPECT_EQ(r.host.log, (std::vector<std::string>{"open", "preflight", "lint-before", "arm", "change",
                                                     "post-check", "rollback", "close"}));
    EXPECT_EQ(o.probes.size(), 3u);  // the budget, all refused
    EXPECT_FALSE(r.host.fired);
}

TEST(Gate, CanaryCutByTheChangeLeavesItToTheDeadman) {
    Rig r;
    r.opt.window = 120s;
    FakeChange change(r.host, 10s, [](SimHost& h) {
        h.broken = true;
        h.failure = ProbeOutcome::timed_out;
        h.canary_alive = false;  // a REJECT that also resets the canary
    });
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rolled_back) << o.cause;
    EXPECT_TRUE(o.canary_lost);
    EXPECT_TRUE(r.host.fired);
    // No rollback over the canary, no post-check without it: the dead-man restored the host.
    EXPECT_EQ(r.host.log, (std::vector<std::string>{"open", "preflight", "lint-before", "arm", "change",
                                                     "deadman-fired", "close"}));
    EXPECT_EQ(o.cause, "fresh login timed out on 10.0.0.2:2222 after the change (simulated timed-out)");
}

TEST(Gate, ALongChangeIsNotRolledBackWhileLifelineWatches) {
    Rig r;
    r.opt.window = 60s;
    FakeChange change(r.host, 600s, nullptr);  // ten windows long
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_kept) << o.cause;
    EXPECT_FALSE(r.host.fired);
    EXPECT_GE(r.remote.extends, 600 / 15);  // every quarter window
}

TEST(Gate, CanaryLostDuringALongChangeTheDeadmanFiresAndTheGateSaysSo) {
    Rig r;
    r.opt.window = 60s;
    FakeChange change(r.host, 300s, nullptr);
    change.cut_canary_at = r.clock.t + 30s;  // the operator's network drops, then comes back
    auto o = r.run(change);
    EXPECT_TRUE(r.host.fired);
    EXPECT_TRUE(o.canary_lost);
    EXPECT_EQ(o.exit_code, k_exit_rolled_back);
    EXPECT_EQ(o.cause,
              "the dead-man fired before the change was confirmed (the canary session was lost, "
              "so nothing extended the window)");
}

TEST(Gate, RollbackThatDoesNotRestoreTheLoginIsUnconfirmed) {
    Rig r;
    r.host.rollback_restores = false;
    r.opt.recovery_timeout = 20s;
    FakeChange change(r.host, 1s, breaks(ProbeOutcome::refused));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rollback_unconfirmed);
    EXPECT_EQ(r.out.lines.back(), "recover: no fresh login works after the rollback");
    // Refused probes do not count towards fail2ban: retried for the whole recovery timeout.
    EXPECT_GE(r.prober.probes, 3 + 15);
}

TEST(Gate, AuthDeniedRecoveryProbesStayWithinTheBudget) {
    Rig r;
    r.host.rollback_restores = false;
    r.remote.budget = 2;  // e.g. fail2ban maxretry 3
    FakeChange change(r.host, 1s, breaks(ProbeOutcome::auth_denied));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rollback_unconfirmed);
    EXPECT_EQ(r.prober.probes, 2 + 2);  // after the change, then after the rollback
}

TEST(Gate, FailedRollbackOverTheCanaryFallsBackToTheDeadman) {
    Rig r;
    r.remote.rollback_ok = false;
    FakeChange change(r.host, 1s, breaks(ProbeOutcome::auth_denied));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rolled_back);
    EXPECT_TRUE(r.host.fired);
    EXPECT_NE(std::find(r.out.lines.begin(), r.out.lines.end(),
                        "rollback: rollback over the canary failed: tar: short read; waiting for "
                        "the dead-man"),
              r.out.lines.end());
}

TEST(Gate, NothingChangesWhenTheCanaryCannotRollBack) {
    Rig r;
    r.remote.can_open = false;
    FakeChange change(r.host, 1s, breaks(ProbeOutcome::refused));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_refused_to_start);
    EXPECT_EQ(o.change_status, -1);
    EXPECT_EQ(r.host.log, std::vector<std::string>{"open"});
    EXPECT_EQ(o.cause, "cannot open a canary session able to roll back: alice@[2001:db8::7]:22: "
                       "sudo -n: a password is required");
}

TEST(Gate, PreflightOrArmFailureStopsBeforeTheChange) {
    {
        Rig r;
        r.remote.preflight_ok = false;
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_refused_to_start);
        EXPECT_EQ(o.cause, "preflight failed, nothing was changed: /var/lib/lifeline: 0 bytes free");
        EXPECT_EQ(r.host.log, (std::vector<std::string>{"open", "preflight", "close"}));
    }
    {
        Rig r;
        r.remote.arm_ok = false;
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_refused_to_start);
        EXPECT_EQ(r.host.log,
                  (std::vector<std::string>{"open", "preflight", "lint-before", "arm", "release", "close"}));
    }
}

TEST(Gate, LockoutInThePostCheckRollsBackUnlessToldNotTo) {
    {
        Rig r;
        r.remote.lockouts = {"etc/ssh/sshd_config:3:1: SSHD057 error: must_login alice@…"};
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_rolled_back);
        EXPECT_EQ(r.prober.probes, 1);  // no probe after the change: straight to the rollback
        EXPECT_EQ(o.cause, "the new state locks someone out: etc/ssh/sshd_config:3:1: SSHD057 "
                           "error: must_login alice@…");
    }
    {
        Rig r;
        r.remote.lockouts = {"etc/ssh/sshd_config:3:1: SSHD057 error: must_login alice@…"};
        r.opt.rollback_on_lockout = false;
        FakeChange change(r.host, 1s, nullptr);
        EXPECT_EQ(r.run(change).exit_code, k_exit_kept);
    }
}

TEST(Gate, ARefusedRecoveryProbeIsRetriedSoonAndAnAuthFailureAfterTheFullInterval) {
    Rig r;
    r.host.refused_after_restore = 2;  // sshd re-executing after the reload
    FakeChange change(r.host, 1s, breaks(ProbeOutcome::refused));
    auto o = r.run(change);
    EXPECT_EQ(o.exit_code, k_exit_rolled_back);
    // Three recovery probes (two refused, one works), each taking 300 ms, 250 ms apart: the
    // login works 1.1 s after the first refusal, not 2.6 s as at the 1 s probe interval.
    auto at = [&](const std::string& line) {
        auto it = std::find(r.out.lines.begin(), r.out.lines.end(), line);
        EXPECT_NE(it, r.out.lines.end()) << line;
        return it == r.out.lines.end() ? Millis(0) : r.out.times[static_cast<size_t>(it - r.out.lines.begin())];
    };
    EXPECT_EQ(at("recover: fresh login works after the rollback") -
                  at("recover: fresh login refused: simulated refused"),
              Millis(1100));
}

TEST(Gate, ALiveStateThatCannotBeReadIsSaidNotHidden) {
    Rig r;
    r.remote.live_error = "the script running the live commands on the host failed";
    FakeChange change(r.host, 1s, nullptr);
    EXPECT_EQ(r.run(change).exit_code, k_exit_kept);
    const std::string said = "live state not read (the script running the live commands on the "
                             "host failed): only the files are linted";
    EXPECT_EQ(std::count(r.out.lines.begin(), r.out.lines.end(), "preflight: " + said), 1);
    EXPECT_EQ(std::count(r.out.lines.begin(), r.out.lines.end(), "post-check: " + said), 1);
}

TEST(Gate, OnlyLockoutsTheChangeBroughtRollItBack) {
    const std::string old_one = "etc/ssh/sshd_config:3:1: SSHD057 must_login bob@… denied";
    const std::string new_one = "etc/ssh/sshd_config:9:1: SSHD057 must_login alice@… denied";
    {
        // A lockout already there before the change is reported, not held against it.
        Rig r;
        r.remote.lockouts_before = {old_one};
        r.remote.lockouts = {old_one};
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_kept) << o.cause;
    }
    {
        // One the change added rolls back, even next to an old one.
        Rig r;
        r.remote.lockouts_before = {old_one};
        r.remote.lockouts = {old_one, new_one};
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_rolled_back);
        EXPECT_EQ(o.cause, "the new state locks someone out: " + new_one);
    }
}

TEST(Gate, TheOwnLoginsModelNamesTheLineOfAFailedProbeButNeverDecidesAlone) {
    const std::string why =
        "/etc/ssh/sshd_config.d/50-port.conf:1: sshd refuses root from 10.0.0.9: sshd does not "
        "listen on IPv4 port 22 (it listens on 0.0.0.0:2222, [::]:2222)";
    {
        // The probes fail: the cause names the address and then the line the model blames.
        Rig r;
        r.remote.own_login = {why};
        FakeChange change(r.host, 1s, breaks(ProbeOutcome::refused));
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_rolled_back);
        EXPECT_EQ(o.cause, "fresh login refused on 10.0.0.2:2222 after the change (simulated "
                           "refused); " + why);
    }
    {
        // The model says refused but the fresh logins work: they decide, the change is kept.
        Rig r;
        r.remote.own_login = {why};
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_kept) << o.cause;
    }
}

TEST(OwnLogin, ReadFromSshConnection) {
    auto l = own_login_of("fd79::2 51234 fd79::1 2222", "alice");
    EXPECT_EQ(l.user, "alice");
    EXPECT_EQ(l.address, "fd79::2");
    EXPECT_EQ(l.port, 2222);
    EXPECT_EQ(own_login_of("", "root").address, "");            // a console: no SSH_CONNECTION
    EXPECT_EQ(own_login_of("10.0.0.2 1 10.0.0.1 x", "root").port, 0);  // garbled port
}

TEST(Gate, ChangeFailureRollsBackOnlyWhenAsked) {
    {
        Rig r;
        FakeChange change(r.host, 1s, nullptr, 2);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_kept);
        EXPECT_EQ(o.change_status, 2);
    }
    {
        Rig r;
        r.opt.rollback_on_change_failure = true;
        FakeChange change(r.host, 1s, nullptr, 2);
        auto o = r.run(change);
        EXPECT_EQ(o.exit_code, k_exit_rolled_back);
        EXPECT_EQ(o.cause, "the change command exited with status 2");
    }
}

TEST(Gate, AFlakyDisarmIsRetriedAndAFailedOneWaitsForTheDeadman) {
    {
        Rig r;
        r.prober.flaky_disarms = 1;
        FakeChange change(r.host, 1s, nullptr);
        EXPECT_EQ(r.run(change).exit_code, k_exit_kept);
    }
    {
        Rig r;
        r.prober.flaky_disarms = 10;
        FakeChange change(r.host, 1s, nullptr);
        auto o = r.run(change);
        EXPECT_TRUE(r.host.fired);  // waited for it rather than claim a rollback early
        EXPECT_EQ(o.exit_code, k_exit_rolled_back);
        EXPECT_EQ(o.cause,
                  "the change could not be confirmed (no fresh login could disarm the dead-man)");
    }
}

}  // namespace
}  // namespace lifeline::gate

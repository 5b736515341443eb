#include "ssh.hpp"

#include "local.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

namespace lifeline::gate {
namespace {

constexpr std::string_view k_ready = "lifeline-canary-ready";
/// The canary's remote loop: a ready line, then a heartbeat every second. sshd hands a command
/// to the user's login shell, which may not be a POSIX one (fish, csh): the loop runs in sh.
constexpr std::string_view k_canary_loop =
    "exec sh -c 'echo lifeline-canary-ready; while :; do echo hb; sleep 1; done'";

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::string last_line(const std::string& text) {
    auto lines = lines_of(text);
    while (!lines.empty() && lines.back().empty()) lines.pop_back();
    return lines.empty() ? "" : lines.back();
}

/// Why a run failed, in one line.
std::string failure(const std::string& what, const sys::RunResult& r) {
    using sys::RunStatus;
    switch (r.status) {
        case RunStatus::not_found: return what + ": ssh is not installed";
        case RunStatus::failed_to_start: return what + ": " + r.error;
        case RunStatus::timed_out: return what + ": timed out";
        case RunStatus::output_too_large: return what + ": too much output";
        case RunStatus::signalled: return what + ": killed by a signal";
        case RunStatus::exited: break;
    }
    std::string err = last_line(r.err);
    return what + ": exit status " + std::to_string(r.exit_code) + (err.empty() ? "" : ": " + err);
}

}  // namespace

SshRemote::SshRemote(Exec& exec, SshSettings settings, TreeLinter lint)
    : m_exec(exec), m_s(std::move(settings)), m_lint(std::move(lint)) {}

SshRemote::~SshRemote() { close(); }

ScriptVars SshRemote::vars(Millis window) const {
    return {m_s.gate_id, m_s.state_dir, static_cast<int>(std::max<long long>(1, window.count() / 1000)),
            m_operator};
}

bool SshRemote::open_canary(std::string& error) {
    char tmpl[] = "/tmp/lifeline-gate-XXXXXX";
    if (!::mkdtemp(tmpl)) {
        error = "cannot create a directory for the control socket";
        return false;
    }
    m_dir = tmpl;
    m_control = m_dir + "/ctl";
    std::vector<std::string> argv{"ssh", "-T", "-M", "-S", m_control,
                                  "-o", "ControlPersist=no",
                                  "-o", "ServerAliveInterval=2",
                                  "-o", "ServerAliveCountMax=3",
                                  "-o", "BatchMode=yes",
                                  "-o", "LogLevel=ERROR"};
    for (auto& w : target_words(m_s.target, m_s.ssh)) argv.push_back(std::move(w));
    argv.emplace_back(k_canary_loop);
    m_canary = m_exec.spawn(argv, {}, true, error);
    if (!m_canary) return false;
    // Bounded: the connect timeout plus time to authenticate.
    auto deadline = std::chrono::steady_clock::now() + m_s.ssh.connect_timeout + Millis(15000);
    while (std::chrono::steady_clock::now() < deadline) {
        auto lines = m_canary->lines();
        if (std::find(lines.begin(), lines.end(), k_ready) != lines.end()) break;
        if (auto st = m_canary->wait_for(Millis(50))) {
            error = format_target(m_s.target) + ": the canary session ended (ssh exit status " +
                    std::to_string(*st) + ")";
            return false;
        }
    }
    if (!canary_alive()) {
        error = format_target(m_s.target) + ": no heartbeat from the canary session";
        return false;
    }
    // Who are we there: root, or a user with password-less sudo.
    auto id = over_canary("id -u; echo \"$SSH_CONNECTION\"; id -un", "", Millis(20000));
    if (!id.ok()) {
        error = failure("id -u over the canary", id);
        return false;
    }
    auto lines = lines_of(id.out);
    if (lines.size() >= 2) m_operator = lines[1].substr(0, lines[1].find(' '));
    if (lines.size() >= 3) m_login = own_login_of(lines[1], lines[2]);
    if (lines.empty() || lines[0] != "0") {
        auto sudo = over_canary("sudo -n true", "", Millis(20000));
        if (!sudo.ok()) {
            error = format_target(m_s.target) +
                    ": the canary's user is not root and `sudo -n` does not work (" +
                    last_line(sudo.err) + "): it could not roll back";
            return false;
        }
        m_root_shell = "sudo -n sh -s";
    }
    return true;
}

bool SshRemote::canary_alive() {
    if (!m_canary || m_canary->wait_for(Millis(0))) return false;
    auto last = m_canary->last_line_at();
    return last && std::chrono::steady_clock::now() - *last < m_s.heartbeat_timeout;
}

sys::RunResult SshRemote::over_canary(const std::string& remote_command, const std::string& input,
                                      Millis timeout) {
    std::vector<std::string> argv{"ssh", "-T", "-S", m_control, "-o", "ControlMaster=no",
                                  "-o", "BatchMode=yes"};
    for (auto& w : target_words(m_s.target, m_s.ssh)) argv.push_back(std::move(w));
    argv.push_back(remote_command);
    return m_exec.run(argv, input, timeout);
}

std::optional<sys::RunResult> SshRemote::script(HostAction action, Millis window,
                                                std::string& error) {
    auto text = host_script(vars(window), action, error);
    if (!text) return std::nullopt;
    return over_canary(m_root_shell, *text, m_s.script_timeout);
}

std::optional<Preflight> SshRemote::preflight(std::string& error) {
    auto r = script(HostAction::preflight, m_window, error);
    if (!r) return std::nullopt;
    if (!r->ok()) {
        error = failure("preflight", *r);
        return std::nullopt;
    }
    return parse_preflight(r->out);
}

bool SshRemote::arm(Millis window, std::string& error) {
    m_window = window;
    auto r = script(HostAction::arm, window, error);
    if (!r) return false;
    if (!r->ok() || r->out.find("armed") == std::string::npos) {
        error = failure("arming the dead-man", *r);
        return false;
    }
    return true;
}

bool SshRemote::extend(Millis window) {
    std::string error;
    auto text = host_script(vars(window), HostAction::extend, error);
    if (!text) return false;
    return over_canary(m_root_shell, *text, Millis(10000)).ok();
}

void SshRemote::release() {
    std::string error;
    script(HostAction::release, m_window, error);
}

PostCheck lint_fetched(Exec& exec, const std::string& tar, const std::string& tree,
                       const TreeLinter& lint, const OwnLogin& login, const LiveFetch& live) {
    PostCheck pc;
    if (!lint) return pc;
    std::error_code ec;
    std::filesystem::remove_all(tree, ec);
    std::filesystem::create_directories(tree, ec);
    auto x = exec.run({"tar", "-xf", "-", "-C", tree, "--no-same-owner"}, tar, Millis(60000));
    if (x.ok()) pc = lint(tree, login, live);
    std::filesystem::remove_all(tree, ec);
    return pc;
}

PostCheck SshRemote::post_check() {
    std::string error;
    auto r = script(HostAction::fetch, m_window, error);
    if (!r || !r->ok()) return PostCheck{};
    // A directory of its own per fetch: the linter caches what it read by path.
    LiveFetch live = [this](const std::string& script) -> std::optional<std::string> {
        auto run = over_canary(m_root_shell, script, m_s.script_timeout);
        if (!run.ok()) return std::nullopt;
        return run.out;
    };
    return lint_fetched(m_exec, r->out, m_dir + "/state-" + std::to_string(++m_fetches), m_lint,
                        m_login, live);
}

bool SshRemote::rollback_now(std::string& error) {
    auto r = script(HostAction::rollback, m_window, error);
    if (!r) return false;
    if (!r->ok()) {
        error = failure("rollback", *r);
        return false;
    }
    return true;
}

void SshRemote::close() {
    if (m_canary) {
        if (!m_control.empty() && !m_canary->wait_for(Millis(0))) {
            std::vector<std::string> argv{"ssh", "-S", m_control, "-O", "exit"};
            for (auto& w : target_words(m_s.target, m_s.ssh)) argv.push_back(std::move(w));
            m_exec.run(argv, "", Millis(5000));
        }
        m_canary->stop();
        m_canary.reset();
    }
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
        m_dir.clear();
    }
}

SshProber::SshProber(Exec& exec, SshSettings settings, std::string root_shell,
                     std::string disarm_script)
    : m_exec(exec), m_s(std::move(settings)), m_root_shell(std::move(root_shell)),
      m_disarm(std::move(disarm_script)) {}

Millis SshProber::run_timeout() const {
    // ConnectTimeout bounds the TCP connect and the banner; authentication and the command
    // get another 15 s before the probe counts as timed out.
    return m_s.ssh.connect_timeout + Millis(15000);
}

ProbeResult SshProber::probe(const std::string& nonce) {
    return classify_probe(m_exec.run(probe_argv(m_s.target, m_s.ssh, "echo " + nonce), "",
                                     run_timeout()),
                          nonce);
}

DisarmResult SshProber::disarm(const std::string& nonce) {
    auto run = m_exec.run(probe_argv(m_s.target, m_s.ssh, "echo " + nonce + "; " + m_root_shell),
                          m_disarm, run_timeout());
    DisarmResult d;
    d.login = classify_probe(run, nonce);
    if (d.login.outcome == ProbeOutcome::ok) {
        auto lines = lines_of(run.out);
        d.fired = std::find(lines.begin(), lines.end(), "fired") != lines.end();
        bool disarmed = std::find(lines.begin(), lines.end(), "disarmed") != lines.end();
        if (!d.fired && !disarmed)
            d.login = {ProbeOutcome::command_failed,
                       "logged in, but the disarm script said: " + last_line(run.out + run.err)};
    }
    return d;
}

}  // namespace lifeline::gate

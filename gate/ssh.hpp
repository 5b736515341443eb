#pragma once
/// The gate over SSH with the system OpenSSH client: the canary session (a master connection
/// whose remote loop prints a heartbeat, and whose control socket carries the host-side
/// scripts) and fresh-login probes that share nothing with it.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "exec.hpp"
#include "gate.hpp"
#include "host_script.hpp"
#include "probe.hpp"

namespace lifeline::gate {

/// What SshRemote and SshProber need to reach the host.
struct SshSettings {
    Target target;
    ProbeOptions ssh;                 ///< ConnectTimeout, -o options, identity
    std::string state_dir = "/var/lib/lifeline";
    std::string gate_id;
    Millis script_timeout{120000};    ///< one host-side script
    Millis heartbeat_timeout{5000};   ///< the canary counts as lost after this much silence
};

/// Runs a POSIX sh script as root on the host (live_commands_script) and returns its stdout, or
/// nullopt when it could not run.
using LiveFetch = std::function<std::optional<std::string>(const std::string& script)>;

/// Lints a directory holding the host's fetched files, and the host's live state through
/// `live` (empty: files only); `login` is the gate's own login, checked as an advisory declared
/// login. Returns the post-check.
using TreeLinter = std::function<PostCheck(const std::string& tree, const OwnLogin& login,
                                           const LiveFetch& live)>;

/// Extracts `tar` (ll_fetch's stream) into `tree`, lints it, removes it. Every call needs a
/// `tree` of its own: the linter caches the files it read, and the plugins their models, by path.
PostCheck lint_fetched(Exec& exec, const std::string& tar, const std::string& tree,
                       const TreeLinter& lint, const OwnLogin& login, const LiveFetch& live);

class SshRemote final : public Remote {
public:
    SshRemote(Exec& exec, SshSettings settings, TreeLinter lint);
    ~SshRemote() override;

    bool open_canary(std::string& error) override;
    bool canary_alive() override;
    std::optional<Preflight> preflight(std::string& error) override;
    bool arm(Millis window, std::string& error) override;
    bool extend(Millis window) override;
    void release() override;
    PostCheck post_check() override;
    bool rollback_now(std::string& error) override;
    void close() override;

    /// The canary's control socket (LIFELINE_CONTROL_PATH for the change), once open.
    const std::string& control_path() const { return m_control; }
    /// The remote command that runs a script from stdin as root: `sh -s` or `sudo -n sh -s`.
    const std::string& root_shell() const { return m_root_shell; }
    /// The operator's address as the host sees it (SSH_CONNECTION), or "".
    const std::string& operator_address() const { return m_operator; }
    const OwnLogin& own_login() const { return m_login; }
    /// The variables of this gate's host-side scripts.
    ScriptVars vars(Millis window) const;

private:
    sys::RunResult over_canary(const std::string& remote_command, const std::string& input,
                               Millis timeout);
    std::optional<sys::RunResult> script(HostAction action, Millis window, std::string& error);

    Exec& m_exec;
    SshSettings m_s;
    TreeLinter m_lint;
    std::unique_ptr<Child> m_canary;
    std::string m_dir;      ///< local 0700 directory of the control socket
    std::string m_control;  ///< its path
    std::string m_root_shell = "sh -s";
    std::string m_operator;
    OwnLogin m_login;
    int m_fetches = 0;
    Millis m_window{120000};
};

class SshProber final : public Prober {
public:
    /// `disarm_script` is the host-side disarm script, `root_shell` how to run it as root.
    SshProber(Exec& exec, SshSettings settings, std::string root_shell, std::string disarm_script);
    ProbeResult probe(const std::string& nonce) override;
    DisarmResult disarm(const std::string& nonce) override;
    std::string address() const override { return probe_address(m_s.target); }

private:
    Millis run_timeout() const;
    Exec& m_exec;
    SshSettings m_s;
    std::string m_root_shell;
    std::string m_disarm;
};

}  // namespace lifeline::gate

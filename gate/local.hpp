#pragma once
/// The gate on the host itself (`lifeline run --local`, as root): the host-side scripts run here
/// with `sh -s`, the post-check lints / directly, and there is no canary session — lifeline's
/// own process is the sign of life: when the operator's session dies and takes lifeline with
/// it, the deadline stops moving and the dead-man rolls back.

#include <string>

#include "exec.hpp"
#include "gate.hpp"
#include "host_script.hpp"
#include "ssh.hpp"

namespace lifeline::gate {

class LocalRemote final : public Remote {
public:
    /// `state_dir`, `gate_id` as for SshRemote; `lint` gets "/".
    LocalRemote(Exec& exec, std::string state_dir, std::string gate_id, TreeLinter lint);

    bool open_canary(std::string& error) override;
    bool canary_alive() override { return true; }
    std::optional<Preflight> preflight(std::string& error) override;
    bool arm(Millis window, std::string& error) override;
    bool extend(Millis window) override;
    void release() override;
    PostCheck post_check() override;
    bool rollback_now(std::string& error) override;
    void close() override;
    ~LocalRemote() override { close(); }

    /// The operator's address from SSH_CONNECTION, or "".
    const std::string& operator_address() const { return m_operator; }
    ScriptVars vars(Millis window) const;

private:
    std::optional<sys::RunResult> script(HostAction action, Millis window, std::string& error);

    Exec& m_exec;
    std::string m_state_dir;
    std::string m_id;
    TreeLinter m_lint;
    std::string m_operator;
    OwnLogin m_login;
    std::string m_dir;  ///< private scratch directory for the fetched states, or ""
    int m_fetches = 0;
    Millis m_window{120000};
};

/// The preflight's output read into a Preflight (layers, the probe budget from the limits).
Preflight parse_preflight(const std::string& output);

}  // namespace lifeline::gate

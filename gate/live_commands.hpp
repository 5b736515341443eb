#pragma once
/// The host's live state for the post-check, read over the canary: the plugins ask a
/// RecordedRunner for the commands `lint --live` runs (iptables-save, `nft -j list ruleset`,
/// `fail2ban-client banned`, `ss -tlnpH`, …); what it cannot answer yet it notes, the gate runs
/// those commands on the host in one script (live_commands_script) and feeds their results back
/// (parse_live_results), and the lint runs again, until nothing new is asked (a few rounds: a
/// command may depend on another's output).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/sys/process.hpp"

namespace lifeline::gate {

using Argv = std::vector<std::string>;

class RecordedRunner final : public sys::ProcessRunner {
public:
    /// The recorded result of `argv`; a command not fetched yet is noted and answers
    /// failed_to_start ("not read from the host yet").
    sys::RunResult run(const Argv& argv, std::chrono::milliseconds timeout =
                                             sys::k_command_timeout) const override;
    /// The commands asked for and not recorded, in the order asked; clears the list.
    std::vector<Argv> take_missing();
    void record(const Argv& argv, sys::RunResult result);
    std::size_t size() const { return m_results.size(); }

private:
    std::map<Argv, sys::RunResult> m_results;
    mutable std::vector<Argv> m_missing;
};

/// A POSIX sh script (run as root on the host) that runs each command the way the real runner
/// does (no shell, PATH the system directories, LC_ALL=C, stdin /dev/null, 10 s each) and prints
/// for command i: `@@ i STATUS OUTLEN ERRLEN\n`, then its stdout and stderr bytes. STATUS is the
/// exit status, `nf` (not installed) or `to` (timed out).
std::string live_commands_script(const std::vector<Argv>& commands);

/// Reads that output back into `runner`. False (and `error`) when it is malformed; the
/// commands read before the fault are kept.
bool parse_live_results(const std::string& output, const std::vector<Argv>& commands,
                        RecordedRunner& runner, std::string& error);

}  // namespace lifeline::gate

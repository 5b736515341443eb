#pragma once
/// Running programs behind an interface, so the code that reads live state (`lint --live`) is
/// tested with a fake that replays captured outputs, and the real runner is tested on its own.

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lifeline::sys {

/// How a run ended.
enum class RunStatus {
    exited,            ///< the program ran and exited (see exit_code)
    not_found,         ///< no such program in the search directories: the tool is not installed
    failed_to_start,   ///< it exists but could not be started (see error)
    timed_out,         ///< killed after the timeout
    output_too_large,  ///< killed after printing more than k_max_command_output bytes
    signalled,         ///< killed by a signal it did not get from us
};

/// What a run produced.
struct RunResult {
    RunStatus status = RunStatus::not_found;
    int exit_code = -1;  ///< exited only
    std::string out;
    std::string err;
    std::string error;  ///< why it did not run (failed_to_start)

    /// True when the program ran and exited with status 0.
    bool ok() const { return status == RunStatus::exited && exit_code == 0; }
};

/// Output beyond this (stdout and stderr together) stops the program: bounded memory on a
/// host with a pathological ruleset.
inline constexpr std::size_t k_max_command_output = 64ull * 1024 * 1024;
/// How long one live command may take.
inline constexpr std::chrono::milliseconds k_command_timeout{10000};

/// Runs a program without a shell: argv[0] is a program name looked up in fixed system
/// directories (never $PATH, which a root tool must not trust) or an absolute path.
class ProcessRunner {
public:
    virtual ~ProcessRunner() = default;
    /// Runs `argv` with an empty stdin, collecting stdout and stderr, killing it after
    /// `timeout`.
    virtual RunResult run(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = k_command_timeout) const = 0;
};

/// Where the real runner looks for programs: sudo's secure_path.
inline const std::vector<std::string> k_program_dirs = {
    "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"};

/// The real runner (Boost.Process): the environment is reduced to PATH (k_program_dirs) and
/// LC_ALL=C, so tools print their untranslated, parseable output.
std::unique_ptr<ProcessRunner> make_real_process_runner();

/// How run_program() differs from the system-tool runner.
struct RunOptions {
    std::string input;              ///< written to the program's stdin (then closed)
    bool user_environment = false;  ///< the caller's environment and $PATH lookup, unchanged
};

/// Runs one program to its end the way the real runner does (argv without a shell, both
/// outputs collected and bounded, SIGKILL after `timeout`), with `options`. The change gate runs
/// the operator's OpenSSH client through it: the user's agent, ssh config and PATH must apply.
/// Writing stdin to a program that exits early fails quietly: SIGPIPE is ignored from the first
/// run on (the process gets EPIPE instead).
RunResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const RunOptions& options);

/// Runs each distinct command once and replays its result afterwards: every layer of one
/// `lint --live` run sees the same snapshot of the host, even when two plugins ask for it.
class CachingProcessRunner final : public ProcessRunner {
public:
    explicit CachingProcessRunner(const ProcessRunner& inner) : m_inner(inner) {}
    RunResult run(const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout = k_command_timeout) const override;

private:
    const ProcessRunner& m_inner;
    mutable std::map<std::vector<std::string>, RunResult> m_results;
};

/// One line saying why a run gave no usable output, for messages: "iptables-save is not
/// installed", "nft timed out after 10 s", "fail2ban-client exited with status 255: ERROR
/// Failed to access socket path: …" (the last non-empty line of stderr, shortened).
std::string describe_failure(const std::vector<std::string>& argv, const RunResult& result);

}  // namespace lifeline::sys

#pragma once
/// Programs the gate runs on the operator's side — the OpenSSH client and the wrapped change —
/// with the operator's own environment (ssh-agent, ~/.ssh/config) and PATH, unlike the core's
/// sys::ProcessRunner, which runs system tools as root with a fixed environment.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/sys/process.hpp"

namespace lifeline::gate {

/// A program started by Exec::spawn that keeps running.
class Child {
public:
    virtual ~Child() = default;
    /// Waits up to `timeout` for it to end: its exit status (128+N when killed by signal N), or
    /// nullopt while it runs.
    virtual std::optional<int> wait_for(std::chrono::milliseconds timeout) = 0;
    /// Ends it (SIGTERM, then SIGKILL after a moment) and reaps it.
    virtual void stop() = 0;
    /// With captured output: the stdout lines read so far, from `from` on.
    virtual std::vector<std::string> lines(std::size_t from = 0) const = 0;
    /// With captured output: when the last stdout line arrived (steady clock), if any did.
    virtual std::optional<std::chrono::steady_clock::time_point> last_line_at() const = 0;
};

class Exec {
public:
    virtual ~Exec() = default;
    /// Runs `argv` (looked up in $PATH) with `input` on stdin, collecting stdout and stderr,
    /// killing it after `timeout`.
    virtual sys::RunResult run(const std::vector<std::string>& argv, const std::string& input,
                               std::chrono::milliseconds timeout) = 0;
    /// Starts `argv` with `extra_env` added to the environment. With `capture`, stdout is read
    /// line by line (Child::lines) and stdin/stderr are /dev/null and inherited; without it,
    /// stdin, stdout and stderr are the operator's terminal. nullptr (and `error`) on failure.
    virtual std::unique_ptr<Child> spawn(const std::vector<std::string>& argv,
                                         const std::map<std::string, std::string>& extra_env,
                                         bool capture, std::string& error) = 0;
};

/// The real Exec (Boost.Process).
std::unique_ptr<Exec> make_real_exec();

}  // namespace lifeline::gate

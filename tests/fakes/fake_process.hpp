#pragma once
/// A lifeline::sys::ProcessRunner for tests: each command line (argv joined by spaces) gets a
/// prepared result; a command nobody prepared is "not installed". Every call is recorded.

#include <map>
#include <string>
#include <vector>

#include "lifeline/sys/process.hpp"

namespace lifeline::test {

class FakeProcessRunner final : public sys::ProcessRunner {
  public:
    /// `command` exits with `exit_code`, printing `out` and `err`.
    FakeProcessRunner& on(const std::string& command, std::string out, int exit_code = 0,
                          std::string err = {});
    /// `command` ends with `status` (timed_out, failed_to_start, …) and no output.
    FakeProcessRunner& fail(const std::string& command, sys::RunStatus status,
                            std::string error = {});
    /// `command` prints the contents of the file `path` (captured real output) and exits 0.
    FakeProcessRunner& on_file(const std::string& command, const std::string& path,
                               int exit_code = 0);

    sys::RunResult run(const std::vector<std::string>& argv,
                       std::chrono::milliseconds timeout = sys::k_command_timeout) const override;

    /// The command lines run so far, in order.
    const std::vector<std::string>& calls() const { return m_calls; }

  private:
    std::map<std::string, sys::RunResult> m_results;
    mutable std::vector<std::string> m_calls;
};

/// The contents of a test data file; throws std::runtime_error (failing the test) when unreadable.
std::string read_test_file(const std::string& path);

}  // namespace lifeline::test

#pragma once
/// Runs a command for tests, with a bounded wait: the real binaries are the thing under test.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace lifeline::test {

/// What a finished command produced.
struct CommandResult {
    int exit_code = -1;     ///< -1 when it was killed for running too long
    bool timed_out = false;
    std::string out;
    std::string err;
};

/// Runs `argv` (argv[0] is a path or a name looked up in PATH), with extra environment variables,
/// killing it after `timeout`.
CommandResult run_command(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(30),
                          const std::vector<std::pair<std::string, std::string>>& env = {});

/// Path of the lifeline binary under test (from the LIFELINE_BIN compile definition).
std::string lifeline_bin();
/// The repository's source directory (from LIFELINE_SOURCE_DIR).
std::string source_dir();

}  // namespace lifeline::test

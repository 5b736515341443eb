#pragma once
/// Child processes for the git commands: one-shot runs with captured output, and a long-running
/// child spoken to over its stdin and stdout. Every descriptor lifeline opens is close-on-exec,
/// so a child never holds another child's pipe open (a worker's result pipe, cat-file's stdin).

#include <sys/types.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lifeline::cli {

/// What a finished command printed, and how it ended.
struct CommandOutput {
    int status = -1;  ///< exit status; -1 when it could not start or died from a signal
    std::string out;
    std::string err;         ///< at most k_max_stderr bytes
    bool truncated = false;  ///< stdout exceeded the limit given to run_capture
};

inline constexpr size_t k_max_stderr = 64 * 1024;

/// Runs `argv` (argv[0] looked up in PATH) with stdin from /dev/null, collecting stdout up to
/// `max_out` bytes (the rest is read and dropped, so the child never blocks) and stderr.
CommandOutput run_capture(const std::vector<std::string>& argv, size_t max_out);

/// A running child whose stdin (a socket, so writes after its death fail with EPIPE instead of
/// raising SIGPIPE) and stdout are ours. Its stderr is lifeline's.
class Coprocess {
  public:
    Coprocess() = default;
    Coprocess(const Coprocess&) = delete;
    Coprocess& operator=(const Coprocess&) = delete;
    ~Coprocess() { close(); }

    /// Starts `argv`; false (with `error`) when it cannot.
    bool start(const std::vector<std::string>& argv, std::string& error);
    bool running() const { return m_pid > 0; }
    /// The process that started the child: after fork() a worker must not use its parent's.
    pid_t owner() const { return m_owner; }
    /// Writes all of `data` to the child's stdin.
    bool write_all(std::string_view data);
    /// Reads one line (without '\n') from the child's stdout; false at EOF or error.
    bool read_line(std::string& line);
    /// Reads exactly `n` bytes into `out` (appending when `out` is given, dropping them when null).
    bool read_exact(size_t n, std::string* out);
    /// Closes stdin, waits for the child (when this process started it) and forgets it.
    void close();
    /// Forgets a child started by another process (the parent of a forked worker): closes this
    /// process's copies of the descriptors without waiting.
    void abandon();

  private:
    bool fill();

    pid_t m_pid = -1;
    pid_t m_owner = -1;
    int m_in = -1;
    int m_out = -1;
    std::string m_buf;
    size_t m_pos = 0;
};

}  // namespace lifeline::cli

// The real ProcessRunner: Boost.Process (Debian's libboost-dev, header-only) with both pipes read
// asynchronously, so a program that fills one pipe never blocks, and one deadline for the whole
// run. No shell is involved: the program's path and arguments go to execve as they are.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/async_pipe.hpp>
#include <boost/process/child.hpp>
#include <boost/process/env.hpp>
#include <boost/process/environment.hpp>
#include <boost/process/io.hpp>
#include <boost/process/search_path.hpp>
#include <optional>

#include "lifeline/sys/process.hpp"

namespace bp = boost::process;
namespace asio = boost::asio;

namespace lifeline::sys {
namespace {

bool executable_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

/// The program's path: an absolute path as given, a bare name in k_program_dirs; "" when absent.
std::string find_program(const std::string& name) {
    if (name.find('/') != std::string::npos) return executable_file(name) ? name : std::string();
    for (const std::string& dir : k_program_dirs) {
        std::string path = dir + "/" + name;
        if (executable_file(path)) return path;
    }
    return {};
}

/// Reads one pipe into a string until end of file, counting against a shared byte budget.
class Collector {
public:
    Collector(bp::async_pipe& pipe, std::string& into, std::size_t& budget, bool& over)
        : m_pipe(pipe), m_into(into), m_budget(budget), m_over(over) {}

    void start() {
        m_pipe.async_read_some(asio::buffer(m_buf), [this](const boost::system::error_code& ec,
                                                           std::size_t n) {
            if (n > m_budget) {
                m_over = true;
                n = m_budget;
            }
            m_into.append(m_buf.data(), n);
            m_budget -= n;
            if (!ec && !m_over) start();
        });
    }

private:
    bp::async_pipe& m_pipe;
    std::string& m_into;
    std::size_t& m_budget;
    bool& m_over;
    std::array<char, 64 * 1024> m_buf{};
};

/// The program's path for `options`: the fixed system directories, or the caller's $PATH.
std::string locate(const std::string& name, const RunOptions& options) {
    if (!options.user_environment || name.find('/') != std::string::npos) return find_program(name);
    return bp::search_path(name).string();
}

RunResult run_found(const std::string& exe, const std::vector<std::string>& argv,
                    std::chrono::milliseconds timeout, const RunOptions& options) {
    RunResult r;
    asio::io_context io;
    bp::async_pipe in(io), out(io), err(io);
    std::error_code start_error;
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    auto exit_handler = bp::on_exit([](int, const std::error_code&) {});
    std::optional<bp::child> started;
    if (options.user_environment) {
        started.emplace(exe, bp::args(args), bp::std_in < in, bp::std_out > out,
                        bp::std_err > err, io, exit_handler, start_error);
    } else {
        // Only PATH and LC_ALL reach the program. Boost 1.74's environment lookup compares
        // "NAME=" with memcmp against each entry, so every name added must be no longer than
        // the entries already present: LC_ALL=C first, then PATH.
        bp::environment env;
        env.emplace("LC_ALL", "C");
        std::string path;
        for (const std::string& dir : k_program_dirs) path += (path.empty() ? "" : ":") + dir;
        env.emplace("PATH", path);
        started.emplace(exe, bp::args(args), env, bp::std_in < in, bp::std_out > out,
                        bp::std_err > err, io, exit_handler, start_error);
    }
    bp::child& child = *started;
    if (start_error) {
        r.status = RunStatus::failed_to_start;
        r.error = start_error.message();
        return r;
    }
    if (options.input.empty()) {
        in.close();
    } else {
        asio::async_write(in, asio::buffer(options.input),
                          [&in](const boost::system::error_code&, std::size_t) { in.close(); });
    }
    std::size_t budget = k_max_command_output;
    bool over = false;
    Collector out_reader(out, r.out, budget, over), err_reader(err, r.err, budget, over);
    out_reader.start();
    err_reader.start();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!io.stopped() && !over && std::chrono::steady_clock::now() < deadline)
        io.run_one_until(deadline);
    std::error_code ec;
    if (!io.stopped()) {
        // Still running (or printing too much): SIGKILL, then reap it.
        child.terminate(ec);
        child.wait(ec);
        r.status = over ? RunStatus::output_too_large : RunStatus::timed_out;
        return r;
    }
    child.wait(ec);
    int status = child.native_exit_code();
    if (WIFSIGNALED(status)) {
        r.status = RunStatus::signalled;
    } else {
        r.status = RunStatus::exited;
        r.exit_code = WEXITSTATUS(status);
    }
    return r;
}

class RealProcessRunner final : public ProcessRunner {
public:
    RunResult run(const std::vector<std::string>& argv,
                  std::chrono::milliseconds timeout) const override {
        return run_program(argv, timeout, {});
    }
};

}  // namespace

std::unique_ptr<ProcessRunner> make_real_process_runner() {
    return std::make_unique<RealProcessRunner>();
}

RunResult run_program(const std::vector<std::string>& argv, std::chrono::milliseconds timeout,
                      const RunOptions& options) {
    RunResult r;
    if (argv.empty()) {
        r.status = RunStatus::failed_to_start;
        r.error = "empty command";
        return r;
    }
    std::string exe = locate(argv[0], options);
    if (exe.empty()) return r;  // not_found
    // Ignored from the first run on, not only when writing stdin: Asio forwards SIGCHLD through
    // a self-pipe, and a child reaped after the io_context is gone can make that handler write
    // to a closed pipe; the ASan run of RealProcessRunner.OutputIsBounded died of SIGPIPE once.
    ::signal(SIGPIPE, SIG_IGN);
    try {
        return run_found(exe, argv, timeout, options);
    } catch (const std::exception& e) {
        // Boost.Process and Asio report system failures as exceptions; users get a value.
        r.status = RunStatus::failed_to_start;
        r.error = e.what();
        return r;
    }
}

}  // namespace lifeline::sys

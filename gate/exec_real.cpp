// The real Exec: Boost.Process (Debian's libboost-dev). run() feeds stdin and reads both output
// pipes asynchronously under one deadline; spawn() keeps a child running, with a reader thread
// for its stdout lines when captured. Extra environment variables go through env(1) rather
// than Boost's environment object (Boost 1.74 compares names with memcmp over entry lengths).
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <array>
#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/args.hpp>
#include <boost/process/async.hpp>
#include <boost/process/async_pipe.hpp>
#include <boost/process/child.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/search_path.hpp>
#include <mutex>
#include <thread>

#include "exec.hpp"

namespace bp = boost::process;
namespace asio = boost::asio;

namespace lifeline::gate {
namespace {

/// The program's path: as given when it contains '/', else found in $PATH; "" when absent.
std::string find(const std::string& name) {
    if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
    return bp::search_path(name).string();
}

/// `env NAME=VALUE… argv…` when there are variables to add.
std::vector<std::string> with_env(const std::vector<std::string>& argv,
                                  const std::map<std::string, std::string>& extra) {
    if (extra.empty()) return argv;
    std::vector<std::string> out{"env"};
    for (const auto& [k, v] : extra) out.push_back(k + "=" + v);
    out.insert(out.end(), argv.begin(), argv.end());
    return out;
}

class Reader {
public:
    Reader(bp::async_pipe& pipe, std::string& into, std::size_t& budget, bool& over)
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
    std::array<char, 16 * 1024> m_buf{};
};

int exit_status_of(int native) {
    if (WIFSIGNALED(native)) return 128 + WTERMSIG(native);
    return WEXITSTATUS(native);
}

class RealChild final : public Child {
public:
    RealChild(bp::child child, std::unique_ptr<bp::ipstream> out)
        : m_child(std::move(child)), m_out(std::move(out)) {
        if (m_out) m_reader = std::thread([this] { read_lines(); });
    }
    ~RealChild() override { stop(); }

    std::optional<int> wait_for(std::chrono::milliseconds timeout) override {
        if (m_status) return m_status;
        if (!m_child.valid()) return m_status = 255;
        // Polled with running() (waitpid WNOHANG): Boost 1.74's wait_for sleeps the whole
        // timeout even when the child has already ended.
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            std::error_code ec;
            bool running = m_child.running(ec);
            if (ec) {  // lost track of it: treat as ended
                m_status = 255;
                join();
                return m_status;
            }
            if (!running) {
                m_status = exit_status_of(m_child.native_exit_code());
                join();
                return m_status;
            }
            auto now = std::chrono::steady_clock::now();
            if (now >= deadline) return std::nullopt;
            std::this_thread::sleep_for(
                std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(10)));
        }
    }

    void stop() override {
        if (!m_status && m_child.valid()) {
            std::error_code ec;
            if (m_child.running(ec)) {
                ::kill(m_child.id(), SIGTERM);
                if (!wait_for(std::chrono::milliseconds(1000))) {
                    m_child.terminate(ec);
                    m_child.wait(ec);
                    m_status = exit_status_of(m_child.native_exit_code());
                }
            } else {
                m_status = exit_status_of(m_child.native_exit_code());
            }
        }
        join();
    }

    std::vector<std::string> lines(std::size_t from) const override {
        std::lock_guard lock(m_mutex);
        if (from >= m_lines.size()) return {};
        return {m_lines.begin() + static_cast<long>(from), m_lines.end()};
    }

    std::optional<std::chrono::steady_clock::time_point> last_line_at() const override {
        std::lock_guard lock(m_mutex);
        return m_last;
    }

private:
    void read_lines() {
        std::string line;
        while (std::getline(*m_out, line)) {
            std::lock_guard lock(m_mutex);
            if (m_lines.size() < 100000) m_lines.push_back(line);
            m_last = std::chrono::steady_clock::now();
        }
    }
    void join() {
        if (m_reader.joinable()) m_reader.join();
    }

    bp::child m_child;
    std::unique_ptr<bp::ipstream> m_out;
    std::thread m_reader;
    mutable std::mutex m_mutex;
    std::vector<std::string> m_lines;
    std::optional<std::chrono::steady_clock::time_point> m_last;
    std::optional<int> m_status;
};

class RealExec final : public Exec {
public:
    sys::RunResult run(const std::vector<std::string>& argv, const std::string& input,
                       std::chrono::milliseconds timeout) override {
        sys::RunResult r;
        if (argv.empty()) {
            r.status = sys::RunStatus::failed_to_start;
            r.error = "empty command";
            return r;
        }
        std::string exe = find(argv[0]);
        if (exe.empty()) return r;  // not_found
        try {
            return run_found(exe, argv, input, timeout);
        } catch (const std::exception& e) {
            r.status = sys::RunStatus::failed_to_start;
            r.error = e.what();
            return r;
        }
    }

    std::unique_ptr<Child> spawn(const std::vector<std::string>& argv0,
                                 const std::map<std::string, std::string>& extra_env,
                                 bool capture, std::string& error) override {
        std::vector<std::string> argv = with_env(argv0, extra_env);
        if (argv.empty()) {
            error = "empty command";
            return nullptr;
        }
        std::string exe = find(argv[0]);
        if (exe.empty()) {
            error = argv[0] + ": command not found";
            return nullptr;
        }
        try {
            std::error_code ec;
            std::vector<std::string> args(argv.begin() + 1, argv.end());
            if (capture) {
                auto out = std::make_unique<bp::ipstream>();
                bp::child c(exe, bp::args(args), bp::std_in < bp::null, bp::std_out > *out, ec);
                if (ec) {
                    error = ec.message();
                    return nullptr;
                }
                return std::make_unique<RealChild>(std::move(c), std::move(out));
            }
            bp::child c(exe, bp::args(args), ec);
            if (ec) {
                error = ec.message();
                return nullptr;
            }
            return std::make_unique<RealChild>(std::move(c), nullptr);
        } catch (const std::exception& e) {
            error = e.what();
            return nullptr;
        }
    }

private:
    static sys::RunResult run_found(const std::string& exe, const std::vector<std::string>& argv,
                                    const std::string& input, std::chrono::milliseconds timeout) {
        sys::RunResult r;
        asio::io_context io;
        bp::async_pipe in(io), out(io), err(io);
        std::error_code start_error;
        bp::child child(exe, bp::args(std::vector<std::string>(argv.begin() + 1, argv.end())),
                        bp::std_in < in, bp::std_out > out, bp::std_err > err, io,
                        bp::on_exit([](int, const std::error_code&) {}), start_error);
        if (start_error) {
            r.status = sys::RunStatus::failed_to_start;
            r.error = start_error.message();
            return r;
        }
        asio::async_write(in, asio::buffer(input),
                          [&in](const boost::system::error_code&, std::size_t) { in.close(); });
        std::size_t budget = sys::k_max_command_output;
        bool over = false;
        Reader out_reader(out, r.out, budget, over), err_reader(err, r.err, budget, over);
        out_reader.start();
        err_reader.start();
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!io.stopped() && !over && std::chrono::steady_clock::now() < deadline)
            io.run_one_until(deadline);
        std::error_code ec;
        if (!io.stopped()) {
            child.terminate(ec);
            child.wait(ec);
            r.status = over ? sys::RunStatus::output_too_large : sys::RunStatus::timed_out;
            return r;
        }
        child.wait(ec);
        int status = child.native_exit_code();
        if (WIFSIGNALED(status)) {
            r.status = sys::RunStatus::signalled;
        } else {
            r.status = sys::RunStatus::exited;
            r.exit_code = WEXITSTATUS(status);
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Exec> make_real_exec() {
    // A program that exits without reading all of its stdin must not take lifeline with it:
    // writes to its pipe then fail with EPIPE instead of raising SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    return std::make_unique<RealExec>();
}

}  // namespace lifeline::gate

// The real Exec: run() is the core's run_program() with the user's environment and stdin;
// spawn() (Boost.Process) keeps a child running, with a reader thread for its stdout lines when
// captured. Extra environment variables go through env(1) rather than Boost's environment
// object (Boost 1.74 compares names with memcmp over entry lengths).
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>

#include <boost/process/args.hpp>
#include <boost/process/child.hpp>
#include <boost/process/io.hpp>
#include <boost/process/pipe.hpp>
#include <boost/process/search_path.hpp>
#include <mutex>
#include <thread>

#include "exec.hpp"

namespace bp = boost::process;

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
        return sys::run_program(argv, timeout, {input, true});
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

};

}  // namespace

std::unique_ptr<Exec> make_real_exec() {
    // A program that exits without reading all of its stdin must not take lifeline with it:
    // writes to its pipe then fail with EPIPE instead of raising SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    return std::make_unique<RealExec>();
}

}  // namespace lifeline::gate

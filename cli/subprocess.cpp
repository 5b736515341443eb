#include "subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace lifeline::cli {
namespace {

/// Starts `argv` with the given descriptors as its stdin, stdout and stderr (-1: inherit).
pid_t spawn(const std::vector<std::string>& argv, int in, int out, int err, std::string& error) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    // dup2 clears close-on-exec on the target descriptor, and only there.
    if (in >= 0) posix_spawn_file_actions_adddup2(&actions, in, 0);
    if (out >= 0) posix_spawn_file_actions_adddup2(&actions, out, 1);
    if (err >= 0) posix_spawn_file_actions_adddup2(&actions, err, 2);
    pid_t pid = -1;
    int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        error = argv[0] + ": " + std::strerror(rc);
        return -1;
    }
    return pid;
}

int wait_status(pid_t pid) {
    int st = 0;
    while (::waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

CommandOutput run_capture(const std::vector<std::string>& argv, size_t max_out) {
    CommandOutput r;
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0) return r;
    if (::pipe2(err, O_CLOEXEC) != 0) {
        ::close(out[0]), ::close(out[1]);
        return r;
    }
    int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    std::string error;
    pid_t pid = spawn(argv, null, out[1], err[1], error);
    close_fd(null);
    ::close(out[1]), ::close(err[1]);
    if (pid < 0) {
        ::close(out[0]), ::close(err[0]);
        r.err = error;
        return r;
    }
    // Both pipes are drained together: a child blocked on a full stderr pipe would never
    // finish its stdout.
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int open_count = 2;
    char buf[65536];
    while (open_count > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open_count;
                continue;
            }
            std::string& into = i == 0 ? r.out : r.err;
            size_t limit = i == 0 ? max_out : k_max_stderr;
            size_t room = into.size() < limit ? limit - into.size() : 0;
            into.append(buf, std::min(room, static_cast<size_t>(n)));
            if (i == 0 && static_cast<size_t>(n) > room) r.truncated = true;
        }
    }
    for (auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
    r.status = wait_status(pid);
    return r;
}

bool Coprocess::start(const std::vector<std::string>& argv, std::string& error) {
    close();
    int in[2], out[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) != 0) {
        error = std::strerror(errno);
        return false;
    }
    if (::pipe2(out, O_CLOEXEC) != 0) {
        error = std::strerror(errno);
        ::close(in[0]), ::close(in[1]);
        return false;
    }
    pid_t pid = spawn(argv, in[1], out[1], -1, error);
    ::close(in[1]), ::close(out[1]);
    if (pid < 0) {
        ::close(in[0]), ::close(out[0]);
        return false;
    }
    m_pid = pid;
    m_owner = ::getpid();
    m_in = in[0];
    m_out = out[0];
    m_buf.clear();
    m_pos = 0;
    return true;
}

bool Coprocess::write_all(std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(m_in, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

bool Coprocess::fill() {
    if (m_pos == m_buf.size()) {
        m_buf.clear();
        m_pos = 0;
    }
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(m_out, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        m_buf.append(buf, static_cast<size_t>(n));
        return true;
    }
}

bool Coprocess::read_line(std::string& line) {
    line.clear();
    for (;;) {
        size_t nl = m_buf.find('\n', m_pos);
        if (nl != std::string::npos) {
            line.assign(m_buf, m_pos, nl - m_pos);
            m_pos = nl + 1;
            return true;
        }
        if (!fill()) return false;
    }
}

bool Coprocess::read_exact(size_t n, std::string* out) {
    while (n > 0) {
        if (m_pos == m_buf.size() && !fill()) return false;
        size_t take = std::min(n, m_buf.size() - m_pos);
        if (out) out->append(m_buf, m_pos, take);
        m_pos += take;
        n -= take;
    }
    return true;
}

void Coprocess::close() {
    if (m_pid <= 0) return;
    if (m_owner != ::getpid()) return abandon();
    close_fd(m_in);  // EOF on stdin ends `git cat-file --batch`
    close_fd(m_out);
    wait_status(m_pid);
    m_pid = -1;
}

void Coprocess::abandon() {
    close_fd(m_in);
    close_fd(m_out);
    m_pid = -1;
    m_buf.clear();
    m_pos = 0;
}

}  // namespace lifeline::cli

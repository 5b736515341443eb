#include "workers.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <charconv>

namespace lifeline::cli {
namespace {

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

/// A worker: claims indices until none is left, writing `INDEX LENGTH\n` + the result (LENGTH
/// -1 when the item failed) for each.
[[noreturn]] void worker(std::atomic<size_t>& next, size_t count, int fd,
                         const std::function<std::string(size_t)>& work) {
    for (;;) {
        size_t i = next.fetch_add(1);
        if (i >= count) break;
        std::string record;
        try {
            std::string result = work(i);
            record = std::to_string(i) + " " + std::to_string(result.size()) + "\n" + result;
        } catch (...) {
            record = std::to_string(i) + " -1\n";
        }
        if (!write_all(fd, record)) break;
    }
    ::_exit(0);
}

/// Takes every complete record off the front of `buf`.
void take_records(std::string& buf, std::vector<std::optional<std::string>>& out) {
    size_t pos = 0;
    for (;;) {
        size_t nl = buf.find('\n', pos);
        if (nl == std::string::npos) break;
        std::string_view head(buf.data() + pos, nl - pos);
        size_t sp = head.find(' ');
        size_t index = 0;
        long length = 0;
        std::from_chars(head.data(), head.data() + sp, index);
        std::from_chars(head.data() + sp + 1, head.data() + head.size(), length);
        size_t body = nl + 1;
        if (length >= 0 && buf.size() - body < static_cast<size_t>(length)) break;
        if (index < out.size() && length >= 0) out[index] = buf.substr(body, length);
        pos = body + (length > 0 ? static_cast<size_t>(length) : 0);
    }
    buf.erase(0, pos);
}

}  // namespace

int default_jobs() {
    cpu_set_t set;
    if (::sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
    return 1;
}

std::vector<std::optional<std::string>> run_parallel(
    size_t count, int jobs, const std::function<std::string(size_t)>& work) {
    std::vector<std::optional<std::string>> out(count);
    jobs = static_cast<int>(std::min<size_t>(static_cast<size_t>(std::max(jobs, 1)), count));
    if (jobs <= 1) {
        for (size_t i = 0; i < count; ++i) {
            try {
                out[i] = work(i);
            } catch (...) {
            }
        }
        return out;
    }
    // The counter lives in a shared anonymous mapping: every worker sees the same one.
    void* shared = ::mmap(nullptr, sizeof(std::atomic<size_t>), PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED) return run_parallel(count, 1, work);
    auto* next = new (shared) std::atomic<size_t>(0);
    std::vector<pid_t> pids;
    std::vector<pollfd> fds;
    std::vector<std::string> bufs;
    for (int j = 0; j < jobs; ++j) {
        int p[2];
        if (::pipe2(p, O_CLOEXEC) != 0) break;
        pid_t pid = ::fork();
        if (pid == 0) {
            ::close(p[0]);
            // Read ends of earlier workers' pipes stay open here; harmless: only the parent reads.
            worker(*next, count, p[1], work);
        }
        ::close(p[1]);
        if (pid < 0) {
            ::close(p[0]);
            break;
        }
        pids.push_back(pid);
        fds.push_back({p[0], POLLIN, 0});
        bufs.emplace_back();
    }
    size_t open_count = fds.size();
    char chunk[65536];
    while (open_count > 0) {
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (size_t k = 0; k < fds.size(); ++k) {
            if (fds[k].fd < 0 || fds[k].revents == 0) continue;
            ssize_t n = ::read(fds[k].fd, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ::close(fds[k].fd);
                fds[k].fd = -1;
                --open_count;
                continue;
            }
            bufs[k].append(chunk, static_cast<size_t>(n));
            take_records(bufs[k], out);
        }
    }
    for (pid_t pid : pids) {
        int st = 0;
        while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
        }
    }
    // No worker could start: do the work here.
    if (pids.empty()) {
        ::munmap(shared, sizeof(std::atomic<size_t>));
        return run_parallel(count, 1, work);
    }
    ::munmap(shared, sizeof(std::atomic<size_t>));
    return out;
}

}  // namespace lifeline::cli

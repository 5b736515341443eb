#include "probe_net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>

namespace fwdiff {

namespace {

using Clock = std::chrono::steady_clock;

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) {
    g_stop = 1;
}

/// A socket address parsed from text; `family` is 0 when the text is no address.
struct Address {
    int family = 0;
    sockaddr_storage storage{};
    socklen_t length = 0;
};

Address parse_address(const std::string& text, int port) {
    Address a;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&a.storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&a.storage);
    if (::inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<uint16_t>(port));
        a.family = AF_INET;
        a.length = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<uint16_t>(port));
        a.family = AF_INET6;
        a.length = sizeof(sockaddr_in6);
    }
    return a;
}

/// The symbolic name of the errno values a refused connection can carry.
std::string errno_name(int err) {
    switch (err) {
        case ECONNREFUSED:
            return "ECONNREFUSED";
        case EHOSTUNREACH:
            return "EHOSTUNREACH";
        case ENETUNREACH:
            return "ENETUNREACH";
        case EACCES:
            return "EACCES";
        case EPERM:
            return "EPERM";
        case ENOPROTOOPT:
            return "ENOPROTOOPT";
        case EHOSTDOWN:
            return "EHOSTDOWN";
        case ENONET:
            return "ENONET";
        case ECONNRESET:
            return "ECONNRESET";
        case ETIMEDOUT:
            return "ETIMEDOUT";
        default:
            return std::string("errno ") + std::to_string(err) + " " + std::strerror(err);
    }
}

/// A connection error the peer (or a firewall on its path) caused quickly: a TCP reset or a
/// fatal ICMP destination-unreachable. Everything a REJECT target can send lands here.
bool is_refusal(int err) {
    switch (err) {
        case ECONNREFUSED:
        case EHOSTUNREACH:
        case ENETUNREACH:
        case EACCES:
        case EPERM:
        case ENOPROTOOPT:
        case EHOSTDOWN:
        case ENONET:
        case ECONNRESET:
            return true;
        default:
            return false;
    }
}

void finish(Probe& p, int err) {
    if (err == 0) {
        p.result = ConnectResult::connected;
        p.detail = "-";
    } else if (is_refusal(err)) {
        p.result = ConnectResult::refused;
        p.detail = errno_name(err);
    } else if (err == ETIMEDOUT) {
        p.result = ConnectResult::timeout;
        p.detail = "ETIMEDOUT";
    } else {
        p.result = ConnectResult::error;
        p.detail = errno_name(err);
    }
}

/// Starts a non-blocking connect; returns the socket, or -1 with `p` finished.
int start_connect(Probe& p) {
    Address src = parse_address(p.source, 0);
    Address dst = parse_address(p.destination, p.port);
    if (src.family == 0 || dst.family == 0 || src.family != dst.family || p.port < 1 ||
        p.port > 65535) {
        p.result = ConnectResult::error;
        p.detail = "bad probe: " + p.source + " -> " + p.destination + ":" + std::to_string(p.port);
        return -1;
    }
    int fd = ::socket(dst.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        p.result = ConnectResult::error;
        p.detail = "socket: " + errno_name(errno);
        return -1;
    }
    // Queue ICMP errors on the socket's error queue. On a veth pair the ICMP error answering the
    // first SYN arrives while connect() still holds the socket, and TCP then only notes it as a
    // soft error and retransmits a second later (seen for IPv6: TcpExtLockDroppedIcmps); the
    // error queue keeps it, so a REJECT reads as refused at once, whatever the timing.
    int one = 1;
    if (dst.family == AF_INET)
        ::setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof one);
    else
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&src.storage), src.length) != 0) {
        p.result = ConnectResult::error;
        p.detail = "bind " + p.source + ": " + errno_name(errno);
        ::close(fd);
        return -1;
    }
    if (::connect(fd, reinterpret_cast<sockaddr*>(&dst.storage), dst.length) == 0) {
        finish(p, 0);
        ::close(fd);
        return -1;
    }
    if (errno != EINPROGRESS) {
        finish(p, errno);
        ::close(fd);
        return -1;
    }
    return fd;
}

int socket_error(int fd) {
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) return errno;
    return err;
}

/// Reads one ICMP error from the socket's error queue: its errno, and "icmp T/C" or
/// "icmp6 T/C" in `what`. Returns 0 when the queue is empty.
int queued_icmp_error(int fd, std::string& what) {
    char data[512];
    char control[512];
    iovec iov{data, sizeof data};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    if (::recvmsg(fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) return 0;
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        bool v4 = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR;
        bool v6 = c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR;
        if (!v4 && !v6) continue;
        sock_extended_err ee{};
        std::memcpy(&ee, CMSG_DATA(c), sizeof ee);
        what = std::string(ee.ee_origin == SO_EE_ORIGIN_ICMP6 ? "icmp6 " : "icmp ") +
               std::to_string(ee.ee_type) + "/" + std::to_string(ee.ee_code);
        return static_cast<int>(ee.ee_errno);
    }
    return 0;
}

/// Waits for the sockets in `fds` (index-aligned with `probes`, -1 = already finished) until
/// each completes or `deadline` passes; closes them all. A probe counts as connected only when
/// the listener's banner arrives, as an SSH client needs sshd's: the handshake's last ACK and
/// everything after it must get through too, not just the SYN (a ruleset that accepts only
/// `ct state new` lets connect() succeed, then rejects or drops the rest).
void wait_all(std::vector<Probe>& probes, std::vector<int>& fds, Clock::time_point deadline) {
    std::vector<bool> open(fds.size(), false);  // connect() done, waiting for the banner
    for (;;) {
        std::vector<pollfd> pfds;
        std::vector<size_t> index;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i] < 0) continue;
            pfds.push_back({fds[i], static_cast<short>(open[i] ? POLLIN : POLLOUT), 0});
            index.push_back(i);
        }
        if (pfds.empty()) return;
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        int n = ::poll(pfds.data(), pfds.size(), static_cast<int>(left.count()));
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        for (size_t k = 0; k < pfds.size(); ++k) {
            if (pfds[k].revents == 0) continue;
            size_t i = index[k];
            int err = socket_error(fds[i]);
            std::string icmp;
            if (pfds[k].revents & POLLERR) {
                int queued = queued_icmp_error(fds[i], icmp);
                if (err == 0) err = queued;
            }
            if (err == 0 && !open[i]) {
                // POLLHUP alone (no error, no connection) cannot be waited out: count it as failed.
                if (!(pfds[k].revents & POLLOUT)) {
                    err = ECONNRESET;
                } else {
                    open[i] = true;
                    continue;
                }
            }
            if (err == 0 && open[i]) {
                char banner[64];
                ssize_t got = ::recv(fds[i], banner, sizeof banner, MSG_DONTWAIT);
                if (got < 0 && (errno == EAGAIN || errno == EINTR)) continue;
                if (got < 0) err = errno;
                else if (got == 0) err = ECONNRESET;  // closed without the banner
            }
            finish(probes[i], err);
            if (!icmp.empty()) probes[i].detail += " " + icmp;
            ::close(fds[i]);
            fds[i] = -1;
        }
    }
    for (size_t i = 0; i < fds.size(); ++i) {
        if (fds[i] < 0) continue;
        probes[i].result = ConnectResult::timeout;
        probes[i].detail = open[i] ? "no-banner" : "-";
        ::close(fds[i]);
        fds[i] = -1;
    }
}

/// Binds a listening socket for `family` on `port`; -1 on failure (message on stderr).
int bind_listener(int family, int port) {
    int fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    Address any = parse_address(family == AF_INET ? "0.0.0.0" : "::", port);
    if (family == AF_INET6) ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&any.storage), any.length) != 0 ||
        ::listen(fd, 512) != 0) {
        std::fprintf(stderr, "fw_probe: cannot listen on %s port %d: %s\n",
                     family == AF_INET ? "IPv4" : "IPv6", port, std::strerror(errno));
        ::close(fd);
        return -1;
    }
    return fd;
}

}  // namespace

const char* to_string(ConnectResult result) {
    switch (result) {
        case ConnectResult::connected:
            return "connected";
        case ConnectResult::refused:
            return "refused";
        case ConnectResult::timeout:
            return "timeout";
        case ConnectResult::error:
            return "error";
    }
    return "error";
}

int listen_on(const std::vector<int>& ports, int max_seconds) {
    std::signal(SIGTERM, on_signal);
    std::signal(SIGINT, on_signal);
    std::signal(SIGPIPE, SIG_IGN);
    std::vector<pollfd> pfds;
    for (int port : ports) {
        for (int family : {AF_INET, AF_INET6}) {
            int fd = bind_listener(family, port);
            if (fd < 0) return 2;
            pfds.push_back({fd, POLLIN, 0});
        }
    }
    std::printf("ready\n");
    std::fflush(stdout);
    auto end = Clock::now() + std::chrono::seconds(max_seconds);
    while (!g_stop && Clock::now() < end) {
        int n = ::poll(pfds.data(), pfds.size(), 200);
        if (n <= 0) continue;
        for (auto& p : pfds) {
            if (!(p.revents & POLLIN)) continue;
            // Accept everything queued and greet it like sshd: the client counts a connection
            // only when this banner arrives. The send fits any socket buffer: it never blocks.
            for (;;) {
                int c = ::accept4(p.fd, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
                if (c < 0) break;
                static const char k_banner[] = "SSH-2.0-fw_probe\r\n";
                (void)!::send(c, k_banner, sizeof k_banner - 1, MSG_NOSIGNAL);
                ::close(c);
            }
        }
    }
    for (auto& p : pfds) ::close(p.fd);
    return 0;
}

void run_probes(std::vector<Probe>& probes, int timeout_ms, bool serial) {
    auto budget = std::chrono::milliseconds(timeout_ms);
    if (serial) {
        for (auto& p : probes) {
            std::vector<Probe> one{p};
            std::vector<int> fds{start_connect(one[0])};
            wait_all(one, fds, Clock::now() + budget);
            p = one[0];
        }
        return;
    }
    std::vector<int> fds;
    auto deadline = Clock::now() + budget;
    for (auto& p : probes) fds.push_back(start_connect(p));
    wait_all(probes, fds, deadline);
}

}  // namespace fwdiff

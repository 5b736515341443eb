#include "access/listen_check.hpp"

#include <algorithm>

#include "access/socket_unit.hpp"

namespace lifeline::sshd {
namespace {

/// One socket the client might reach, from sshd or from systemd.
struct Candidate {
    int family;  ///< 0 both, 4, 6
    std::string address;  ///< empty = wildcard
    int port;
    const Directive* origin;
    const SocketListen* socket;
};

std::vector<Candidate> candidates(const Effective& global, const SocketUnit& unit) {
    std::vector<Candidate> out;
    if (unit.found && unit.enabled) {
        for (const auto& l : unit.listens) out.push_back({l.family, l.address, l.port, nullptr, &l});
        return out;
    }
    for (const auto& l : global.listeners()) {
        const Directive* origin = l.origin ? l.origin : l.port_origin;
        out.push_back({l.family, l.wildcard ? std::string() : l.address, l.port, origin, nullptr});
    }
    return out;
}

std::string describe(const Candidate& c) {
    std::string a = c.address.empty() ? (c.family == 6 ? "[::]" : c.family == 4 ? "0.0.0.0" : "*")
                                      : (c.family == 6 ? "[" + c.address + "]" : c.address);
    return a + ":" + std::to_string(c.port);
}

void trace_candidate(const Candidate& c, Walk& walk, const std::string& note) {
    if (c.socket) {
        walk.step(c.socket->file, c.socket->line, c.socket->text, note);
    } else {
        walk.step(c.origin, note, "Port 22");
    }
}

}  // namespace

bool is_loopback(const std::string& address) {
    return address == "::1" || address.rfind("127.", 0) == 0;
}

std::optional<ListenChoice> check_listener(const AccessQuery& q, Host& host,
                                           const Effective& global, Walk& walk) {
    SocketUnit unit = read_ssh_socket(host);
    if (unit.found && unit.enabled) {
        walk.step(unit.enabled_by, 0, "ssh.socket enabled",
                  "socket activation: systemd listens, sshd's Port/ListenAddress do not decide");
        if (!unit.errors.empty()) {
            walk.unknown("cannot read ssh.socket: " + unit.errors.front());
            return std::nullopt;
        }
    }
    std::vector<Candidate> all = candidates(global, unit);
    std::vector<const Candidate*> fit;
    for (const auto& c : all) {
        if (c.family != 0 && c.family != q.family) continue;
        if (q.port != 0 && c.port != q.port) continue;
        if (!q.local_address.empty() && !c.address.empty() && c.address != q.local_address)
            continue;
        // A loopback listener is reachable only from the host itself.
        if (!c.address.empty() && is_loopback(c.address) && !is_loopback(q.address)) continue;
        fit.push_back(&c);
    }
    if (fit.empty()) {
        std::string listening;
        for (const auto& c : all) listening += (listening.empty() ? "" : ", ") + describe(c);
        for (const auto& c : all) trace_candidate(c, walk, "listens on " + describe(c));
        std::string want = "IPv" + std::to_string(q.family) +
                           (q.port ? " port " + std::to_string(q.port) : std::string());
        if (!q.local_address.empty()) want += " on " + q.local_address;
        walk.deny("sshd does not listen on " + want + " (it listens on " +
                  (listening.empty() ? "nothing" : listening) + ")");
        return std::nullopt;
    }
    const Candidate& c = *fit.front();
    trace_candidate(c, walk, "listens on " + describe(c));
    ListenChoice choice{c.port, q.local_address.empty() ? c.address : q.local_address};
    walk.fact("port", std::to_string(c.port));
    return choice;
}

}  // namespace lifeline::sshd

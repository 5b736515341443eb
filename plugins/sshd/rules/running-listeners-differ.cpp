// SSHD070 running-listeners-differ (and SSHD071 live-listeners-unavailable): `lint --live`
// compares the sockets the running sshd listens on (`ss -tlnpH`) with the ones its
// configuration gives (the shared facts: Port/ListenAddress, or ssh.socket's ListenStream=).
#include <algorithm>
#include <set>

#include "access/socket_unit.hpp"
#include "live_listeners.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

/// "4 0.0.0.0 22" — one comparable endpoint.
std::string key(int family, const std::string& address, int port) {
    return std::to_string(family) + " " + address + " " + std::to_string(port);
}

std::string shown(const std::string& k) {
    // key() back to `0.0.0.0:22` / `[::]:22`.
    size_t a = k.find(' '), b = k.rfind(' ');
    std::string addr = k.substr(a + 1, b - a - 1), port = k.substr(b + 1);
    return k[0] == '6' ? "[" + addr + "]:" + port : addr + ":" + port;
}

std::string list(const std::set<std::string>& keys) {
    std::string out;
    for (const auto& k : keys) out += (out.empty() ? "" : ", ") + shown(k);
    return out;
}

void unavailable(RuleContext& ctx, std::string message, std::string help = {}) {
    ctx.report(find_rule("SSHD071")->info, SourceLocation{std::string(k_ss_source), 0, 0, 0, 0},
               std::move(message), std::move(help));
}

}  // namespace

void check_running_listeners_differ(RuleContext& ctx) {
    if (!ctx.host.live() || !ctx.facts || !ctx.facts->sshd_present) return;
    LiveListeners live = read_live_listeners(*ctx.host.live(), ctx.host.sources());
    if (!live.read) {
        unavailable(ctx,
                    live.not_installed ? live.failure + ": sshd's listening sockets were not read"
                                       : "sshd's listening sockets were not read: " + live.failure,
                    live.not_installed ? std::string() : "run `lint --live` as root");
        return;
    }
    const auto& configured = ctx.facts->ssh_listeners;
    if (configured.empty()) return;  // a configuration sshd refuses: reported elsewhere
    // Under socket activation systemd holds the socket: its sockets on sshd's ports count.
    bool socket_activated = read_ssh_socket(ctx.host).enabled;
    std::set<int> ports;
    std::set<std::string> want, have;
    for (const SshListener& l : configured) {
        ports.insert(l.port);
        want.insert(key(l.family, l.address.empty() ? (l.family == 4 ? "0.0.0.0" : "::") : l.address,
                        l.port));
    }
    const LiveSocket* first = nullptr;
    for (const LiveSocket& s : live.sockets) {
        bool sshd = false;
        for (const auto& p : s.processes)
            sshd |= p == "sshd" || (socket_activated && p == "systemd" && ports.count(s.port));
        if (!sshd) continue;
        if (!first) first = &s;
        std::string addr = s.address + (s.scope.empty() ? "" : "%" + s.scope);
        have.insert(key(s.family, addr, s.port));
        if (s.dual_stack) have.insert(key(4, "0.0.0.0", s.port));
    }
    if (have.empty()) {
        unavailable(ctx,
                    "no process named sshd listens on a TCP socket (`ss -tlnpH`): sshd is not "
                    "running, so its configuration takes effect when it starts",
                    socket_activated ? "" : "start it: `systemctl start ssh`");
        return;
    }
    if (have == want) return;
    std::set<std::string> missing;
    for (const auto& k : want)
        if (!have.count(k)) missing.insert(k);
    const nf::Origin& o = configured.front().origin;
    std::string msg = "the running sshd listens on " + list(have) + ", but its configuration says " +
                      list(want);
    if (!missing.empty()) msg += " (not listening: " + list(missing) + ")";
    msg += socket_activated ? ": ssh.socket was not restarted since the change"
                            : ": sshd was not restarted since the change, or runs with another "
                              "configuration";
    Diagnostic& d = ctx.report(
        find_rule("SSHD070")->info,
        SourceLocation{ctx.host.path(o.file), o.line, o.line > 0 ? std::max(o.column, 1) : 0, 0, 0},
        msg,
        "a restart moves sshd to " + list(want) + ": make sure the firewall lets the new "
            "sockets through and keep this session open while testing a new login");
    if (first)
        d.related.push_back({{std::string(k_ss_source), first->line, 1, 0, 0}, "the running sshd's socket"});
}

}  // namespace lifeline::sshd

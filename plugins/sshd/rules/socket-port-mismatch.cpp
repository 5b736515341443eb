// SSHD026 socket-port-mismatch: with ssh.socket enabled, systemd owns the listening socket, so
// sshd_config's Port no longer decides where connections are accepted.
#include <set>
#include <string>

#include "access/socket_unit.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD026")->info;
}

std::string join(const std::set<int>& ports) {
    std::string out;
    for (int p : ports) out += (out.empty() ? "" : ", ") + std::to_string(p);
    return out;
}

}  // namespace

void check_socket_port_mismatch(RuleContext& ctx) {
    SocketUnit unit = read_ssh_socket(ctx.host);
    if (!unit.enabled || unit.listens.empty()) return;
    std::set<int> socket_ports, config_ports;
    for (const SocketListen& l : unit.listens) socket_ports.insert(l.port);
    const ServerOptions& o = ctx.global().options();
    for (const PortItem& p : o.ports) config_ports.insert(p.port);
    if (config_ports.empty()) config_ports.insert(22);  // compiled-in default
    if (socket_ports == config_ports) return;
    const SocketListen& first = unit.listens.front();
    std::string listens = (socket_ports.size() == 1 ? "port " : "ports ") + join(socket_ports);
    ctx.report(info(), SourceLocation{first.file, first.line, 1, 0, 0},
               "ssh.socket is enabled and listens on " + listens +
                   " while sshd_config's Port set is " + join(config_ports) +
                   ": under socket activation systemd, not Port, decides where connections are "
                   "accepted",
               "make ListenStream= in ssh.socket (systemctl edit ssh.socket) match Port, or "
               "disable ssh.socket and enable ssh.service");
    for (const PortItem& p : o.ports) {
        if (!p.from) continue;
        ctx.out.items().back().related.push_back(
            {{p.from->path(), p.from->line, p.from->column, 0, 0}, "Port set here"});
    }
}

}  // namespace lifeline::sshd

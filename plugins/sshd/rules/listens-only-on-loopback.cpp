// SSHD036 listens-only-on-loopback: when every socket sshd (or ssh.socket) listens on is a
// loopback address, only the machine itself can connect: nobody logs in from elsewhere.
#include <string>
#include <vector>

#include "access/listen_check.hpp"
#include "access/socket_unit.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD036")->info;
}

std::string endpoint(int family, const std::string& address, int port) {
    return (family == 6 ? "[" + address + "]" : address) + ":" + std::to_string(port);
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

/// Under socket activation systemd listens, so only ssh.socket's ListenStream= entries count.
void check_socket(RuleContext& ctx, const SocketUnit& unit) {
    std::vector<std::string> shown;
    for (const SocketListen& l : unit.listens) {
        if (l.address.empty() || !is_loopback(l.address)) return;
        shown.push_back(endpoint(l.family, l.address, l.port));
    }
    const SocketListen& first = unit.listens.front();
    ctx.report(info(), SourceLocation{first.file, first.line, 1, 0, 0},
               "ssh.socket is enabled and listens only on loopback (" + join(shown) +
                   "): nobody can connect from another machine",
               "add a ListenStream= other machines reach (systemctl edit ssh.socket)");
}

}  // namespace

void check_listens_only_on_loopback(RuleContext& ctx) {
    SocketUnit unit = read_ssh_socket(ctx.host);
    if (unit.enabled) {
        if (unit.errors.empty() && !unit.listens.empty()) check_socket(ctx, unit);
        return;
    }
    const std::vector<Listener>& listeners = ctx.global().listeners();
    if (listeners.empty()) return;
    std::vector<std::string> shown;
    const Directive* first = nullptr;
    for (const Listener& l : listeners) {
        if (l.wildcard || !l.origin || !is_loopback(l.address)) return;
        shown.push_back(endpoint(l.family, l.address, l.port));
        // Directives live in one vector, in processing order: the lowest address is first.
        if (!first || l.origin < first) first = l.origin;
    }
    ctx.report(info(), *first,
               "sshd listens only on loopback (" + join(shown) +
                   "): nobody can connect from another machine",
               "listen on an address other machines reach, or remove ListenAddress to listen on "
               "every address");
}

}  // namespace lifeline::sshd

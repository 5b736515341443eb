// Parsing `ss -tlnpH` (live_listeners.hpp).
#include "live_listeners.hpp"

#include <charconv>

namespace lifeline::sshd {
namespace {

std::vector<std::string_view> words(std::string_view line, size_t max) {
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size() && out.size() < max) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        size_t start = i;
        if (out.size() + 1 == max) {
            out.push_back(line.substr(start));  // the rest: the process column
            break;
        }
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        out.push_back(line.substr(start, i - start));
    }
    return out;
}

/// `("sshd",pid=612,fd=3),("sshd",pid=613,fd=3)` → {"sshd", "sshd"}.
std::vector<std::string> process_names(std::string_view users) {
    std::vector<std::string> out;
    for (size_t at = users.find("(\""); at != std::string_view::npos; at = users.find("(\"", at + 2)) {
        size_t end = users.find('"', at + 2);
        if (end == std::string_view::npos) break;
        out.emplace_back(users.substr(at + 2, end - at - 2));
    }
    return out;
}

/// `0.0.0.0:22`, `[::]:22`, `*:22`, `[fe80::1]%lo:2200`, `127.0.0.1%eth0:22`.
bool parse_local(std::string_view text, LiveSocket& s) {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return false;
    std::string_view port = text.substr(colon + 1), host = text.substr(0, colon);
    auto [p, ec] = std::from_chars(port.data(), port.data() + port.size(), s.port);
    if (ec != std::errc() || p != port.data() + port.size()) return false;
    size_t pct = host.find('%');
    if (!host.empty() && host[0] == '[') pct = host.find('%', host.find(']'));
    if (pct != std::string_view::npos) {
        s.scope = std::string(host.substr(pct + 1));
        host = host.substr(0, pct);
    }
    if (host == "*") {
        s.family = 6;  // an IPv6 socket without IPV6_V6ONLY: both families
        s.address = "::";
        s.dual_stack = true;
    } else if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        s.family = 6;
        s.address = std::string(host.substr(1, host.size() - 2));
    } else {
        s.family = 4;
        s.address = std::string(host);
    }
    s.text = std::string(text);
    return !s.address.empty();
}

}  // namespace

std::string LiveSocket::endpoint() const {
    std::string a = address + (scope.empty() ? "" : "%" + scope);
    return (family == 6 ? "[" + a + "]" : a) + ":" + std::to_string(port);
}

std::vector<LiveSocket> parse_ss_listeners(std::string_view text) {
    std::vector<LiveSocket> out;
    int number = 0;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        // State Recv-Q Send-Q Local Peer Process
        auto w = words(line, 6);
        if (w.size() < 5 || w[0] != "LISTEN") continue;
        LiveSocket s;
        if (!parse_local(w[3], s)) continue;
        if (w.size() == 6) s.processes = process_names(w[5]);
        s.line = number;
        out.push_back(std::move(s));
    }
    return out;
}

LiveListeners read_live_listeners(const sys::ProcessRunner& runner, SourceManager& sources) {
    LiveListeners out;
    const std::vector<std::string> command = {"ss", "-tlnpH"};
    sys::RunResult r = runner.run(command);
    if (!r.ok()) {
        out.not_installed = r.status == sys::RunStatus::not_found;
        out.failure = sys::describe_failure(command, r);
        return out;
    }
    const SourceFile& file = sources.add(std::string(k_ss_source), std::move(r.out));
    out.sockets = parse_ss_listeners(file.text());
    out.read = true;
    return out;
}

}  // namespace lifeline::sshd

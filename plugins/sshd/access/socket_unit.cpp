#include "access/socket_unit.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>

namespace lifeline::sshd {
namespace {

/// Unit directories from the highest priority to the lowest.
constexpr std::string_view k_unit_dirs[] = {"/etc/systemd/system", "/run/systemd/system",
                                            "/lib/systemd/system", "/usr/lib/systemd/system"};
constexpr std::string_view k_unit = "ssh.socket";

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return s;
}

bool parse_port(std::string_view s, int& port) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), p);
    if (ec != std::errc() || ptr != s.data() + s.size() || p < 1 || p > 65535) return false;
    port = p;
    return true;
}

bool is_address(const std::string& a, int family) {
    unsigned char buf[16];
    return ::inet_pton(family == 4 ? AF_INET : AF_INET6, a.c_str(), buf) == 1;
}

struct UnitState {
    std::vector<SocketListen> listens;
    bool ipv6_only = false;
};

/// Applies the [Socket] section of one file: an empty ListenStream= resets the list.
void apply_file(const SourceFile& file, UnitState& state, std::vector<std::string>& errors) {
    std::string section;
    for (int n = 1; n <= file.line_count(); ++n) {
        std::string_view line = trim(file.line(n));
        if (line.empty() || line.front() == '#' || line.front() == ';') continue;
        if (line.front() == '[') {
            section = std::string(line);
            continue;
        }
        if (section != "[Socket]") continue;
        auto eq = line.find('=');
        if (eq == std::string_view::npos) continue;
        std::string_view key = trim(line.substr(0, eq));
        std::string_view value = trim(line.substr(eq + 1));
        if (key == "BindIPv6Only") {
            state.ipv6_only = value == "ipv6-only";
        } else if (key == "ListenStream") {
            if (value.empty()) {
                state.listens.clear();
                continue;
            }
            SocketListen l;
            if (!parse_listen_stream(value, l)) {
                if (value.front() != '/' && value.front() != '@')
                    errors.push_back(file.path() + ":" + std::to_string(n) +
                                     ": cannot read ListenStream=" + std::string(value));
                continue;
            }
            l.file = file.path();
            l.line = n;
            l.text = std::string(line);
            state.listens.push_back(std::move(l));
        }
    }
}

}  // namespace

bool parse_listen_stream(std::string_view value, SocketListen& out) {
    value = trim(value);
    if (value.empty()) return false;
    if (value.front() == '[') {
        auto close = value.find("]:");
        if (close == std::string_view::npos) return false;
        out.address = std::string(value.substr(1, close - 1));
        out.family = 6;
        return is_address(out.address, 6) && parse_port(value.substr(close + 2), out.port);
    }
    auto colon = value.rfind(':');
    if (colon == std::string_view::npos) {
        out.family = 0;
        out.address.clear();
        return parse_port(value, out.port);
    }
    out.address = std::string(value.substr(0, colon));
    out.family = 4;
    return is_address(out.address, 4) && parse_port(value.substr(colon + 1), out.port);
}

SocketUnit read_ssh_socket(Host& host) {
    SocketUnit unit;
    UnitState state;
    // The unit file itself: the first directory that has it wins.
    for (auto dir : k_unit_dirs) {
        std::string path = std::string(dir) + "/" + std::string(k_unit);
        if (const SourceFile* f = host.load(path)) {
            unit.found = true;
            unit.unit_file = f->path();
            apply_file(*f, state, unit.errors);
            break;
        }
    }
    if (!unit.found) return unit;
    // Drop-ins: sorted by file name across directories; a name in a higher-priority directory
    // hides the same name in lower ones.
    std::vector<std::pair<std::string, std::string>> dropins;  // name, host path
    for (auto dir : k_unit_dirs) {
        std::string d = std::string(dir) + "/" + std::string(k_unit) + ".d";
        auto names = host.fs().list(host.path(d));
        if (!names) continue;
        for (const auto& name : *names) {
            if (name.size() < 6 || name.compare(name.size() - 5, 5, ".conf") != 0) continue;
            bool hidden = std::any_of(dropins.begin(), dropins.end(),
                                      [&](const auto& p) { return p.first == name; });
            if (!hidden) dropins.emplace_back(name, d + "/" + name);
        }
    }
    std::sort(dropins.begin(), dropins.end());
    for (const auto& [name, path] : dropins)
        if (const SourceFile* f = host.load(path)) apply_file(*f, state, unit.errors);
    for (auto& l : state.listens) {
        if (l.family == 0 && state.ipv6_only) l.family = 6;
    }
    unit.listens = std::move(state.listens);
    // Enabled when linked into sockets.target.wants (systemctl enable ssh.socket).
    for (auto dir : {std::string("/etc/systemd/system"), std::string("/lib/systemd/system"),
                     std::string("/usr/lib/systemd/system")}) {
        std::string wants = dir + "/sockets.target.wants";
        auto names = host.fs().list(host.path(wants));
        if (names && std::find(names->begin(), names->end(), k_unit) != names->end()) {
            unit.enabled = true;
            unit.enabled_by = host.path(wants + "/" + std::string(k_unit));
            break;
        }
    }
    return unit;
}

}  // namespace lifeline::sshd

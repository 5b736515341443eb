#include "probe.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "lifeline/net.hpp"

namespace lifeline::gate {
namespace {

/// A host name ssh would accept: letters, digits, '-', '.', '_' (no spaces, no option-like
/// leading '-': the target becomes an argv word after the options).
bool plausible_host_name(std::string_view h) {
    if (h.empty() || h.front() == '-') return false;
    return std::all_of(h.begin(), h.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '.' || c == '_';
    });
}

std::optional<int> parse_port(std::string_view text) {
    int p = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), p);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || p < 1 ||
        p > 65535)
        return std::nullopt;
    return p;
}

/// One pattern of the client's messages and what it means. Checked in order against each
/// stderr line; the first line that matches any pattern decides.
struct Pattern {
    std::string_view text;
    ProbeOutcome outcome;
};

// Wording of OpenSSH 9.2's client (ssh.c, sshconnect.c, sshconnect2.c, dispatch.c), each
// line recorded from the real client (tests/unit/gate/probe_test.cpp).
constexpr std::array k_patterns{
    Pattern{"Connection refused", ProbeOutcome::refused},
    Pattern{"No route to host", ProbeOutcome::refused},
    Pattern{"Network is unreachable", ProbeOutcome::refused},
    Pattern{"Could not resolve hostname", ProbeOutcome::refused},
    Pattern{"timed out during banner exchange", ProbeOutcome::timed_out},
    Pattern{"Connection timed out", ProbeOutcome::timed_out},
    Pattern{"Host key verification failed", ProbeOutcome::key_exchange},
    Pattern{"Unable to negotiate with", ProbeOutcome::key_exchange},
    Pattern{"kex_exchange_identification:", ProbeOutcome::key_exchange},
    Pattern{"Bad packet length", ProbeOutcome::key_exchange},
    Pattern{"Permission denied (", ProbeOutcome::auth_denied},
    Pattern{"Too many authentication failures", ProbeOutcome::auth_denied},
    Pattern{"open failed", ProbeOutcome::command_failed},
};

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    size_t p = 0;
    while (p < text.size()) {
        size_t e = text.find('\n', p);
        if (e == std::string_view::npos) e = text.size();
        std::string_view l = text.substr(p, e - p);
        while (!l.empty() && (l.back() == '\r' || l.back() == ' ')) l.remove_suffix(1);
        if (!l.empty()) out.push_back(l);
        p = e + 1;
    }
    return out;
}

}  // namespace

std::optional<Target> parse_target(std::string_view text, std::string& error) {
    Target t;
    std::string_view rest = text;
    if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
        t.user = std::string(rest.substr(0, at));
        rest = rest.substr(at + 1);
        if (t.user.empty() || t.user.front() == '-' ||
            t.user.find_first_of(" \t/") != std::string::npos) {
            error = "'" + t.user + "' is not a user name";
            return std::nullopt;
        }
    }
    std::string_view host = rest, port;
    if (!rest.empty() && rest.front() == '[') {
        size_t close = rest.find(']');
        if (close == std::string_view::npos) {
            error = "unbalanced '[' in '" + std::string(text) + "'";
            return std::nullopt;
        }
        host = rest.substr(1, close - 1);
        std::string_view after = rest.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                error = "expected ':PORT' after ']' in '" + std::string(text) + "'";
                return std::nullopt;
            }
            port = after.substr(1);
            if (port.empty()) port = ":";  // `[…]:` with nothing after it
        }
        auto ip = net::parse_ip(host);
        if (!ip || ip->family != 6) {
            error = "'" + std::string(host) + "' in brackets is not an IPv6 address";
            return std::nullopt;
        }
    } else if (std::count(rest.begin(), rest.end(), ':') == 1) {
        size_t colon = rest.find(':');
        host = rest.substr(0, colon);
        port = rest.substr(colon + 1);
        if (port.empty()) port = ":";
    } else if (std::count(rest.begin(), rest.end(), ':') > 1) {
        // A bare IPv6 address: no port possible without brackets.
        auto ip = net::parse_ip(host);
        if (!ip) {
            error = "'" + std::string(host) +
                    "' is not an IPv6 address (write an IPv6 address with a port as "
                    "[2001:db8::7]:22)";
            return std::nullopt;
        }
    } else if (!plausible_host_name(host)) {
        error = "'" + std::string(host) + "' is not a host name or address";
        return std::nullopt;
    }
    if (host.empty()) {
        error = "no host in '" + std::string(text) + "'";
        return std::nullopt;
    }
    if (host.find(':') == std::string_view::npos && !plausible_host_name(host)) {
        error = "'" + std::string(host) + "' is not a host name or address";
        return std::nullopt;
    }
    t.host = std::string(host);
    if (!port.empty()) {
        auto p = parse_port(port);
        if (!p) {
            error = "'" + std::string(port == ":" ? "" : port) +
                    "' is not a port number (1-65535)";
            return std::nullopt;
        }
        t.port = *p;
    }
    return t;
}

std::string format_target(const Target& t) {
    std::string out = t.user.empty() ? "" : t.user + "@";
    bool v6 = t.host.find(':') != std::string::npos;
    if (v6 && t.port) out += "[" + t.host + "]";
    else out += t.host;
    if (t.port) out += ":" + std::to_string(t.port);
    return out;
}

std::vector<std::string> target_words(const Target& target, const ProbeOptions& options) {
    std::vector<std::string> w{"-o", "ConnectTimeout=" +
                                         std::to_string(options.connect_timeout.count())};
    for (const auto& o : options.ssh_options) {
        w.push_back("-o");
        w.push_back(o);
    }
    if (!options.identity.empty()) {
        w.push_back("-i");
        w.push_back(options.identity);
    }
    if (target.port) {
        w.push_back("-p");
        w.push_back(std::to_string(target.port));
    }
    if (!target.user.empty()) {
        w.push_back("-l");
        w.push_back(target.user);
    }
    w.push_back("--");
    w.push_back(target.host);
    return w;
}

std::vector<std::string> probe_argv(const Target& target, const ProbeOptions& options,
                                    const std::string& command) {
    std::vector<std::string> argv{"ssh",
                                  "-T",
                                  "-o", "BatchMode=yes",
                                  "-o", "ControlMaster=no",
                                  "-o", "ControlPath=none",
                                  "-o", "ConnectionAttempts=1",
                                  "-o", "LogLevel=INFO"};
    for (auto& w : target_words(target, options)) argv.push_back(std::move(w));
    argv.push_back(command);
    return argv;
}

std::string_view outcome_name(ProbeOutcome outcome) {
    switch (outcome) {
        case ProbeOutcome::ok: return "ok";
        case ProbeOutcome::refused: return "refused";
        case ProbeOutcome::timed_out: return "timed-out";
        case ProbeOutcome::key_exchange: return "key-exchange";
        case ProbeOutcome::auth_denied: return "auth-denied";
        case ProbeOutcome::command_failed: return "command-failed";
    }
    return "command-failed";
}

std::string_view outcome_prose(ProbeOutcome outcome) {
    switch (outcome) {
        case ProbeOutcome::ok: return "works";
        case ProbeOutcome::refused: return "refused";
        case ProbeOutcome::timed_out: return "timed out";
        case ProbeOutcome::key_exchange: return "failed in key exchange";
        case ProbeOutcome::auth_denied: return "was denied authentication";
        case ProbeOutcome::command_failed: return "logged in but its command failed";
    }
    return "failed";
}

std::string probe_address(const Target& target) {
    bool v6 = target.host.find(':') != std::string::npos;
    if (target.port == 0) return target.host;
    return (v6 ? "[" + target.host + "]" : target.host) + ":" + std::to_string(target.port);
}

ProbeResult classify_probe(const sys::RunResult& run, const std::string& nonce) {
    using sys::RunStatus;
    if (run.status == RunStatus::timed_out)
        return {ProbeOutcome::timed_out, "no answer before the probe's deadline (ssh was stopped)"};
    if (run.status == RunStatus::not_found)
        return {ProbeOutcome::command_failed, "ssh is not installed on this machine"};
    if (run.status == RunStatus::failed_to_start)
        return {ProbeOutcome::command_failed, "ssh could not be started: " + run.error};
    for (std::string_view line : lines_of(run.out))
        if (line == nonce && run.status == RunStatus::exited && run.exit_code == 0)
            return {ProbeOutcome::ok, ""};
    auto lines = lines_of(run.err);
    for (std::string_view line : lines)
        for (const Pattern& p : k_patterns)
            if (line.find(p.text) != std::string_view::npos)
                return {p.outcome, std::string(line)};
    if (run.status == RunStatus::exited && run.exit_code == 0)
        return {ProbeOutcome::command_failed,
                "logged in, but the command's output lacks the nonce " + nonce};
    if (run.status == RunStatus::exited && run.exit_code != 255) {
        // ssh exits with the remote command's status; 255 is its own.
        std::string last = lines.empty() ? "" : ": " + std::string(lines.back());
        return {ProbeOutcome::command_failed,
                "the command exited with status " + std::to_string(run.exit_code) + last};
    }
    if (run.status == RunStatus::signalled)
        return {ProbeOutcome::command_failed, "ssh was killed by a signal"};
    return {ProbeOutcome::command_failed,
            lines.empty() ? "ssh exited with status 255 and no message"
                          : "ssh exited with status 255: " + std::string(lines.back())};
}

}  // namespace lifeline::gate

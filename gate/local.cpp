#include "local.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <cstdlib>
#include <sstream>

namespace lifeline::gate {

Preflight parse_preflight(const std::string& output) {
    Preflight pf;
    long limit = -1;
    std::istringstream lines(output);
    for (std::string l; std::getline(lines, l);) {
        std::istringstream in(l);
        std::string key;
        in >> key;
        if (key == "layer") {
            std::string name;
            std::getline(in >> std::ws, name);
            pf.layers.push_back(name);
        } else if (key == "persourcepenalties") {
            // sshd blocks a source once its penalty reaches `min` seconds; each failed
            // authentication adds `authfail` seconds: ceil(min / authfail) failures block.
            long authfail = 0, min = 0;
            for (std::string word; in >> word;) {
                auto colon = word.find(':');
                if (colon == std::string::npos) continue;
                char* end = nullptr;
                long v = std::strtol(word.c_str() + colon + 1, &end, 10);
                if (!end || *end != '\0' || v <= 0) continue;
                if (word.compare(0, colon, "authfail") == 0) authfail = v;
                if (word.compare(0, colon, "min") == 0) min = v;
            }
            if (authfail > 0 && min > 0) {
                long v = (min + authfail - 1) / authfail;
                limit = limit < 0 ? v : std::min(limit, v);
            }
        } else if (key == "maxauthtries" || key == "maxretry") {
            std::string a, b;
            in >> a >> b;
            const std::string& n = key == "maxretry" ? b : a;
            char* end = nullptr;
            long v = std::strtol(n.c_str(), &end, 10);
            if (!n.empty() && end && *end == '\0' && v > 0) limit = limit < 0 ? v : std::min(limit, v);
        }
    }
    // Probes stay below the tightest limit: one failure fewer than it allows.
    pf.probe_budget = limit < 0 ? 3 : static_cast<int>(std::max(1L, limit - 1));
    return pf;
}

LocalRemote::LocalRemote(Exec& exec, std::string state_dir, std::string gate_id, TreeLinter lint)
    : m_exec(exec), m_state_dir(std::move(state_dir)), m_id(std::move(gate_id)),
      m_lint(std::move(lint)) {}

ScriptVars LocalRemote::vars(Millis window) const {
    return {m_id, m_state_dir, static_cast<int>(std::max<long long>(1, window.count() / 1000)),
            m_operator};
}

bool LocalRemote::open_canary(std::string& error) {
    if (::geteuid() != 0) {
        error = "--local needs root (it saves and restores sshd, the firewall and fail2ban)";
        return false;
    }
    if (const char* c = std::getenv("SSH_CONNECTION")) {
        std::string conn = c;
        m_operator = conn.substr(0, conn.find(' '));
        // Who logged in: sudo's caller, else the account this runs as.
        std::string user;
        if (const char* s = std::getenv("SUDO_USER"); s && *s) user = s;
        else if (const passwd* pw = ::getpwuid(::getuid())) user = pw->pw_name;
        m_login = own_login_of(conn, user);
    }
    return true;
}

std::optional<sys::RunResult> LocalRemote::script(HostAction action, Millis window,
                                                  std::string& error) {
    auto text = host_script(vars(window), action, error);
    if (!text) return std::nullopt;
    return m_exec.run({"sh", "-s"}, *text, std::chrono::minutes(2));
}

std::optional<Preflight> LocalRemote::preflight(std::string& error) {
    auto r = script(HostAction::preflight, m_window, error);
    if (!r) return std::nullopt;
    if (!r->ok()) {
        std::string err = r->err;
        while (!err.empty() && err.back() == '\n') err.pop_back();
        error = "preflight: " + err.substr(err.rfind('\n') == std::string::npos ? 0 : err.rfind('\n') + 1);
        return std::nullopt;
    }
    return parse_preflight(r->out);
}

bool LocalRemote::arm(Millis window, std::string& error) {
    m_window = window;
    auto r = script(HostAction::arm, window, error);
    if (!r) return false;
    if (!r->ok() || r->out.find("armed") == std::string::npos) {
        error = "arming the dead-man: " + r->err;
        return false;
    }
    return true;
}

bool LocalRemote::extend(Millis window) {
    std::string error;
    auto r = script(HostAction::extend, window, error);
    return r && r->ok();
}

void LocalRemote::release() {
    std::string error;
    script(HostAction::release, m_window, error);
}

PostCheck LocalRemote::post_check() {
    // The same fetch as over SSH, into a directory of its own each time (the linter caches by
    // path, so `/` linted twice in one process would show the first state again).
    std::string error;
    auto r = script(HostAction::fetch, m_window, error);
    if (!r || !r->ok()) return PostCheck{};
    if (m_dir.empty()) {
        char tmpl[] = "/tmp/lifeline-local-XXXXXX";
        if (!::mkdtemp(tmpl)) return PostCheck{};
        m_dir = tmpl;
    }
    LiveFetch live = [this](const std::string& script) -> std::optional<std::string> {
        auto run = m_exec.run({"sh", "-s"}, script, Millis(120000));
        if (!run.ok()) return std::nullopt;
        return run.out;
    };
    return lint_fetched(m_exec, r->out, m_dir + "/state-" + std::to_string(++m_fetches), m_lint,
                        m_login, live);
}

void LocalRemote::close() {
    if (m_dir.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
    m_dir.clear();
}

bool LocalRemote::rollback_now(std::string& error) {
    auto r = script(HostAction::rollback, m_window, error);
    if (!r) return false;
    if (!r->ok()) {
        error = "rollback: " + r->out + r->err;
        return false;
    }
    return true;
}

}  // namespace lifeline::gate

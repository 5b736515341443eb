// `lifeline window open|confirm|rollback|status`: a manual change window on the host itself,
// with the gate's host-side scripts run locally (as root). `confirm` must come from an SSH
// connection other than the one that opened the window: that it could log in proves access.
#include <sys/stat.h>
#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "exec.hpp"
#include "host_script.hpp"
#include "real.hpp"

namespace lifeline::cli {
namespace {

namespace fs = std::filesystem;

struct WindowOptions {
    std::string action;
    int window = 300;
    std::string state_dir = "/var/lib/lifeline";
};

std::string read_file(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    std::string t = s.str();
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t;
}

/// SSH_CONNECTION of this process, or "" (a console login).
std::string ssh_connection() {
    const char* c = std::getenv("SSH_CONNECTION");
    return c ? c : "";
}

/// Runs one host-side action here; prints its output; its exit status (2: not run).
int local_action(const gate::ScriptVars& vars, gate::HostAction action, std::string* out = nullptr) {
    std::string err;
    auto script = gate::host_script(vars, action, err);
    if (!script) {
        std::cerr << "lifeline: window: " << err << '\n';
        return k_exit_usage;
    }
    auto exec = gate::make_real_exec();
    auto r = exec->run({"sh", "-s"}, *script, std::chrono::minutes(5));
    if (out) *out = r.out;
    else std::cout << r.out;
    std::cerr << r.err;
    if (r.status != sys::RunStatus::exited) {
        std::cerr << "lifeline: window: the host-side script did not finish\n";
        return k_exit_usage;
    }
    return r.exit_code;
}

/// The gate holding the host lock, or "".
std::string current_gate(const std::string& base) { return read_file(fs::path(base) / "lock" / "id"); }

/// The newest window that a rollback ended (by hand or by the dead-man), or "" when the newest
/// window (the last one with any activity) was not rolled back.
std::string last_rolled_back(const std::string& base) {
    std::error_code ec;
    fs::path newest;
    fs::file_time_type newest_at{};
    for (const auto& e : fs::directory_iterator(fs::path(base) / "gates", ec)) {
        auto at = fs::last_write_time(e.path(), ec);
        if (ec) continue;
        if (newest.empty() || at > newest_at) {
            newest = e.path();
            newest_at = at;
        }
    }
    if (newest.empty() || !fs::exists(newest / "rolled-back", ec)) return "";
    return newest.filename().string();
}

/// "HH:MM:SS" of when a window's rollback ended.
std::string rolled_back_at(const std::string& base, const std::string& id) {
    struct stat st{};
    auto marker = fs::path(base) / "gates" / id / "rolled-back";
    if (::stat(marker.c_str(), &st) != 0) return "an unknown time";
    char when[64];
    std::strftime(when, sizeof when, "%H:%M:%S %Z", std::localtime(&st.st_mtime));
    return when;
}

/// The message for a confirm or rollback that finds no open window: "too late" when the
/// newest window was rolled back after it was opened from elsewhere.
int no_open_window(const WindowOptions& opt, const char* verb) {
    std::string last = last_rolled_back(opt.state_dir);
    if (!last.empty()) {
        std::cerr << "lifeline: window: too late to " << verb << ": window " << last
                  << " was already rolled back at " << rolled_back_at(opt.state_dir, last)
                  << " (by `window rollback` or the dead-man); the host is as it was before it "
                     "opened\n";
        return 3;
    }
    std::cerr << "lifeline: window: no window is open (no lock in " << opt.state_dir << ")\n";
    return 1;
}

int window_open(const WindowOptions& opt) {
    gate::ScriptVars v{gate::new_gate_id(), opt.state_dir, opt.window, ""};
    std::string conn = ssh_connection();
    if (!conn.empty()) v.operator_address = conn.substr(0, conn.find(' '));
    std::string out;
    int rc = local_action(v, gate::HostAction::preflight, &out);
    if (rc != 0) return rc == k_exit_usage ? rc : 1;
    std::ofstream(fs::path(opt.state_dir) / "gates" / v.id / "opener") << conn << '\n';
    rc = local_action(v, gate::HostAction::arm, &out);
    if (rc != 0) {
        local_action(v, gate::HostAction::release, &out);
        return 1;
    }
    std::time_t at = std::time(nullptr) + opt.window;
    char when[64];
    std::strftime(when, sizeof when, "%H:%M:%S %Z", std::localtime(&at));
    std::cout << "window " << v.id << " open: every layer is saved, and the host rolls back by "
              << "itself at " << when << " (in " << opt.window << " s) unless confirmed.\n"
              << "Make the change, then log in again in a NEW ssh session and run "
                 "`lifeline window confirm` there.\n";
    return 0;
}

int window_confirm(const WindowOptions& opt) {
    std::string id = current_gate(opt.state_dir);
    if (id.empty()) return no_open_window(opt, "confirm");
    std::string opener = read_file(fs::path(opt.state_dir) / "gates" / id / "opener");
    std::string conn = ssh_connection();
    if (conn.empty()) {
        std::cerr << "lifeline: window: confirm from a new SSH login: this shell has no "
                     "SSH_CONNECTION, so it proves nothing about SSH access\n";
        return 1;
    }
    if (conn == opener) {
        std::cerr << "lifeline: window: this is the SSH connection that opened the window ("
                  << conn << "); confirm from a NEW ssh session: only a fresh login proves "
                     "access still works\n";
        return 1;
    }
    gate::ScriptVars v{id, opt.state_dir, 1, ""};
    std::string out;
    int rc = local_action(v, gate::HostAction::disarm, &out);
    if (rc != 0) return 1;
    if (out.find("fired") != std::string::npos) {
        std::cout << "window " << id << ": too late, the dead-man already rolled the change back\n";
        return 3;
    }
    std::cout << "window " << id << " confirmed from " << conn.substr(0, conn.find(' '))
              << ": the change is kept\n";
    return 0;
}

int window_rollback(const WindowOptions& opt) {
    std::string id = current_gate(opt.state_dir);
    if (id.empty()) return no_open_window(opt, "roll back");
    gate::ScriptVars v{id, opt.state_dir, 1, ""};
    int rc = local_action(v, gate::HostAction::rollback);
    return rc == 0 ? 3 : 4;
}

int window_status(const WindowOptions& opt) {
    std::string id = current_gate(opt.state_dir);
    if (id.empty()) {
        std::cout << "no window open";
        std::string last = last_rolled_back(opt.state_dir);
        if (!last.empty())
            std::cout << "; the last one (" << last << ") was rolled back at "
                      << rolled_back_at(opt.state_dir, last);
        std::cout << '\n';
        return 0;
    }
    fs::path dir = fs::path(opt.state_dir) / "gates" / id;
    std::string deadline = read_file(dir / "deadline");
    long left = deadline.empty() ? 0 : std::stol(deadline) - static_cast<long>(std::time(nullptr));
    bool armed = fs::exists(dir / "armed");
    std::cout << "window " << id << ": " << (armed ? "armed" : "not armed");
    if (armed) std::cout << ", rolls back in " << std::max(0L, left) << " s";
    std::string opener = read_file(dir / "opener");
    if (!opener.empty()) std::cout << ", opened from " << opener.substr(0, opener.find(' '));
    std::cout << '\n';
    return 0;
}

int run_window(const WindowOptions& opt) {
    if (::geteuid() != 0) {
        std::cerr << "lifeline: window: needs root (it saves and restores sshd, the firewall and "
                     "fail2ban)\n";
        return k_exit_usage;
    }
    if (opt.action == "open") return window_open(opt);
    if (opt.action == "confirm") return window_confirm(opt);
    if (opt.action == "rollback") return window_rollback(opt);
    return window_status(opt);
}

}  // namespace

void register_window(CLI::App& cli, App& app) {
    auto opt = std::make_shared<WindowOptions>();
    auto* sub = cli.add_subcommand("window", "A manual change window on this host: open, "
                                             "confirm (from a new SSH login), rollback, status");
    sub->add_option("action", opt->action, "open | confirm | rollback | status")
        ->required()
        ->check(CLI::IsMember({"open", "confirm", "rollback", "status"}));
    sub->add_option("--window", opt->window, "Seconds before the host rolls back by itself (open)")
        ->check(CLI::Range(10, 86400))
        ->default_val(300);
    sub->add_option("--state-dir", opt->state_dir, "The gate's directory")
        ->default_val("/var/lib/lifeline");
    sub->callback([&app, opt] { app.exit_code = run_window(*opt); });
}

}  // namespace lifeline::cli

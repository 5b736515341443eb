#include "access/sshd_access.hpp"

#include <algorithm>

#include "access/account_check.hpp"
#include "access/auth_check.hpp"
#include "access/credentials.hpp"
#include "access/listen_check.hpp"
#include "access/walk.hpp"
#include "config.hpp"
#include "effective.hpp"

namespace lifeline::sshd {
namespace {

bool uses_criterion(const Config& cfg, std::string_view attribute) {
    for (const auto& b : cfg.blocks)
        for (const auto& c : b.criteria)
            if (c.attribute == attribute) return true;
    return false;
}

/// The startup checks: a configuration sshd rejects means no daemon after the next restart.
bool startup_fails(const Config& cfg, Walk& walk) {
    if (!cfg.fatal()) return false;
    int shown = 0;
    for (const auto& e : cfg.errors) {
        if (e.severity != Severity::error || shown++ == 3) continue;
        walk.step(e.location.path, e.location.line, e.message, e.rule_id + " " + e.slug);
    }
    walk.deny("sshd refuses this configuration (sshd -t fails): after a restart nothing listens");
    return true;
}

/// Builds the connection sshd's Match pass sees; marks the walk unknown when a criterion
/// depends on something lifeline cannot know.
Connection connection_for(const AccessQuery& q, const ListenChoice& where, const Config& cfg,
                          const Effective& global, Walk& walk) {
    Connection conn;
    conn.user = q.user;
    conn.addr = q.address;
    // With UseDNS no (the default) sshd matches host patterns against the address text.
    conn.host = q.address;
    conn.lport = where.port;
    if (!where.local_address.empty()) conn.laddr = where.local_address;
    const Setting& dns = global.get("UseDNS");
    if (!dns.values.empty() && dns.values.front() == "yes" && uses_criterion(cfg, "host")) {
        walk.step(dns.from, "UseDNS yes: Match Host compares the reverse-DNS name", "UseDNS");
        walk.unknown("Match Host depends on the client's reverse DNS name (UseDNS yes)");
    } else if (!conn.laddr && uses_criterion(cfg, "localaddress")) {
        walk.unknown("a Match LocalAddress block depends on the local address: give --to");
    }
    return conn;
}

void trace_blocks(const Config& cfg, const Effective& eff, Walk& walk) {
    for (const auto& bm : eff.blocks()) {
        if (!bm.matched) continue;
        const MatchBlock& b = cfg.blocks[static_cast<size_t>(bm.block)];
        walk.step(b.file ? b.file->path() : cfg.main_path, b.line, "Match " + b.text,
                  "matches this connection");
    }
}

}  // namespace

std::optional<LayerResult> sshd_access(const AccessQuery& q, Host& host, DiagnosticSink& errors,
                                       long today) {
    (void)errors;
    Config cfg = load_config(host);
    if (!cfg.main_found && !host.fs().stat(host.path("/etc/ssh/sshd_config"))) return std::nullopt;
    Walk walk;
    walk.result.layer = "sshd";
    walk.result.verdict = "permitted";
    if (startup_fails(cfg, walk)) return walk.result;
    Effective global = evaluate_global(cfg);
    auto where = check_listener(q, host, global, walk);
    if (!where) return walk.result;
    Connection conn = connection_for(q, *where, cfg, global, walk);
    if (walk.done()) return walk.result;
    Effective eff = evaluate(cfg, conn, host.users());
    trace_blocks(cfg, eff, walk);
    if (!eff.ok()) {
        const Diagnostic& e = eff.errors().front();
        walk.step(e.location.path, e.location.line, e.message, "fatal for this connection");
        walk.deny("sshd fails while applying the Match blocks for this connection");
        return walk.result;
    }
    if (!host.fs().stat(host.path("/etc/passwd"))) {
        // A configuration tree without account files (a config repository): decide what the
        // configuration decides by name, and leave the account itself open.
        check_user_lists(q.user, q.address, eff, walk);
        if (walk.done()) return walk.result;
        if (q.user == "root") {  // uid 0 by name, as on every Linux system
            const Setting& prl = eff.get("PermitRootLogin");
            if (!prl.values.empty() && prl.values.front() == "no") {
                walk.step(prl.from, "PermitRootLogin no for uid 0", "PermitRootLogin");
                walk.deny("PermitRootLogin no: root may not log in");
                return walk.result;
            }
        }
        walk.fact("account", "unchecked");
        walk.unknown("the host has no /etc/passwd: cannot check the account");
        return walk.result;
    }
    const User* user = host.users().find_user(q.user);
    if (!user) {
        walk.deny("no account named " + q.user + " in /etc/passwd");
        return walk.result;
    }
    // One look at the login shell serves both sshd's pre-auth check and the session check.
    const ShellCheck shell = check_shell(host, *user);
    check_account(*user, q.address, host, eff, today, shell, walk);
    if (walk.done()) return walk.result;
    check_authentication(*user, host, eff, walk);
    if (walk.done()) return walk.result;
    check_session(*user, host, eff, today, shell, walk);
    if (!walk.done()) walk.result.reason = q.user + " can log in";
    return walk.result;
}

}  // namespace lifeline::sshd

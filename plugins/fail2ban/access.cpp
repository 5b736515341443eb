// The fail2ban access layer: per enabled jail, whether its bans reach sshd's port and whether
// its ignore list covers the client.
#include "access.hpp"

namespace lifeline::f2b {
namespace {

void add_step(LayerResult& r, const Host& host, const std::optional<Setting>& s,
              const std::string& name, const std::string& note) {
    if (!s || s->origin.line <= 0) return;
    std::string value = s->value;
    for (char& c : value)
        if (c == '\n') c = ' ';
    r.trace.push_back({shown_path(host, s->origin.path), s->origin.line, name + " = " + value, note});
}

/// TABs written as `\t`, so that a reason shows where entries were joined.
std::string show_tabs(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '\t' ? std::string("\\t") : std::string(1, c);
    return out;
}

}  // namespace

LayerResult fail2ban_access(const AccessQuery& q, const Fail2banModel& model,
                            const HostFacts& facts, const Host& host) {
    LayerResult r;
    r.layer = "fail2ban";
    if (model.load_failed()) {
        r.verdict = "unknown";
        r.unknown = true;
        const Diagnostic& d = model.config.errors.front();
        r.reason = "fail2ban-client refuses the configuration (" + shown_path(host, d.location.path) +
                   ":" + std::to_string(d.location.line) + ": " + d.message + ")";
        return r;
    }
    auto ip = net::parse_ip(q.address);
    int port = q.port;
    if (port == 0) {
        for (const SshListener& l : facts.ssh_listeners)
            if (l.family == q.family) {
                port = l.port;
                break;
            }
        if (port == 0) port = 22;
    }
    r.facts.push_back({"port", std::to_string(port)});
    if (!ip) {
        r.verdict = "unknown";
        r.unknown = true;
        r.reason = "'" + q.address + "' is not an address";
        return r;
    }
    if (auto refusal = model.server_refusal()) {
        // fail2ban-server stops at this entry: no jail of the configuration runs.
        const Jail& j = *refusal->view->jail;
        r.verdict = "not-applicable";
        r.reason = "fail2ban-server rejects ignoreip entry '" + show_tabs(refusal->entry->text) +
                   "' of jail " + j.name + " and runs no jail at all (at start it exits, a " +
                   "reload leaves no working jail): nothing bans " + q.address;
        add_step(r, host, j.ignoreip_raw, "ignoreip", show_tabs(refusal->entry->problem));
        r.facts.push_back({"jail", j.name + " (its configuration is rejected by fail2ban-server)"});
        return r;
    }
    net::Network source{*ip, ip->bit_count()};
    std::vector<const JailView*> bannable, ignoring;
    std::string caveat;
    for (const JailView& view : model.jails) {
        Exposure e = assess(view, source, port);
        const Jail& j = *view.jail;
        if (e.verdict == Exposure::Verdict::not_applicable) continue;
        r.trace.push_back({shown_path(host, j.origin.path), j.origin.line, "[" + j.name + "]",
                           e.verdict == Exposure::Verdict::bannable
                               ? "enabled; bans port " + view.reach.describe() + " by " +
                                     (view.reach.mechanism.empty() ? view.reach.note
                                                                   : view.reach.mechanism)
                               : "enabled; ignores " + q.address});
        add_step(r, host, j.enabled_raw, "enabled", "");
        add_step(r, host, j.port, "port", "");
        add_step(r, host, j.action, "action", "");
        if (e.verdict == Exposure::Verdict::ignored) {
            ignoring.push_back(&view);
            if (e.by_self) add_step(r, host, j.ignoreself_raw, "ignoreself", "the host's own address");
            else add_step(r, host, j.ignoreip_raw, "ignoreip", "covers " + q.address + " (" + e.ignored_by->text + ")");
            r.facts.push_back({"jail", j.name + " (ignores the client)"});
            continue;
        }
        bannable.push_back(&view);
        if (caveat.empty()) caveat = e.caveat;
        add_step(r, host, j.maxretry_raw, "maxretry", "");
        add_step(r, host, j.findtime, "findtime", "");
        add_step(r, host, j.bantime, "bantime", j.bantime_permanent ? "permanent" : "");
        add_step(r, host, j.ignoreip_raw, "ignoreip", "does not cover " + q.address);
        r.facts.push_back({"jail", j.name + " (can ban the client)"});
    }
    if (!bannable.empty()) {
        const JailView& v = *bannable.front();
        const Jail& j = *v.jail;
        r.verdict = "bannable";
        r.at_risk = true;
        std::string window = j.findtime ? " within " + j.findtime->value : "";
        std::string duration = j.bantime_permanent ? "forever" : j.bantime ? "for " + j.bantime->value : "";
        r.reason = "jail " + j.name + " can ban " + q.address + ": it is not in ignoreip";
        r.risk = "jail " + j.name + " (" + shown_path(host, j.origin.path) + ":" +
                 std::to_string(j.origin.line) + ") bans " + q.address + " from port " +
                 std::to_string(port) + " after " + std::to_string(v.maxretry) + " failures" +
                 window + (duration.empty() ? "" : ", " + duration) + "; " +
                 (v.reach.mechanism.empty() ? v.reach.note : v.reach.mechanism);
        if (bannable.size() > 1)
            r.risk += " (and " + std::to_string(bannable.size() - 1) + " more jail" +
                      (bannable.size() > 2 ? "s" : "") + ")";
        if (!caveat.empty()) r.reason += ", " + caveat;
        return r;
    }
    if (!ignoring.empty()) {
        r.verdict = "ignored";
        r.reason = "every enabled jail that bans port " + std::to_string(port) + " ignores " + q.address;
        return r;
    }
    r.verdict = "not-applicable";
    r.reason = "no enabled jail bans port " + std::to_string(port);
    return r;
}

}  // namespace lifeline::f2b

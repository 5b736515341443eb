// The fail2ban plugin: reads /etc/fail2ban's jail configuration as fail2ban-client 1.0.2 does,
// lints it against sshd's listeners and the declared logins, answers the fail2ban layer of
// `lifeline access`, and dumps each jail's effective settings (`lifeline dump fail2ban`).
#include <ostream>

#include "access.hpp"
#include "lifeline/plugin.hpp"
#include "rules/rule.hpp"

namespace lifeline::f2b {
namespace {

class Fail2banPlugin final : public Plugin {
  public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "fail2ban",
            "0.1.0",
            "fail2ban 1.0.2 (Debian 12): jail.conf, jail.d, jail.local, ignore lists and ban "
            "actions",
            {"fail2ban/jail.conf", "fail2ban/jail.local", "fail2ban/jail.d/*"},
            all_rule_infos(),
            "F2B"};
        return k_info;
    }

    bool claims_file(std::string_view path) const override {
        return path.find("fail2ban/jail.") != std::string_view::npos ||
               path.find("fail2ban/jail.d/") != std::string_view::npos;
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        std::optional<Host> tree;
        if (!request.files.empty())
            tree.emplace(tree_root(request.files.front()), request.host.fs(),
                         request.host.sources());
        Host& host = tree ? *tree : request.host;
        const Fail2banModel& m = model(host);
        if (!m.present) return LintStatus::absent;
        DiagnosticSink all;
        for (Diagnostic d : m.config.errors) {
            d.location.path = shown_path(host, d.location.path);
            all.report(std::move(d));
        }
        std::optional<LiveBans> bans;
        if (request.host.live() && request.files.empty()) {
            bans = read_live_bans(*request.host.live());
            if (!bans->read) all.report(unavailable(*bans));
        }
        if (!m.load_failed()) {
            RuleContext ctx{host, m, request.facts, all, bans ? &*bans : nullptr};
            for (const F2bRule& rule : all_rules())
                if (rule.check) rule.check(ctx);
        }
        for (Diagnostic& d : all.items()) out.report(std::move(d));
        return LintStatus::checked;
    }

    int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) override {
        const Fail2banModel& m = model(request.host);
        if (!m.present) {
            out << "# fail2ban is not installed under this root (no /etc/fail2ban/jail.conf)\n";
            return 0;
        }
        for (const Diagnostic& d : m.config.errors) errors.report(d);
        for (const JailView& v : m.jails) {
            const Jail& j = *v.jail;
            out << "[" << j.name << "]  # " << shown_path(request.host, j.origin.path) << ':'
                << j.origin.line << '\n';
            out << "enabled = " << (j.enabled ? "true" : "false") << '\n';
            if (!j.enabled) continue;
            if (j.filter) out << "filter = " << j.filter->value << '\n';
            if (j.port) out << "port = " << j.port->value << '\n';
            out << "bans = " << v.reach.describe();
            if (!v.reach.mechanism.empty()) out << "  # " << v.reach.mechanism;
            else if (!v.reach.note.empty()) out << "  # " << v.reach.note;
            out << '\n';
            out << "maxretry = " << v.maxretry << '\n';
            if (j.findtime) out << "findtime = " << j.findtime->value << '\n';
            if (j.bantime) out << "bantime = " << j.bantime->value << '\n';
            out << "ignoreself = " << (v.ignoreself ? "true" : "false") << '\n';
            out << "ignoreip =";
            for (const IgnoreEntry& e : v.ignores) {
                out << ' ';
                for (char c : e.text) out << (c == '\t' ? std::string("\\t") : std::string(1, c));
            }
            out << '\n';
        }
        return m.load_failed() ? 1 : 0;
    }

    // After the firewall (10) and sshd (20): fail2ban never denies a login today, it can only
    // take one away later.
    int access_stage() const override { return 30; }

    std::optional<LayerResult> access(const AccessQuery& query, Host& host,
                                      const HostFacts& facts, DiagnosticSink& errors) override {
        (void)errors;
        const Fail2banModel& m = model(host);
        if (!m.present) return std::nullopt;
        return fail2ban_access(query, m, facts, host);
    }

  private:
    /// F2B010: the bans could not be read. Never a guess: not running means nothing is banned.
    static Diagnostic unavailable(const LiveBans& bans) {
        Diagnostic d;
        d.rule_id = std::string(k_live_bans_unavailable.id);
        d.slug = std::string(k_live_bans_unavailable.slug);
        d.severity = k_live_bans_unavailable.severity;
        d.location.path = "<fail2ban-client banned>";
        if (bans.not_running)
            d.message = "fail2ban is not running (" + bans.failure +
                        "): nothing is banned now; its jails ban again once it starts";
        else if (bans.not_installed)
            d.message = bans.failure + ": fail2ban's current bans were not read";
        else
            d.message = "fail2ban's current bans were not read: " + bans.failure;
        return d;
    }

    /// The directory standing for `/` of a file under `etc/fail2ban/`.
    static std::string tree_root(const std::string& file) {
        size_t at = file.rfind("etc/fail2ban/");
        if (at == std::string::npos || (at > 0 && file[at - 1] != '/')) return "/";
        std::string root = file.substr(0, at);
        while (root.size() > 1 && root.back() == '/') root.pop_back();
        return root.empty() ? "." : root;
    }

    const Fail2banModel& model(Host& host) {
        if (!m_model || m_root != host.root()) {
            m_model = load_model(host);
            m_root = host.root();
        }
        return *m_model;
    }

    std::unique_ptr<Fail2banModel> m_model;
    std::string m_root;
};

}  // namespace
}  // namespace lifeline::f2b

LIFELINE_PLUGIN(lifeline::f2b::Fail2banPlugin)

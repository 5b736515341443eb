// The ufw plugin: reads /etc/ufw and /etc/default/ufw, replays ufw's start sequence on the
// iptables model, contributes the resulting tables to the shared firewall facts (when ufw starts
// at boot), lints, and dumps the tables (`lifeline dump ufw`).
#include <optional>
#include <ostream>

#include "lifeline/plugin.hpp"
#include "rules/rule.hpp"
#include "ufw/model.hpp"

namespace lifeline::ufw {
namespace {

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view dir_name(std::string_view path) {
    size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    return base_name(path.substr(0, slash));
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class UfwPlugin final : public Plugin {
  public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "ufw",
            "0.1.0",
            "ufw 0.36.2 (Debian 12): settings, application profiles, rules files and the start "
            "sequence",
            {"ufw.conf", "default/ufw", "ufw/*.rules", "ufw/applications.d/*"},
            all_rule_infos(),
            "UFW"};
        return k_info;
    }

    bool claims_file(std::string_view path) const override {
        std::string_view name = base_name(path), dir = dir_name(path);
        if (name == "ufw.conf") return true;
        if (name == "ufw" && dir == "default") return true;
        if (dir == "ufw" && ends_with(name, ".rules")) return true;
        return dir == "applications.d";
    }

    void contribute(Host& host, HostFacts& facts, DiagnosticSink& errors) override {
        (void)errors;
        // Live, ufw's chains are among the iptables layer's `iptables-save` tables already.
        if (host.live()) return;
        const UfwModel& m = model(host);
        if (!m.start.started) return;
        for (auto& t : m.tables()) facts.firewall.tables.push_back(std::move(t));
        facts.firewall_layers.push_back("ufw");
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        // ufw's files only make sense together: for `lint FILE`, read the tree FILE sits in
        // (…/etc/ufw/user.rules → …/) and report what concerns FILE.
        std::optional<Host> tree;
        if (!request.files.empty())
            tree.emplace(tree_root(request.files.front()), request.host.fs(),
                         request.host.sources());
        Host& host = tree ? *tree : request.host;
        const UfwModel& m = model(host);
        if (!m.present) return LintStatus::absent;
        DiagnosticSink all;
        for (const Diagnostic& d : m.findings) all.report(d);
        RuleContext ctx(host, m, request.facts, all);
        for (const UfwRule& rule : all_rules())
            if (rule.check) rule.check(ctx);
        for (Diagnostic& d : all.items()) {
            // The model speaks host paths; findings point at the files read under the root.
            if (!d.location.path.empty() && d.location.path[0] == '/')
                d.location.path = host.path(d.location.path);
            if (!request.files.empty() && !names_file(request, d.location.path)) continue;
            out.report(std::move(d));
        }
        return LintStatus::checked;
    }

    int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) override {
        (void)errors;
        const UfwModel& m = model(request.host);
        if (!m.present) {
            out << "# ufw is not installed under this root (no /etc/ufw/ufw.conf)\n";
            return 0;
        }
        if (!m.start.started) {
            out << "# ufw does not start at boot: "
                << (m.settings.aborts ? m.settings.abort_reason
                                      : "ENABLED=" + m.settings.enabled.value)
                << '\n';
            return 0;
        }
        nf::Ruleset rs;
        rs.tables = m.tables();
        nf::dump(rs, request.family, out);
        return 0;
    }

  private:
    static bool names_file(const LintRequest& request, const std::string& path) {
        for (const auto& f : request.files)
            if (f == path || "./" + f == path) return true;
        return false;
    }

    /// The directory standing for `/` of a ufw file: the part before `etc/ufw/` or
    /// `etc/default/ufw` ("/" for the host's own files).
    static std::string tree_root(const std::string& file) {
        for (std::string_view marker : {"etc/ufw/", "etc/default/ufw"}) {
            size_t at = file.rfind(marker);
            if (at == std::string::npos || (at > 0 && file[at - 1] != '/')) continue;
            std::string root = file.substr(0, at);
            while (root.size() > 1 && root.back() == '/') root.pop_back();
            return root.empty() ? "." : root;
        }
        return "/";
    }

    /// The model of `host`, read once per run (contribute, lint and dump share it).
    const UfwModel& model(Host& host) {
        if (!m_model || m_root != host.root()) {
            m_model = load_model(host);
            m_root = host.root();
        }
        return *m_model;
    }

    std::unique_ptr<UfwModel> m_model;
    std::string m_root;
};

}  // namespace
}  // namespace lifeline::ufw

LIFELINE_PLUGIN(lifeline::ufw::UfwPlugin)

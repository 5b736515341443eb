// The nftables plugin: /etc/nftables.conf as nftables.service loads it (`nft -f`, atomic),
// linted for what makes nft reject it and for nft-specific lockout risks, and contributed to
// the shared firewall ruleset the firewall layer evaluates.
#include <filesystem>
#include <optional>
#include <ostream>

#include "lifeline/plugin.hpp"
#include "nftables/host_reader.hpp"
#include "nftables/live.hpp"
#include "nftables/translate.hpp"
#include "rules/rule.hpp"

namespace lifeline::nft {
namespace {

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string working_directory() {
    std::error_code ec;
    auto cwd = std::filesystem::current_path(ec);
    return ec ? std::string("/") : cwd.string();
}

Diagnostic unreadable(const std::string& path) {
    Diagnostic d;
    d.rule_id = "NFT001";
    d.slug = "ruleset-load-error";
    d.location.path = path;
    d.message = "Could not open file \"" + path + "\": No such file or directory";
    return d;
}

HostConfig read_config(Host& host, const std::vector<std::string>& files) {
    if (files.empty()) return read_host_config(host);
    return read_host_config(host, files.front(), working_directory());
}

/// The host's configuration, read once per run: contribute and lint see the same host (its
/// source manager keeps the texts the document points into).
class ConfigCache {
  public:
    const HostConfig& get(Host& host) {
        if (!m_config || m_host != &host || m_root != host.root()) {
            m_config = read_host_config(host);
            m_host = &host;
            m_root = host.root();
        }
        return *m_config;
    }

  private:
    std::optional<HostConfig> m_config;
    const Host* m_host = nullptr;
    std::string m_root;
};

class NftablesPlugin final : public Plugin {
  public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "nftables",
            "0.1.0",
            "nftables 1.0.6: /etc/nftables.conf and its includes, as `nft -f` loads them",
            {"/etc/nftables.conf", "*.nft"},
            all_rule_infos(),
            "NFT"};
        return k_info;
    }

    bool claims_file(std::string_view path) const override {
        std::string_view name = base_name(path);
        return name == "nftables.conf" ||
               (name.size() > 4 && name.substr(name.size() - 4) == ".nft");
    }

    /// nftables.service loads /etc/nftables.conf after the iptables files (netfilter-
    /// persistent) and before ufw, so its `flush ruleset` deletes their nf_tables tables.
    int contribute_order() const override { return 20; }

    void contribute(Host& host, HostFacts& facts, DiagnosticSink& errors) override {
        if (host.live()) {
            // What the kernel enforces now, not what /etc/nftables.conf would load.
            contribute_live(live(host), facts);
            return;
        }
        const HostConfig& config = m_cache.get(host);
        if (!config.present) return;
        facts.firewall_layers.push_back(std::string(k_source));
        for (const auto& e : config.errors) errors.report(e);
        if (!config.applied()) {
            facts.firewall.unreadable.push_back(config.failure);
            return;
        }
        auto& tables = facts.firewall.tables;
        apply_flushes(*config.loaded, tables);
        for (auto& t : translate(config.doc, *config.loaded)) tables.push_back(std::move(t));
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        bool live_present = false;
        if (request.host.live() && request.files.empty())
            live_present = lint_live(live(request.host), request.facts, out);
        std::optional<HostConfig> own;
        if (!request.files.empty()) own = read_config(request.host, request.files);
        const HostConfig& config = own ? *own : m_cache.get(request.host);
        if (!config.present) {
            if (request.files.empty())
                return live_present ? LintStatus::checked : LintStatus::absent;
            out.report(unreadable(request.files.front()));
            return LintStatus::unreadable;
        }
        for (const auto& e : config.errors) out.report(e);
        if (!config.loaded) return LintStatus::unreadable;  // the file could not be read
        if (!config.errors.empty()) return LintStatus::checked;
        RuleContext ctx{config, request.facts, out};
        check_flush_ruleset(ctx);
        check_established_not_accepted(ctx);
        check_family_omitted(ctx);
        check_reload_duplicates(ctx);
        return LintStatus::checked;
    }

    /// The ruleset nft would load, normalised (`lifeline dump nftables`).
    int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) override {
        std::optional<HostConfig> own;
        if (!request.files.empty()) own = read_config(request.host, request.files);
        const HostConfig& config = own ? *own : m_cache.get(request.host);
        if (!config.present) {
            errors.report(unreadable(config.host_path));
            return 1;
        }
        for (const auto& e : config.errors) errors.report(e);
        if (!config.loaded || !config.errors.empty()) return 1;
        nf::Ruleset ruleset;
        ruleset.tables = translate(config.doc, *config.loaded);
        nf::dump(ruleset, request.family, out);
        return 0;
    }

  private:
    /// The live ruleset of `host`, listed once per run (contribute and lint share it).
    const LiveRuleset& live(Host& host) {
        if (!m_live || m_live_host != &host) {
            m_live = read_live_ruleset(*host.live(), host.sources());
            m_live_host = &host;
        }
        return *m_live;
    }

    /// True when the live table `family name` is left to the iptables layer: nft says
    /// iptables-nft manages it and that layer contributed it from `iptables-save`, which shows
    /// its xt matches exactly (the JSON shows only their names). One kernel table, counted once.
    static bool left_to_iptables(const LiveRuleset& live, const HostFacts& facts,
                                 std::string_view family, std::string_view name) {
        bool managed = false;
        for (const auto& [f, n] : live.iptables_tables) managed |= f == family && n == name;
        if (!managed) return false;
        for (const nf::Table& t : facts.firewall.tables)
            if (t.source == "iptables-nft" && nf::to_string(t.family) == family && t.name == name)
                return true;
        return false;
    }

    static int family_number(std::string_view family) {
        return family == "ip" ? 4 : family == "ip6" ? 6 : 0;
    }

    static std::string rule_name(const JsonRule& r) {
        const auto& [family, table, chain, handle] = r.key;
        return "table " + family + " " + table + " chain " + chain + " handle " +
               std::to_string(handle);
    }

    static void contribute_live(const LiveRuleset& live, HostFacts& facts) {
        if (!live.read) {
            if (live.not_installed) return;  // no nft: the iptables layer lists nf_tables' tables
            facts.firewall_layers.push_back("nftables (live)");
            facts.firewall.unreadable.push_back({live.failure});
            return;
        }
        std::vector<nf::Table> kept;
        for (auto& t : translate(live.doc, *live.loaded))
            if (!left_to_iptables(live, facts, nf::to_string(t.family), t.name))
                kept.push_back(std::move(t));
        for (const JsonRule& r : live.missing) {
            const auto& [family, table, chain, handle] = r.key;
            if (left_to_iptables(live, facts, family, table)) continue;
            if (family != "ip" && family != "ip6" && family != "inet") continue;
            facts.firewall.unreadable.push_back(
                {"`nft -j list ruleset`: the live rule " + rule_name(r) + " cannot be read (" +
                     r.missing + ")",
                 family_number(family)});
        }
        if (kept.empty()) return;
        facts.firewall_layers.push_back("nftables (live)");
        for (auto& t : kept) facts.firewall.tables.push_back(std::move(t));
    }

    /// NFT010; true when the kernel holds nftables tables of this layer's.
    static bool lint_live(const LiveRuleset& live, const HostFacts& facts, DiagnosticSink& out) {
        auto info = [&](std::string message, std::string help = {}) {
            Diagnostic d;
            d.rule_id = "NFT010";
            d.slug = "live-ruleset-unavailable";
            d.severity = Severity::info;
            d.location.path = std::string(k_live_source);
            d.message = std::move(message);
            d.help = std::move(help);
            out.report(std::move(d));
        };
        if (!live.read) {
            info(live.not_installed ? live.failure + ": the live nftables ruleset was not read"
                                    : "the live nftables ruleset was not read: " + live.failure,
                 live.not_installed ? std::string() : "run `lint --live` as root");
            return false;
        }
        std::vector<const JsonRule*> unread;
        for (const JsonRule& r : live.missing)
            if (!left_to_iptables(live, facts, std::get<0>(r.key), std::get<1>(r.key)))
                unread.push_back(&r);
        if (!unread.empty()) {
            std::string list;
            for (size_t i = 0; i < unread.size() && i < 3; ++i)
                list += (i ? "; " : "") + rule_name(*unread[i]) + ": " + unread[i]->missing;
            if (unread.size() > 3) list += "; …";
            info(std::to_string(unread.size()) + (unread.size() == 1 ? " live rule" : " live rules") +
                     " could not be read (" + list +
                     "): verdicts of the families they concern are unknown",
                 "see `nft -a list ruleset` for those handles");
        }
        for (const auto& t : live.loaded->tables)
            if (t && !left_to_iptables(live, facts, nf::to_string(t->family), t->name)) return true;
        return false;
    }

    ConfigCache m_cache;
    std::optional<LiveRuleset> m_live;
    const Host* m_live_host = nullptr;
};

}  // namespace
}  // namespace lifeline::nft

LIFELINE_PLUGIN(lifeline::nft::NftablesPlugin)

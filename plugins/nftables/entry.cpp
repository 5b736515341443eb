// The nftables plugin: /etc/nftables.conf as nftables.service loads it (`nft -f`, atomic),
// linted for what makes nft reject it and for nft-specific lockout risks, and contributed to
// the shared firewall ruleset the firewall layer evaluates.
#include <filesystem>
#include <optional>
#include <ostream>

#include "lifeline/plugin.hpp"
#include "nftables/host_reader.hpp"
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
        std::optional<HostConfig> own;
        if (!request.files.empty()) own = read_config(request.host, request.files);
        const HostConfig& config = own ? *own : m_cache.get(request.host);
        if (!config.present) {
            if (request.files.empty()) return LintStatus::absent;
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
    ConfigCache m_cache;
};

}  // namespace
}  // namespace lifeline::nft

LIFELINE_PLUGIN(lifeline::nft::NftablesPlugin)

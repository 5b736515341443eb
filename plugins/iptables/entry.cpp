// The iptables plugin: iptables-save / iptables-restore files of a host, restored as the boot-time
// restore does, linted for what makes the restore fail or lose rules, and contributed to the
// shared firewall ruleset the firewall layer evaluates.

#include <algorithm>
#include <optional>
#include <set>

#include "iptables/host_files.hpp"
#include "iptables/live.hpp"
#include "iptables/live_diff.hpp"
#include "iptables_rule_docs.hpp"
#include "lifeline/plugin.hpp"

namespace lifeline::iptables {
namespace {

const RuleInfo k_rules[] = {
    {"IPT001", "restore-syntax-error", Severity::error,
     "iptables-restore rejects the file (syntax, unknown option or value)",
     iptables_rule_doc("restore-syntax-error")},
    {"IPT002", "restore-fails", Severity::error,
     "the kernel refuses a rule at commit: the restore stops there",
     iptables_rule_doc("restore-fails")},
    {"IPT003", "table-block-replaced", Severity::error,
     "a second block of the same table flushes the rules of the first",
     iptables_rule_doc("table-block-replaced")},
    {"IPT004", "jump-to-undefined-chain", Severity::error,
     "a jump or goto to a chain that does not exist fails the restore",
     iptables_rule_doc("jump-to-undefined-chain")},
    {"IPT005", "jump-loop", Severity::error, "user chains jump to each other in a loop",
     iptables_rule_doc("jump-loop")},
    {"IPT006", "legacy-and-nft-mixed", Severity::warning,
     "iptables-legacy rules and nftables rules are both live; each tool hides the other's",
     iptables_rule_doc("legacy-and-nft-mixed")},
    {"IPT007", "ipset-missing", Severity::error,
     "a rule matches an ipset that no ipset file creates: the restore fails",
     iptables_rule_doc("ipset-missing")},
    // Reported by `lint --live` only (live.cpp reads the running kernel's rules).
    {"IPT008", "live-differs-from-files", Severity::warning,
     "the running kernel's iptables rules are not what the rules files load at boot",
     iptables_rule_doc("live-differs-from-files"), true},
    {"IPT009", "live-rules-unavailable", Severity::info,
     "`lint --live` could not read the running kernel's iptables rules",
     iptables_rule_doc("live-rules-unavailable"), true},
};

const RuleInfo& rule(std::string_view id) {
    for (const auto& r : k_rules)
        if (r.id == id) return r;
    return k_rules[0];
}

Diagnostic finding(std::string_view id, const std::string& path, int line, int column,
                   std::string message, std::string help = {}) {
    const RuleInfo& r = rule(id);
    Diagnostic d;
    d.rule_id = std::string(r.id);
    d.slug = std::string(r.slug);
    d.severity = r.severity;
    d.location = {path, line, column};
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

std::string_view base_name(std::string_view path) {
    size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

/// Set matches naming a set no ipset file creates.
void check_sets(const RulesFile& f, const IpsetDb& sets, DiagnosticSink& out) {
    for (const SetReference& set : f.parsed.sets) {
        if (sets.sets.count(set.name)) continue;
        std::string msg = "ipset '" + set.name + "' is not created by any ipset file";
        if (sets.loaded) {
            out.report(finding("IPT007", f.real_path, set.line, set.column,
                               msg + ": iptables-restore fails here (\"Set " + set.name +
                                   " doesn't exist\")",
                               "add the set to /etc/iptables/ipsets (ipset save format)"));
        } else {
            Diagnostic d =
                finding("IPT007", f.real_path, set.line, set.column,
                        msg + " (no /etc/iptables/ipsets): the restore fails unless something "
                              "creates it first",
                        "save the sets with `ipset save > /etc/iptables/ipsets` "
                        "(ipset-persistent restores them before the rules)");
            d.severity = Severity::warning;
            out.report(std::move(d));
        }
    }
}

class IptablesPlugin final : public Plugin {
public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "iptables",
            "0.1.0",
            "iptables 1.8.9 save/restore files (iptables-persistent, iptables-services)",
            {"/etc/iptables/rules.v4", "/etc/iptables/rules.v6", "/etc/sysconfig/iptables",
             "/etc/sysconfig/ip6tables", "/etc/iptables/ipsets"},
            k_rules,
            "IPT"};
        return k_info;
    }

    bool claims_file(std::string_view path) const override {
        std::string_view name = base_name(path);
        return name == "rules.v4" || name == "rules.v6" || name == "iptables" ||
               name == "ip6tables" || name.find("iptables-save") != std::string_view::npos ||
               name.find("ip6tables-save") != std::string_view::npos;
    }

    int contribute_order() const override { return 10; }

    void contribute(Host& host, HostFacts& facts, DiagnosticSink& errors) override {
        if (host.live()) {
            // What the kernel enforces now, not what the files would load.
            contribute_live(live_rules(host), facts);
            return;
        }
        HostRules rules = read_host_rules(host);
        if (rules.files.empty() && !rules.unreadable) return;
        std::vector<int> families;
        for (const RulesFile& f : rules.files) families.push_back(f.family);
        if (families.empty()) families.push_back(4);
        for (int family : families) {
            std::string name = backend_name(rules, family);
            if (std::find(facts.firewall_layers.begin(), facts.firewall_layers.end(), name) ==
                facts.firewall_layers.end())
                facts.firewall_layers.push_back(name);
        }
        for (auto& e : rules.errors) errors.report(e);
        if (rules.unreadable) {
            facts.firewall.unreadable.push_back({"an iptables rules file cannot be read"});
            return;
        }
        for (RulesFile& f : rules.files) {
            for (const auto& e : f.parsed.errors) errors.report(e);
            std::string missing_set;
            for (const SetReference& set : f.parsed.sets)
                if (!rules.sets.sets.count(set.name) && missing_set.empty())
                    missing_set = f.path + ":" + std::to_string(set.line) +
                                  ": iptables-restore fails here (Set " + set.name +
                                  " doesn't exist)";
            if (!missing_set.empty()) {
                facts.firewall.unreadable.push_back({missing_set, f.family});
                continue;
            }
            if (!f.result.ok) {
                facts.firewall.unreadable.push_back(
                    {f.path + ":" + std::to_string(f.result.failed_line) +
                         ": iptables-restore fails here (" + f.result.failed_message +
                         "); blocks committed before this line stay applied, the rest is not",
                     f.family});
                continue;
            }
            // The state is not needed afterwards: translate it without copying its rules.
            for (auto& t :
                 std::move(f.state).to_netfilter(backend_name(rules, f.family), rules.sets))
                facts.firewall.tables.push_back(std::move(t));
        }
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        HostRules rules = read_host_rules(
            request.host, request.files.empty() ? std::string() : request.files.front());
        bool live_present = false;
        if (request.host.live() && request.files.empty())
            live_present = lint_live(request, rules, out);
        if (rules.files.empty() && !rules.unreadable)
            return live_present ? LintStatus::checked : LintStatus::absent;
        for (const auto& e : rules.errors) out.report(e);
        if (rules.unreadable && rules.files.empty()) return LintStatus::unreadable;
        for (const RulesFile& f : rules.files) {
            for (const auto& e : f.parsed.errors) out.report(e);
            report_restore(f, out);
            check_sets(f, rules.sets, out);
        }
        // nftables.service (WantedBy=sysinit.target) loads /etc/nftables.conf at boot.
        auto& fs = request.host.fs();
        const std::string wants =
            request.host.path("/etc/systemd/system/sysinit.target.wants/nftables.service");
        bool native_nft = fs.stat(request.host.path("/etc/nftables.conf")).has_value() &&
                          (fs.read_link(wants) || fs.stat(wants));
        if (rules.legacy && native_nft && !rules.files.empty()) {
            const RulesFile& f = rules.files.front();
            int line = f.parsed.blocks.empty() ? 1 : f.parsed.blocks.front().line;
            out.report(finding(
                "IPT006", f.real_path, line, 1,
                "/etc/alternatives/iptables points at " + rules.backend_link +
                    ": these rules load into the legacy tables while /etc/nftables.conf loads "
                    "nftables rules; a packet must pass both, and `nft list ruleset` does not "
                    "show the legacy rules",
                "use one backend: `update-alternatives --set iptables /usr/sbin/iptables-nft`"));
        }
        return rules.unreadable ? LintStatus::unreadable : LintStatus::checked;
    }

private:
    /// The live rules of `host`, read once per run (contribute and lint share them).
    const LiveRules& live_rules(Host& host) {
        if (!m_live || m_live_host != &host) {
            HostRules files = read_host_rules(host);  // the backend the alternatives select
            m_live = read_live_rules(*host.live(), host.sources(), files.legacy, files.legacy6);
            m_live_host = &host;
        }
        return *m_live;
    }

    static void contribute_live(const LiveRules& live, HostFacts& facts) {
        auto add_layer = [&](const std::string& name) {
            if (std::find(facts.firewall_layers.begin(), facts.firewall_layers.end(), name) ==
                facts.firewall_layers.end())
                facts.firewall_layers.push_back(name);
        };
        for (const LiveFamily& f : live.families) {
            std::vector<const LiveSave*> saves = {&f.primary};
            if (f.legacy_extra) saves.push_back(&*f.legacy_extra);
            for (const LiveSave* save : saves) {
                // Without iptables installed nothing was loaded through it; nf_tables tables
                // made otherwise are the nftables layer's (`nft list ruleset`).
                if (save->not_installed) continue;
                std::string name = save->legacy ? "iptables-legacy" : "iptables-nft";
                if (!save->read) {
                    add_layer(name + " (live)");
                    facts.firewall.unreadable.push_back({save->failure, f.family});
                    continue;
                }
                if (save->state.tables().empty()) continue;
                add_layer(name + " (live)");
                for (auto& t : save->state.to_netfilter(name, live.sets))
                    facts.firewall.tables.push_back(std::move(t));
            }
        }
    }

    /// IPT008 and IPT009; true when the kernel holds iptables tables.
    bool lint_live(const LintRequest& request, const HostRules& rules, DiagnosticSink& out) {
        const LiveRules& live = live_rules(request.host);
        std::vector<std::string> ignore = split_patterns(
            request.options ? request.options->get("IPT008", "ignore_chains", k_ignore_default)
                            : std::string(k_ignore_default));
        bool present = false;
        for (const LiveFamily& f : live.families) {
            std::vector<const LiveSave*> saves = {&f.primary};
            if (f.legacy_extra) saves.push_back(&*f.legacy_extra);
            for (const LiveSave* save : saves) {
                if (!save->read) {
                    // Without iptables and without rules files (an nftables-only host) nothing
                    // was loaded through iptables: nothing is missing.
                    bool nothing_to_read = save->not_installed && rules.files.empty() &&
                                           !rules.unreadable;
                    if (!nothing_to_read) out.report(unavailable(*save));
                    continue;
                }
                present |= !save->state.tables().empty();
            }
            if (!f.primary.read) continue;
            const RulesFile* file = nullptr;
            for (const RulesFile& r : rules.files)
                if (r.family == f.family && !file) file = &r;
            if (file && file->result.ok && file->parsed.errors.empty())
                report_differences(*file, compare_live(file->state, f.primary.state, ignore), "", out);
            if (file && f.legacy_extra && f.legacy_extra->read)
                report_differences(*file,
                                   compare_live(XtablesState(f.family, false),
                                                f.legacy_extra->state, ignore),
                                   "iptables-legacy: ", out);
        }
        if (!live.sets_failure.empty()) {
            Diagnostic d = finding("IPT009", "<ipset save>", 0, 0,
                                   "the live ipsets were not read (" + live.sets_failure +
                                       "): rules matching a set are evaluated as unknown");
            out.report(std::move(d));
        }
        return present;
    }

    static Diagnostic unavailable(const LiveSave& save) {
        std::string what = save.not_installed
                               ? save.failure + ": the live iptables rules were not read"
                               : "the live iptables rules were not read: " + save.failure;
        return finding("IPT009", save.source, 0, 0, what,
                       save.not_installed ? std::string()
                                          : "run `lint --live` as root; check the command by hand");
    }

    static void report_differences(const RulesFile& file, const std::vector<LiveDifference>& diffs,
                                   const std::string& prefix, DiagnosticSink& out) {
        for (const LiveDifference& d : diffs) {
            bool in_file = d.file_at.line > 0;
            const nf::Origin& at = in_file ? d.file_at : d.live_at;
            std::string path = in_file ? file.real_path : at.file;
            Diagnostic x = finding("IPT008", path, at.line, at.line > 0 ? 1 : 0,
                                   prefix + d.message + " (" + file.path + " loads at boot)",
                                   "the rules in force are not the ones a reboot restores: save "
                                   "the live rules (`iptables-save`) into " +
                                       file.path + ", or restore the file, whichever is right");
            if (in_file && d.live_at.line > 0)
                x.related.push_back({{d.live_at.file, d.live_at.line, 1, 0, 0},
                                     "the running kernel's rule"});
            out.report(std::move(x));
        }
    }

    static constexpr const char* k_ignore_default = "f2b-* DOCKER DOCKER-*";
    std::optional<LiveRules> m_live;
    const Host* m_live_host = nullptr;

    static void report_restore(const RulesFile& f, DiagnosticSink& out) {
        for (const auto& table : f.result.replaced_tables) {
            int first = 0, second = 0;
            for (const auto& b : f.parsed.blocks) {
                if (b.name != table) continue;
                if (!first) first = b.line;
                else if (!second) second = b.line;
            }
            out.report(finding(
                "IPT003", f.real_path, second, 1,
                "a second `*" + table + "' block flushes the table: the rules of the block at "
                    "line " + std::to_string(first) + " are gone after the restore",
                "merge the two blocks into one"));
        }
        if (f.result.ok || f.result.failure == RestoreResult::Failure::syntax) return;
        const char* id = f.result.failure == RestoreResult::Failure::missing_chain ? "IPT004"
                         : f.result.failure == RestoreResult::Failure::loop        ? "IPT005"
                                                                                    : "IPT002";
        out.report(finding(id, f.real_path, f.result.failed_line, f.result.failed_column,
                           f.result.failed_message +
                               ": iptables-restore stops at this line; blocks committed before "
                               "it stay applied, this block and the rest are not",
                           "`iptables-restore --test` does not catch this on the nft backend"));
    }
};

}  // namespace
}  // namespace lifeline::iptables

LIFELINE_PLUGIN(lifeline::iptables::IptablesPlugin)

// The plugin's rule table and the common reporting helper.
#include "nftables_rule_docs.hpp"
#include "rule.hpp"

namespace lifeline::nft {
namespace {

const RuleInfo k_rules[] = {
    {"NFT001", "ruleset-load-error", Severity::error,
     "nft rejects the file (syntax, unknown name or value, missing chain, set or include): "
     "nothing of it is applied",
     nftables_rule_doc("ruleset-load-error")},
    {"NFT002", "jump-loop", Severity::error,
     "chains jump to each other in a loop: `nft -c` passes, the real load fails",
     nftables_rule_doc("jump-loop")},
    {"NFT003", "flush-ruleset-removes-other-tables", Severity::warning,
     "`flush ruleset` also deletes the iptables-nft tables of ufw, Docker or fail2ban",
     nftables_rule_doc("flush-ruleset-removes-other-tables")},
    {"NFT004", "established-not-accepted", Severity::warning,
     "an input chain with policy drop accepts no `ct state established` packets before it drops",
     nftables_rule_doc("established-not-accepted")},
    {"NFT005", "family-omitted-ipv4-only", Severity::warning,
     "a table without a family is `ip` (IPv4 only) while sshd also listens on IPv6",
     nftables_rule_doc("family-omitted-ipv4-only")},
    {"NFT006", "set-needs-interval-flag", Severity::error,
     "a set holds prefixes or ranges without `flags interval`: the whole file is rejected",
     nftables_rule_doc("set-needs-interval-flag")},
    {"NFT007", "base-chain-redeclared", Severity::error,
     "a base chain is declared again with another type, hook or priority: the load fails",
     nftables_rule_doc("base-chain-redeclared")},
    {"NFT008", "reload-duplicates-rules", Severity::warning,
     "the file adds rules without flushing their table first: every reload appends them again",
     nftables_rule_doc("reload-duplicates-rules")},
    {"NFT009", "jumps-too-deep", Severity::error,
     "a chain is 16 jumps below a base chain: `nft -c` passes, the real load fails",
     nftables_rule_doc("jumps-too-deep")},
    // Reported by `lint --live` only (live.cpp reads the running kernel's ruleset).
    {"NFT010", "live-ruleset-unavailable", Severity::info,
     "`lint --live` could not read (all of) the running kernel's nftables ruleset",
     nftables_rule_doc("live-ruleset-unavailable"), true},
};

}  // namespace

std::span<const RuleInfo> all_rule_infos() {
    return k_rules;
}

void RuleContext::report(std::string_view id, const Loc& loc, std::string message,
                         std::string help) const {
    const RuleInfo* info = &k_rules[0];
    for (const RuleInfo& r : k_rules)
        if (r.id == id) info = &r;
    Diagnostic d;
    d.rule_id = std::string(info->id);
    d.slug = std::string(info->slug);
    d.severity = info->severity;
    d.location.path = config.doc.files[loc.file].display_path;
    d.location.line = loc.line;
    d.location.column = loc.column;
    d.location.end_line = loc.end_line;
    d.location.end_column = loc.end_column;
    d.message = std::move(message);
    d.help = std::move(help);
    out.report(std::move(d));
}

}  // namespace lifeline::nft

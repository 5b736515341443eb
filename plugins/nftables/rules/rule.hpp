#pragma once
/// The nftables plugin's rules: their table, and the context each check reads.

#include <span>
#include <string>

#include "lifeline/facts.hpp"
#include "lifeline/rule.hpp"
#include "nftables/host_reader.hpp"

namespace lifeline::nft {

/// What a check reads: the parsed and loaded configuration and the host's facts.
struct RuleContext {
    const HostConfig& config;
    const HostFacts& facts;
    DiagnosticSink& out;

    /// Reports rule `id` at `loc` of the parsed files.
    void report(std::string_view id, const Loc& loc, std::string message,
                std::string help = {}) const;
};

/// Every rule of the plugin, sorted by ID.
std::span<const RuleInfo> all_rule_infos();

/// The checks that run on a configuration nft loads (the others come from the loader).
void check_flush_ruleset(const RuleContext& ctx);             // NFT003
void check_established_not_accepted(const RuleContext& ctx);  // NFT004
void check_family_omitted(const RuleContext& ctx);            // NFT005
void check_reload_duplicates(const RuleContext& ctx);         // NFT008

}  // namespace lifeline::nft

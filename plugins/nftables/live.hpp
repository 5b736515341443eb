#pragma once
/// The running kernel's nftables ruleset (`lint --live`): `nft -j list ruleset` rendered as nft
/// syntax (json_render.hpp), rules it does not cover taken from `nft -a list ruleset` by handle,
/// then parsed, loaded and translated like a file. The text listing is read whenever a table
/// exists: only its stderr names the tables iptables-nft manages.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lifeline/source.hpp"
#include "lifeline/sys/process.hpp"
#include "nftables/json_render.hpp"
#include "nftables/load.hpp"

namespace lifeline::nft {

/// What the live ruleset source is called in findings and traces.
inline constexpr std::string_view k_live_source = "<nft -j list ruleset>";

/// The live ruleset.
struct LiveRuleset {
    bool read = false;           ///< listed, rendered, parsed and loaded
    bool not_installed = false;  ///< nft is not installed
    std::string failure;         ///< why not read
    Document doc;
    std::optional<LoadResult> loaded;
    /// Tables nft warns are iptables-nft's ("table ip filter is managed by iptables-nft, do not
    /// touch!", on the stderr of `nft -a list ruleset`): `iptables-save` shows their rules
    /// exactly, the JSON only as xt statements.
    std::vector<std::pair<std::string, std::string>> iptables_tables;  ///< (family, name)
    std::vector<JsonRule> missing;   ///< rules neither rendered nor found in the text listing
    int from_text = 0;               ///< rules taken from `nft -a list ruleset`
};

/// (family, name) of every "table F N is managed by iptables-nft" warning in `text`.
std::vector<std::pair<std::string, std::string>> iptables_managed_tables(std::string_view text);

/// Lists the ruleset through `runner` and registers the rendering with `sources` (as
/// k_live_source) so findings can quote its lines.
LiveRuleset read_live_ruleset(const sys::ProcessRunner& runner, SourceManager& sources);

}  // namespace lifeline::nft

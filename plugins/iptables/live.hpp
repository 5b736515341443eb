#pragma once
/// The running kernel's iptables rules (`lint --live`): `iptables-save` and `ip6tables-save`
/// (whichever backend /etc/alternatives selects), plus `iptables-legacy-save` when the nft
/// backend warns that legacy tables are loaded too, and `ipset save` when a rule matches a set.
/// Each output is restored onto an empty state with the same model the files go through, so
/// the live tables and the files' tables are directly comparable.

#include <optional>
#include <string>
#include <vector>

#include "iptables/ipset.hpp"
#include "iptables/parser.hpp"
#include "iptables/restore.hpp"
#include "lifeline/source.hpp"
#include "lifeline/sys/process.hpp"

namespace lifeline::iptables {

/// One `*-save` command's output, restored.
struct LiveSave {
    std::vector<std::string> command;  ///< e.g. {"iptables-save"}
    std::string source;                ///< the name its rules' origins carry: "<iptables-save>"
    bool read = false;                 ///< the command ran and its output restored cleanly
    bool not_installed = false;
    std::string failure;               ///< why not read (the command, or our parse of it)
    bool legacy = false;               ///< the backend its header names (nf_tables or legacy)
    SaveFile parsed;
    XtablesState state{4, true};
};

/// The live rules of one family.
struct LiveFamily {
    int family = 4;
    LiveSave primary;
    /// Tables of the other (legacy) backend, read when the nft backend said they exist.
    std::optional<LiveSave> legacy_extra;
};

/// Everything read.
struct LiveRules {
    std::vector<LiveFamily> families;  ///< IPv4 then IPv6
    IpsetDb sets;                      ///< from `ipset save` (empty when no rule uses a set)
    std::string sets_failure;          ///< why `ipset save` gave nothing, when it was needed
};

/// The backend an `iptables-save` header names: true for legacy (1.8.x legacy prints no
/// backend, or "(legacy)"), false for "(nf_tables)"; nullopt without a header (no tables).
std::optional<bool> save_backend_is_legacy(std::string_view output);

/// Runs the save commands through `runner`, registers their outputs with `sources` (as
/// "<iptables-save>" and so on, so findings can quote live lines) and restores them.
/// `default_legacy` is the backend /etc/alternatives selects, used when an output has no header.
LiveRules read_live_rules(const sys::ProcessRunner& runner, SourceManager& sources,
                          bool default_legacy4, bool default_legacy6);

}  // namespace lifeline::iptables

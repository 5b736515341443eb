#pragma once
/// The loaded nft ruleset as normalised netfilter tables (lifeline/netfilter.hpp).
///
/// Every rule keeps its origin (file as the host knows it, line, column, text). In an `inet`
/// (bridge, netdev) table an `ip …` match adds an nfproto=4 term and `ip6 …` nfproto=6;
/// `tcp dport` adds l4proto=6. A verdict map becomes one rule per element, sharing the
/// origin; so do matches on a set of concatenations and `tcp flags a,b`, split into disjoint
/// alternatives. Anything not modelled is an unknown term (a match) or an unknown verdict (a
/// statement that decides). Dormant tables are left out; they see no packet.

#include <vector>

#include "ast.hpp"
#include "lifeline/netfilter.hpp"
#include "load.hpp"

namespace lifeline::nft {

/// The value of nf::Table::source for tables from nft files.
inline constexpr std::string_view k_source = "nftables";

/// Translates every table of `loaded` (which must be ok()).
std::vector<nf::Table> translate(const Document& doc, const LoadResult& loaded);

/// Removes from `earlier` (the tables other layers loaded before this file) what the file's
/// `flush ruleset` commands delete: every nf_tables table of the flushed families, which
/// includes iptables-nft's; iptables-legacy's x_tables survive.
void apply_flushes(const LoadResult& loaded, std::vector<nf::Table>& earlier);

}  // namespace lifeline::nft

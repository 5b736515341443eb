#pragma once
/// `nft -j list ruleset` (libnftables-json(5), schema version 1) read back as nft syntax.
///
/// ARCHITECTURE — why render JSON as nft text instead of building the AST from it. The AST
/// points into source text (every node has a Loc, origins quote the rule as written), and the
/// parser, loader and translator already give every construct its nft 1.0.6 meaning. Writing
/// each JSON object in the syntax `nft list ruleset` prints and parsing that keeps one path
/// from ruleset to netfilter graph, gives live findings a text with lines to point at, and
/// needs no second copy of the datatype rules. Pure: JSON text in, nft text out.
///
/// Covered: tables (dormant flag), base and regular chains (type, hook, device, priority,
/// policy), named sets and maps (type or concatenated type, flags, elements), and in rules:
/// matches on payload fields (`tcp dport`, raw `@nh,0,8`), meta, ct (with direction and
/// family), fib and rt expressions, binary operations, immediates, lists, anonymous sets,
/// prefixes, ranges, concatenations, set references and map lookups; the statements verdict,
/// vmap, counter, log, limit, quota, ct count, reject, nat (snat, dnat, masquerade, redirect),
/// mangle (`meta mark set …`), notrack, set add/update, meter and queue. A rule holding
/// anything else (xt compat statements of iptables-nft, exthdr, tcp option, sctp chunk, socket,
/// osf, numgen, hashes, dup, fwd, ct helper/timeout/expectation, synproxy, tproxy, secmark,
/// named counters or limits) takes its text from `nft -a list ruleset` by handle instead, or,
/// without it, is left out and listed as missing.

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace lifeline::nft {

/// A rule by where it lives: family, table, chain, handle.
using RuleKey = std::tuple<std::string, std::string, std::string, std::uint64_t>;

/// A rule of the JSON listing and where the rendering put it.
struct JsonRule {
    RuleKey key;
    int line = 0;            ///< its line in the rendered text (0 = left out)
    bool from_text = false;  ///< taken from `nft -a list ruleset`
    std::string missing;     ///< why it was left out: the expression not covered
};

/// The rendering.
struct RenderedRuleset {
    std::string text;             ///< table blocks in `nft list ruleset` layout
    std::vector<JsonRule> rules;  ///< every rule of the JSON, in order
    std::string error;            ///< the JSON is not a libnftables listing (text is empty)

    /// The rules left out (neither rendered nor found by handle).
    std::vector<const JsonRule*> missing() const;
};

/// The rule texts of `nft -a list ruleset` output, by rule (the `# handle N` comment tells
/// which rule each line is).
std::map<RuleKey, std::string> rule_texts_by_handle(std::string_view listing);

/// Renders `json`. Rules the renderer does not cover, and those in `force_text`, take their text
/// from `texts` when it has them, else they are left out; rules in `leave_out` are left out.
RenderedRuleset render_json_ruleset(std::string_view json,
                                    const std::map<RuleKey, std::string>* texts = nullptr,
                                    const std::set<RuleKey>* force_text = nullptr,
                                    const std::set<RuleKey>* leave_out = nullptr);

}  // namespace lifeline::nft

#pragma once
/// Internals of the policy loader: the POL diagnostics, did-you-mean, the raw content of one
/// policy file (a Layer) and the pure parser that produces it.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/policy.hpp"

namespace lifeline::policy_detail {

/// The core's policy diagnostics: one condition each.
enum class Pol {
    unreadable,      ///< POL001 policy-unreadable: a file or pack cannot be read or found
    syntax,          ///< POL002 yaml-syntax-error
    unknown_key,     ///< POL003 unknown-key
    wrong_type,      ///< POL004 wrong-type: a list where a name belongs, ...
    invalid_value,   ///< POL005 invalid-value: bad severity, CIDR, port, auth method, glob, ...
    unknown_rule,    ///< POL006 unknown-rule: a selector or `rules` key naming no loaded rule
    extends_cycle,   ///< POL007 extends-cycle (also nesting deeper than k_max_extends_depth)
    duplicate_key,   ///< POL008 duplicate-key
    missing_key,     ///< POL009 missing-key: `user`, or `from` of must_login
    ambiguous_slug,  ///< POL010 ambiguous-slug: a `rules` key slug that several rules share
};

/// A diagnostic of kind `kind` (severity error).
Diagnostic make_diagnostic(Pol kind, SourceLocation at, std::string message, std::string help = {});

/// The candidate closest to `word` (case-insensitive optimal string alignment distance), when
/// it is within a third of the candidate's length (at least 1); ties go to the first.
std::optional<std::string> closest(std::string_view word,
                                   std::span<const std::string_view> candidates);
/// "; did you mean 'X'?" for the closest candidate, or "".
std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates);

/// One `rules:` entry: `ID-or-slug: {severity: S, options: {name: value}}`.
struct RuleEntry {
    PolicyValue name;
    std::optional<Severity> severity;
    SourceLocation severity_origin;
    std::vector<std::pair<std::string, PolicyValue>> options;  ///< in file order
};

/// A `key:` path of an intent, to be checked for existence by the loader.
struct KeyFileRef {
    std::string path;  ///< resolved against the policy file's directory
    SourceLocation origin;
};

/// What one policy file says, validated on its own (the catalog and other files not involved).
struct Layer {
    std::string path;
    std::vector<PolicyValue> extends;
    bool has_select = false;
    std::vector<PolicyValue> select;
    std::vector<PolicyValue> ignore;
    std::vector<RuleEntry> rules;
    std::optional<Severity> fail_on;
    SourceLocation fail_on_origin;
    std::vector<AccessIntent> intents;
    std::vector<KeyFileRef> key_files;
    std::vector<HostGlob> hosts;
    SourceLocation hosts_origin;  ///< the `hosts` key; empty path = absent
};

/// A file as the loader applies it.
struct LoadedLayer {
    Layer layer;
    bool pack = false;  ///< found by pack name (or extended by a pack): unknown rules are skipped
};

/// The rule IDs a selector names (an ID, a slug, an ID prefix or ALL); empty when none.
std::vector<std::string_view> match_selector(std::string_view selector, const RuleCatalog& catalog);

/// Merges the layers, in application order (the top-level file last), into the effective policy;
/// reports selectors and `rules` keys naming no rule, and `key` files that do not exist.
Policy merge_layers(const std::vector<LoadedLayer>& layers, const RuleCatalog& catalog,
                    const sys::FileSystem& fs, DiagnosticSink& out);

/// Parses one policy file's text. Pure: errors go to `out`, `path` only labels locations.
Layer parse_layer(const std::string& path, std::string_view text, DiagnosticSink& out);

}  // namespace lifeline::policy_detail

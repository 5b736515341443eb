#pragma once
/// Rule metadata that the core lists, documents and filters by.

#include <map>
#include <string>
#include <string_view>

#include "lifeline/diagnostic.hpp"

namespace lifeline {

/// Static description of one rule. `doc` is the embedded Markdown page.
struct RuleInfo {
    std::string_view id;       ///< permanent ID, e.g. "SSHD001"
    std::string_view slug;     ///< names the risk, e.g. "root-login-permitted"
    Severity severity;         ///< default severity
    std::string_view summary;  ///< one line
    std::string_view doc;      ///< Markdown page with the standard headings
    /// Reported only by `lint --live` (it reads the running machine, not files): such a rule
    /// has no fixture pair; the live end-to-end suite (tests/e2e_live) exercises it instead.
    bool live_only = false;
};

/// Per-rule options from the effective policy (`rules: {SSHD032: {options: {min: 4}}}`), keyed
/// by rule ID then option name; values as written in YAML (scalars as text).
struct RuleOptions {
    std::map<std::string, std::map<std::string, std::string>, std::less<>> values;
    /// The option's value, or `fallback` when the policy does not set it.
    std::string get(std::string_view rule_id, std::string_view name,
                    std::string_view fallback = {}) const {
        auto rule = values.find(rule_id);
        if (rule == values.end()) return std::string(fallback);
        auto it = rule->second.find(std::string(name));
        return it == rule->second.end() ? std::string(fallback) : it->second;
    }
};

/// The headings every rule page must have, in order.
inline constexpr std::string_view k_rule_doc_headings[] = {
    "What it checks", "Why it matters", "Example", "Fix", "Options", "Exceptions"};

}  // namespace lifeline

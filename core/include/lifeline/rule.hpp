#pragma once
/// Rule metadata that the core lists, documents and filters by.

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
};

/// The headings every rule page must have, in order.
inline constexpr std::string_view k_rule_doc_headings[] = {
    "What it checks", "Why it matters", "Example", "Fix", "Options", "Exceptions"};

}  // namespace lifeline

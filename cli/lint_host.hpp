#pragma once
/// Linting one host the way `lint --root` does, for every caller that lints hosts: `lint`
/// itself, and the repository commands that lint many roots or a staged state.

#include <string>
#include <string_view>
#include <vector>

#include "app.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::cli {

/// What linting one host found.
struct HostLint {
    std::vector<Diagnostic> items;  ///< suppressions and the policy applied, sorted
    bool unreadable = false;        ///< an input could not be read (exit 2)
    bool any_layer = false;         ///< some plugin found the files it reads
};

/// Collects the facts of `host` (with `intents`), runs every plugin's lint with the policy's
/// rule options, then finish_findings().
HostLint lint_host(App& app, Host& host, const Policy& policy, std::vector<AccessIntent> intents);

/// Applies inline suppressions (the clock is read here, at the edge), then the policy, then
/// sorts: a suppression of a rule the policy drops is still checked for use.
void finish_findings(std::vector<Diagnostic>& items, const SourceManager& sources,
                     const Policy& policy);

/// Parses `--access USER@CIDR[:PORT]` (cmd_lint.cpp); an error message, or "" on success.
std::string parse_access_intent(std::string_view text, AccessIntent& intent);

}  // namespace lifeline::cli

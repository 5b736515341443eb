#pragma once
/// `lint --repo` and `lint --staged` (what the pre-commit hook runs): lint a repository's host
/// roots, from the working tree or from the index, in parallel worker processes.

#include <optional>
#include <string>
#include <vector>

#include "app.hpp"

namespace lifeline::cli {

struct RepoLintOptions {
    bool staged = false;  ///< read the index instead of the working tree
    bool all = false;     ///< with `staged`: every root, not only the ones the staged files touch
    int jobs = 0;         ///< worker processes; 0 = one per CPU
    std::string format = "text";       ///< text, json or github
    std::optional<Severity> fail_on;   ///< --fail-on; else the policy's fail_on
    std::vector<AccessIntent> access;  ///< --access intents, for every root
};

/// Lints the roots and prints the findings with repository-relative paths. Exit 0, 1 when a
/// finding reaches fail_on, 2 on usage errors, an invalid or missing policy, unreadable input or
/// a root holding nothing any plugin reads.
int run_repo_lint(App& app, const RepoLintOptions& opt);

}  // namespace lifeline::cli

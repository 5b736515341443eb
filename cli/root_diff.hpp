#pragma once
/// What changes for one host root between two repository states: each declared login's
/// verdict (the `lifeline access` walk at the same probe addresses in both states) and who can
/// reach sshd's listeners at all.

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app.hpp"
#include "repo.hpp"

namespace lifeline::cli {

/// The comparison as JSON (README, `lifeline diff --format json`):
/// {"root", "status": "changed"|"added"|"removed", "intents": [...], "reachability": [...],
///  "lost_must_login": N}.
nlohmann::json diff_root(App& app, const RepoState& before, const RepoState& after,
                         const std::string& root, const std::vector<AccessIntent>& intents);

/// Prints one root's comparison as text; lines only for what changed.
void render_root_diff(const nlohmann::json& root, std::ostream& out);

}  // namespace lifeline::cli

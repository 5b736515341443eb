#pragma once
/// The policy of one run: `--policy SPEC`, else the `.lifeline.yaml` found from the current
/// directory up to the git top level, else the default pack (`lockout`).

#include <optional>
#include <string>

#include "app.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::cli {

/// `spec` when given, else the discovered `.lifeline.yaml`, else k_default_pack.
std::string policy_spec(const App& app, const std::string& spec);

/// Loads a policy against the loaded plugins' rules (load them first). Errors go to `errors`.
Policy load_app_policy(App& app, const std::string& spec, DiagnosticSink& errors);

/// Loads the run's policy (see policy_spec); on errors prints them to stderr and returns nullopt.
std::optional<Policy> load_run_policy(App& app, const std::string& spec);

}  // namespace lifeline::cli

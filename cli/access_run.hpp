#pragma once
/// The access walk of `lifeline access`, for the commands that ask it too (`diff`).

#include "app.hpp"
#include "lifeline/render.hpp"

namespace lifeline::cli {

/// Asks every access layer about `query` in path order (firewall before sshd) on `host` with
/// its `facts`, and combines the verdict. `errors` holds what collecting the facts reported
/// (an error there makes the verdict unknown) and receives the layers' own.
AccessReport answer_access(App& app, Host& host, const HostFacts& facts, AccessQuery query,
                           DiagnosticSink& errors);

/// Parses USER@ADDRESS[:PORT] into `q`; returns an error message, or "" (cmd_access.cpp).
std::string parse_access_target(std::string_view target, AccessQuery& q);

}  // namespace lifeline::cli

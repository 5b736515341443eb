#pragma once
/// Renderers for diagnostics and access verdicts.

#include <iosfwd>
#include <string>
#include <vector>

#include "lifeline/access.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/source.hpp"

namespace lifeline {

/// gcc-style text: `path:line:col: severity: message [ID slug]`, the source line with a caret,
/// then `help:`.
void render_text(const std::vector<Diagnostic>& items, const SourceManager& sources,
                 std::ostream& out, bool color = false);
/// The JSON document described in README ("Output formats").
void render_json(const std::vector<Diagnostic>& items, std::ostream& out);

/// The overall answer of `lifeline access`.
struct AccessReport {
    AccessQuery query;
    std::string verdict;  ///< "allowed", "denied" or "unknown"
    std::vector<LayerResult> layers;
    std::vector<Diagnostic> errors;  ///< problems met while answering (make the verdict unknown)
};
/// Combines layer results in path order: the first denying layer denies; any unknown layer
/// before it makes the answer unknown; otherwise allowed.
std::string combine_verdict(const std::vector<LayerResult>& layers, bool had_errors);
/// The first layer on the path that denies when the verdict is "denied" ("firewall", "sshd");
/// empty otherwise.
std::string denying_layer(const AccessReport& report);
void render_access_text(const AccessReport& report, const SourceManager& sources,
                        std::ostream& out);
void render_access_json(const AccessReport& report, std::ostream& out);

/// Formats `user@addr:port`, bracketing IPv6 addresses (`alice@[2001:db8::7]:22`).
std::string format_endpoint(const std::string& user, const std::string& address, int port);

}  // namespace lifeline

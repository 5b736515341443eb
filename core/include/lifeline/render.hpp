#pragma once
/// Renderers for diagnostics and access verdicts.

#include <iosfwd>
#include <string>
#include <vector>

#include "lifeline/access.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/rule.hpp"
#include "lifeline/source.hpp"

namespace lifeline {

/// gcc-style text: `path:line:col: severity: message [ID slug]`, the source line with a caret,
/// then `help:`; with `summary`, a closing `N errors, N warnings, N info` line when not empty.
void render_text(const std::vector<Diagnostic>& items, const SourceManager& sources,
                 std::ostream& out, bool color = false, bool summary = true);
/// The JSON document described in README ("Output formats").
void render_json(const std::vector<Diagnostic>& items, std::ostream& out);

/// The overall answer of `lifeline access`.
struct AccessReport {
    AccessQuery query;
    std::string verdict;  ///< "allowed", "denied", "at-risk" or "unknown"
    std::vector<LayerResult> layers;
    std::vector<Diagnostic> errors;  ///< problems met while answering (make the verdict unknown)
};
/// Combines layer results in path order: the first denying layer denies; any unknown layer
/// before it makes the answer unknown; otherwise at-risk when a layer can revoke the login by
/// itself (LayerResult::at_risk), else allowed.
std::string combine_verdict(const std::vector<LayerResult>& layers, bool had_errors);
/// The first layer on the path that denies when the verdict is "denied" ("firewall", "sshd");
/// empty otherwise.
std::string denying_layer(const AccessReport& report);
/// The layers that make an "at-risk" verdict, in path order; empty for other verdicts.
std::vector<std::string> risk_layers(const AccessReport& report);
void render_access_text(const AccessReport& report, const SourceManager& sources,
                        std::ostream& out);
void render_access_json(const AccessReport& report, std::ostream& out);

/// Formats `user@addr:port`, bracketing IPv6 addresses (`alice@[2001:db8::7]:22`).
std::string format_endpoint(const std::string& user, const std::string& address, int port);

/// What SARIF output needs beyond the findings.
struct SarifContext {
    /// The loaded plugins' rules; the ones results name become tool.driver.rules.
    std::vector<RuleInfo> rules;
    /// `--root` as given (displayed paths start with it) and as an absolute path: artifact URIs
    /// under it are relative, with uriBaseId ROOT defined as its file: URI.
    std::string root = "/";
    std::string root_absolute = "/";
    /// Source texts, to turn lifeline's byte columns into SARIF's code-point columns; optional.
    const SourceManager* sources = nullptr;
};
/// SARIF 2.1.0: one result per diagnostic (README "Output formats").
void render_sarif(const std::vector<Diagnostic>& items, const SarifContext& ctx,
                  std::ostream& out);
/// SARIF 2.1.0 for `lifeline access`: a result per layer that denies, cannot decide or can
/// revoke the login (or one for the verdict), each with the access path as a code flow.
void render_access_sarif(const AccessReport& report, const SarifContext& ctx, std::ostream& out);
/// GitHub Actions workflow commands, one per diagnostic: `::error file=F,line=L,…::message`.
void render_github(const std::vector<Diagnostic>& items, std::ostream& out);
/// The first line of an access answer in SARIF and GitHub output: `alice@203.0.113.7:22: denied
/// by the sshd layer`, `…: at-risk (the firewall layer can take it away)`.
std::string access_headline(const AccessReport& report);
/// One workflow command for the verdict of `lifeline access`, at the line that decides it.
void render_access_github(const AccessReport& report, std::ostream& out);
/// Workflow-command data: `%`, CR and LF percent-encoded.
std::string github_escape_data(std::string_view s);
/// Workflow-command property values: as data, plus `:` and `,`.
std::string github_escape_property(std::string_view s);

}  // namespace lifeline

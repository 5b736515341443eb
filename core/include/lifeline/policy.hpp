#pragma once
/// Policies: which rules run, at which severity and with which options, which logins must (or
/// must not) work, and from which severity lint fails. Read from YAML files (a repository's
/// `.lifeline.yaml`, `--policy FILE`, the packs in policies/) that extend each other; every
/// effective value remembers the file:line:col that set it.
///
/// Merging: a file's `extends` are applied first, in the order listed (each file once, at its
/// first place), then the file itself. Later files win: `select` adds rules, then `ignore`
/// removes rules (so inside one file ignore wins over select, and a later file may select a rule
/// an earlier one ignored); `rules.<ID>.severity`, each `rules.<ID>.options` entry and `fail_on`
/// take the last value set; `must_login`/`must_not_login` entries accumulate. When no file in
/// the chain has a `select`, every rule is selected.

#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/rule.hpp"
#include "lifeline/source.hpp"
#include "lifeline/sys/fs.hpp"

namespace lifeline {

class PluginRegistry;

/// The pack used when neither `--policy` nor a `.lifeline.yaml` is found.
inline constexpr std::string_view k_default_pack = "lockout";
/// The file name of a repository's policy.
inline constexpr std::string_view k_repo_policy_name = ".lifeline.yaml";

/// The rules a policy can name: every loaded plugin's rules and rule prefixes.
struct RuleCatalog {
    std::vector<RuleInfo> rules;        ///< sorted by ID
    std::vector<std::string> prefixes;  ///< each plugin's rule prefix (SSHD, FW, ...)
};

/// The catalog of the loaded plugins.
RuleCatalog make_rule_catalog(const PluginRegistry& registry);

/// A policy value as written, and where.
struct PolicyValue {
    std::string value;
    SourceLocation origin;  ///< empty path = the built-in default
};

/// The effective setting of one rule of the catalog.
struct RuleSetting {
    bool selected = false;
    /// The `select`/`ignore` entry that decided last (an ID, a slug, a prefix or ALL) and where it
    /// is; `selector.origin.path` is empty when no file has a `select` (every rule runs).
    PolicyValue selector;
    bool ignored = false;              ///< decided by an `ignore` entry
    std::optional<Severity> severity;  ///< the override; nullopt = the rule's own severities
    SourceLocation severity_origin;
    std::map<std::string, PolicyValue, std::less<>> options;  ///< `rules.<ID>.options`
};

/// A `hosts:` glob of a repository's `.lifeline.yaml` (relative to that file's directory).
struct HostGlob {
    std::string pattern;
    SourceLocation origin;
};

/// The effective policy.
struct Policy {
    std::vector<std::string> files;  ///< every file applied, in application order
    std::map<std::string, RuleSetting, std::less<>> rules;  ///< every catalog rule, by ID
    Severity fail_on = Severity::warning;
    SourceLocation fail_on_origin;  ///< empty path = the default (warning)
    /// must_login and must_not_login entries, one intent per `from` network, in file order.
    std::vector<AccessIntent> intents;
    std::vector<HostGlob> hosts;  ///< only from the top-level file

    /// True when the rule runs. IDs the catalog does not know run (nothing can name them).
    bool selected(std::string_view rule_id) const;
    /// The options of every rule, for LintRequest::options.
    RuleOptions rule_options() const;
};

/// Where policy files are read from.
struct PolicyInput {
    const sys::FileSystem& fs;
    SourceManager& sources;              ///< every file read is added (caret rendering)
    std::vector<std::string> pack_dirs;  ///< searched in order for `NAME.yaml`
};

/// True when `spec` names a pack (`lockout`): no `/` and no `.yaml`/`.yml` suffix. Anything else
/// is a file path, relative to the including file's directory (or the current directory).
bool is_pack_name(std::string_view spec);

/// Loads `spec` (a file path or a pack name) with everything it extends and merges them. Errors
/// (POL001–POL010, severity error, at file:line:col) go to `out`; the policy is valid only when
/// none was reported. Selectors and `rules` keys in packs that name no loaded rule are skipped
/// (packs cover every plugin lifeline ships, a run may load fewer); in other files they are
/// errors.
Policy load_policy(std::string_view spec, const PolicyInput& input, const RuleCatalog& catalog,
                   DiagnosticSink& out);

/// Drops the diagnostics of rules the policy does not select and applies its severity overrides.
void apply_policy(const Policy& policy, std::vector<Diagnostic>& diagnostics);

/// Prints the effective policy as a policy file (every selected rule listed, no `extends`);
/// with `origins`, each value is followed by `# file:line:col` and unselected rules are listed
/// in comments with the entry that dropped them.
void render_policy(const Policy& policy, std::ostream& out, bool origins);

/// Pack directories: the source tree's policies/ when `exe_path` is the build tree's binary, else
/// ../share/lifeline/policies next to the executable's directory; then PREFIX/share/lifeline/
/// policies of the configured install prefix.
std::vector<std::string> default_pack_dirs(const std::string& exe_path);

/// The repository policy for a run started in `cwd` (an absolute path): the first
/// `.lifeline.yaml` in `cwd` or a parent, stopping at the directory that holds `.git` (the git
/// top level) or at `/`. Returned relative to `cwd` (`.lifeline.yaml`, `../.lifeline.yaml`).
std::optional<std::string> discover_policy(const sys::FileSystem& fs, const std::string& cwd);

}  // namespace lifeline

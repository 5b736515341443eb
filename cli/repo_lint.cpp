#include "repo_lint.hpp"

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "lifeline/render.hpp"
#include "lint_host.hpp"
#include "repo.hpp"
#include "repo_roots.hpp"
#include "workers.hpp"

namespace lifeline::cli {
namespace {

/// One root's result as a worker sends it: `UNREADABLE ANY_LAYER ERRORS WARNINGS INFOS\n`, then
/// the rendered findings (any bytes: configuration lines are quoted as they are).
struct RootResult {
    bool unreadable = false;
    bool any_layer = false;
    int counts[3] = {0, 0, 0};  ///< by Severity
    std::string output;
};

std::string encode(const RootResult& r) {
    return std::to_string(r.unreadable) + " " + std::to_string(r.any_layer) + " " +
           std::to_string(r.counts[2]) + " " + std::to_string(r.counts[1]) + " " +
           std::to_string(r.counts[0]) + "\n" + r.output;
}

std::optional<RootResult> decode(const std::string& text) {
    RootResult r;
    size_t nl = text.find('\n');
    if (nl == std::string::npos) return std::nullopt;
    std::istringstream head(text.substr(0, nl));
    if (!(head >> r.unreadable >> r.any_layer >> r.counts[2] >> r.counts[1] >> r.counts[0]))
        return std::nullopt;
    r.output = text.substr(nl + 1);
    return r;
}

RootResult lint_root(App& app, const RepoState& state, const std::string& root,
                     const Policy& policy, const std::vector<AccessIntent>& intents,
                     const std::string& format, bool color) {
    SourceManager sources;  // per root: two roots never share a path
    Host host(root, *state.fs, sources);
    HostLint lint = lint_host(app, host, policy, intents);
    RootResult r;
    r.unreadable = lint.unreadable;
    r.any_layer = lint.any_layer;
    for (const auto& d : lint.items) ++r.counts[static_cast<int>(d.severity)];
    std::ostringstream out;
    if (format == "json") {
        render_json(lint.items, out);
    } else if (format == "github") {
        render_github(lint.items, out);
    } else {
        render_text(lint.items, sources, out, color, /*summary=*/false);
    }
    r.output = out.str();
    return r;
}

/// The roots to lint: all of the state's, or (staged, not --all) the ones the difference
/// between HEAD and the index touches — all of them when the policy itself changed. The
/// difference comes from `git diff-index --cached`, not from listing HEAD: the hook's cost
/// then hardly grows with the repository.
std::optional<std::vector<std::string>> pick_roots(const Repo& repo, const RepoState& state,
                                                   const Policy& policy,
                                                   const RepoLintOptions& opt) {
    std::vector<std::string> roots = expand_host_globs(*state.fs, policy.hosts);
    if (!opt.staged || opt.all) return roots;
    std::string error;
    auto changed = git::staged_changes(repo.top(), error);
    if (!changed && !error.empty()) {
        std::cerr << "lifeline: lint: the changes against HEAD: " << error << '\n';
        return std::nullopt;
    }
    if (!changed) {  // before the first commit everything staged is new
        changed.emplace();
        for (const auto& entry : *state.listing) changed->push_back(entry.first);
    }
    if (policy_touched(policy, *changed)) return roots;
    return roots_touched(roots, *changed);
}

int report(const std::vector<std::string>& roots,
           const std::vector<std::optional<std::string>>& results, const RepoLintOptions& opt,
           Severity threshold) {
    bool failed = false;
    int counts[3] = {0, 0, 0};
    nlohmann::json diagnostics = nlohmann::json::array();
    for (size_t i = 0; i < roots.size(); ++i) {
        auto r = results[i] ? decode(*results[i]) : std::nullopt;
        if (!r) {
            std::cerr << "lifeline: " << roots[i] << ": the worker checking it failed\n";
            failed = true;
            continue;
        }
        if (opt.format == "json") {
            auto doc = nlohmann::json::parse(r->output, nullptr, false);
            if (doc.is_object())
                for (auto& d : doc["diagnostics"]) diagnostics.push_back(std::move(d));
        } else {
            std::cout << r->output;
        }
        for (int s = 0; s < 3; ++s) counts[s] += r->counts[s];
        failed |= r->unreadable;
        if (!r->any_layer) {
            std::cerr << "lifeline: nothing to check under host root " << roots[i]
                      << ": no layer found (e.g. etc/ssh/sshd_config); narrow the hosts: glob\n";
            failed = true;
        }
    }
    if (opt.format == "json") {
        nlohmann::json doc = {
            {"version", 1},
            {"tool", "lifeline"},
            {"diagnostics", std::move(diagnostics)},
            {"summary", {{"error", counts[2]}, {"warning", counts[1]}, {"info", counts[0]}}},
            {"roots", roots}};
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else if (opt.format == "text" && counts[0] + counts[1] + counts[2] > 0) {
        std::cout << counts[2] << (counts[2] == 1 ? " error, " : " errors, ") << counts[1]
                  << (counts[1] == 1 ? " warning, " : " warnings, ") << counts[0] << " info in "
                  << roots.size() << (roots.size() == 1 ? " host root\n" : " host roots\n");
    }
    if (failed) return k_exit_usage;
    int reached = 0;
    for (int s = static_cast<int>(threshold); s < 3; ++s) reached += counts[s];
    return reached > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

int run_repo_lint(App& app, const RepoLintOptions& opt) {
    if (opt.format == "sarif") {
        std::cerr << "lifeline: lint: SARIF output covers one host; use --root DIR for it\n";
        return k_exit_usage;
    }
    // Plugins first: a relative --plugin-dir means the directory lifeline was started in.
    if (!app.load_plugins()) return k_exit_usage;
    std::string error;
    auto repo = opt.staged ? Repo::open_git(error) : Repo::open_work_tree(*app.fs, error);
    if (!repo) {
        std::cerr << "lifeline: lint: " << error << '\n';
        return k_exit_usage;
    }
    auto state = opt.staged ? repo->index(error) : std::optional<RepoState>(repo->work_tree());
    if (!state) {
        std::cerr << "lifeline: lint: the index: " << error << '\n';
        return k_exit_usage;
    }
    SourceManager policy_sources;
    auto policy = load_repo_policy(app, *state, policy_sources);
    if (!policy) return k_exit_usage;
    auto roots = pick_roots(*repo, *state, *policy, opt);
    if (!roots) return k_exit_usage;
    std::vector<AccessIntent> intents = opt.access;
    intents.insert(intents.end(), policy->intents.begin(), policy->intents.end());
    bool color = opt.format == "text" && ::isatty(STDOUT_FILENO) != 0;
    std::cout.flush();
    auto results =
        run_parallel(roots->size(), opt.jobs > 0 ? opt.jobs : default_jobs(), [&](size_t i) {
            return encode(lint_root(app, *state, (*roots)[i], *policy, intents, opt.format, color));
        });
    return report(*roots, results, opt, opt.fail_on.value_or(policy->fail_on));
}

}  // namespace lifeline::cli

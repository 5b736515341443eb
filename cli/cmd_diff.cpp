// `lifeline diff [REV_A [REV_B]]`: what a change does to access, per host root — HEAD against
// the index by default, REV_A against the index, or REV_A against REV_B.

#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <CLI/CLI.hpp>

#include "app.hpp"
#include "repo.hpp"
#include "repo_roots.hpp"
#include "root_diff.hpp"
#include "workers.hpp"

namespace lifeline::cli {
namespace {

struct DiffOptions {
    std::vector<std::string> revs;
    std::string format = "text";
    int jobs = 0;
};

bool has_policy(const RepoState& state) {
    auto st = state.fs->stat(std::string(k_repo_policy_name));
    return st && st->type == sys::FileStat::Type::regular;
}

std::vector<std::string> union_of(std::vector<std::string> a, const std::vector<std::string>& b) {
    a.insert(a.end(), b.begin(), b.end());
    std::sort(a.begin(), a.end());
    a.erase(std::unique(a.begin(), a.end()), a.end());
    return a;
}

int run_diff(App& app, const DiffOptions& opt) {
    if (!app.load_plugins()) return k_exit_usage;
    std::string error;
    auto repo = Repo::open_git(error);
    if (!repo) {
        std::cerr << "lifeline: diff: " << error << '\n';
        return k_exit_usage;
    }
    auto before = repo->revision(opt.revs.empty() ? "HEAD" : opt.revs[0], error);
    if (!before) {
        std::cerr << "lifeline: diff: " << error << '\n';
        return k_exit_usage;
    }
    auto after = opt.revs.size() == 2 ? repo->revision(opt.revs[1], error) : repo->index(error);
    if (!after) {
        std::cerr << "lifeline: diff: " << error << '\n';
        return k_exit_usage;
    }
    // The policy being introduced decides (its intents are the logins that must keep working);
    // when the later state has none, the earlier one's.
    SourceManager policy_sources;
    auto policy = load_repo_policy(app, has_policy(*after) ? *after : *before, policy_sources);
    if (!policy) return k_exit_usage;
    auto roots = union_of(expand_host_globs(*before->fs, policy->hosts),
                          expand_host_globs(*after->fs, policy->hosts));
    auto changed = changed_paths(*before->listing, *after->listing);
    if (!policy_touched(*policy, changed)) roots = roots_touched(roots, changed);
    std::cout.flush();
    auto results =
        run_parallel(roots.size(), opt.jobs > 0 ? opt.jobs : default_jobs(), [&](size_t i) {
            return diff_root(app, *before, *after, roots[i], policy->intents)
                .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        });
    nlohmann::json list = nlohmann::json::array();
    int lost = 0;
    bool failed = false;
    for (size_t i = 0; i < roots.size(); ++i) {
        auto j = results[i] ? nlohmann::json::parse(*results[i], nullptr, false)
                            : nlohmann::json(nullptr);
        if (!j.is_object()) {
            std::cerr << "lifeline: " << roots[i] << ": the worker comparing it failed\n";
            failed = true;
            continue;
        }
        lost += j["lost_must_login"].get<int>();
        if (opt.format == "text") render_root_diff(j, std::cout);
        list.push_back(std::move(j));
    }
    if (opt.format == "json") {
        nlohmann::json doc = {{"from", before->label},
                              {"to", after->label},
                              {"roots", std::move(list)},
                              {"lost_must_login", lost}};
        std::cout << doc.dump(2) << '\n';
    } else if (roots.empty()) {
        std::cout << "no host root changes between " << before->label << " and " << after->label
                  << '\n';
    } else if (lost > 0) {
        std::cout << lost << (lost == 1 ? " must_login login loses" : " must_login logins lose")
                  << " access\n";
    }
    if (failed) return k_exit_usage;
    return lost > 0 ? k_exit_findings : k_exit_ok;
}

}  // namespace

void register_diff(CLI::App& cli, App& app) {
    auto opt = std::make_shared<DiffOptions>();
    auto* sub = cli.add_subcommand(
        "diff",
        "What a change does to access, per host root of .lifeline.yaml: each must_login / "
        "must_not_login verdict and who reaches sshd (default: HEAD against the index)");
    sub->add_option("revs", opt->revs,
                    "REV_A [REV_B]: compare REV_A with REV_B (default: HEAD with the index; one "
                    "revision: it with the index)")
        ->expected(0, 2)
        ->type_name("REV");
    add_format_option(*sub, opt->format);
    sub->add_option("-j,--jobs", opt->jobs, "Worker processes (default: one per CPU)")
        ->check(CLI::NonNegativeNumber);
    sub->callback([&app, opt] { app.exit_code = run_diff(app, *opt); });
}

}  // namespace lifeline::cli

#include "policy_run.hpp"

#include <unistd.h>

#include <climits>
#include <iostream>

#include "lifeline/render.hpp"

namespace lifeline::cli {

std::string policy_spec(const App& app, const std::string& spec) {
    if (!spec.empty()) return spec;
    char buf[PATH_MAX];
    if (::getcwd(buf, sizeof buf)) {
        if (auto found = discover_policy(*app.fs, buf)) return *found;
    }
    return std::string(k_default_pack);
}

Policy load_app_policy(App& app, const std::string& spec, DiagnosticSink& errors) {
    PolicyInput input{*app.fs, app.sources, default_pack_dirs(app.exe_path)};
    return load_policy(spec, input, make_rule_catalog(app.registry), errors);
}

std::optional<Policy> load_run_policy(App& app, const std::string& spec) {
    DiagnosticSink errors;
    std::string which = policy_spec(app, spec);
    Policy policy = load_app_policy(app, which, errors);
    if (errors.items().empty()) return policy;
    sort_diagnostics(errors.items());
    render_text(errors.items(), app.sources, std::cerr, ::isatty(STDERR_FILENO) != 0);
    std::cerr << "lifeline: policy " << which << " is invalid (see `lifeline policy check`)\n";
    return std::nullopt;
}

}  // namespace lifeline::cli

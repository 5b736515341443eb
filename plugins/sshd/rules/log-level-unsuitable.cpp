// SSHD051 log-level-unsuitable: LogLevel other than INFO or VERBOSE (option `allowed`), globally or
// in a Match block's context (CIS: "Ensure sshd LogLevel is configured"; DevSec sshd-13 asks for
// VERBOSE).
#include <string>

#include "hardening.hpp"
#include "values.hpp"

namespace lifeline::sshd {
namespace {

/// Why level `v` is a problem.
std::string_view why(long long v) {
    if (v < 3) return "failed logins are not logged";
    if (v == 3) return "the key fingerprint of each login is not logged";
    if (v > 4) return "debug output violates users' privacy (sshd_config(5))";
    return "the policy does not allow it";
}

}  // namespace

void check_log_level_unsuitable(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD051")->info;
    std::vector<std::string> allowed = list_option(ctx, rule, "allowed", "INFO,VERBOSE");
    if (allowed.empty()) allowed = {"INFO", "VERBOSE"};
    ReportedPlaces done;
    for_each_context(ctx, [&](const HardeningContext& c) {
        const IntOpt& level = c.options.log_level;
        if (level.v < 0) return;
        for (const auto& a : allowed)
            if (log_level_number(a) == level.v) return;
        if (!done.first(level.from, c.global)) return;
        std::string name =
            level.from ? level.from->args.front().text : std::string(log_level_name(int(level.v)));
        std::string head =
            level.from ? "LogLevel " + name : "LogLevel is not set and defaults to " + name;
        ctx.report(rule, value_location(ctx, level.from),
                   head + c.where + ": " + std::string(why(level.v)),
                   "set LogLevel " + allowed.back());
    });
}

}  // namespace lifeline::sshd

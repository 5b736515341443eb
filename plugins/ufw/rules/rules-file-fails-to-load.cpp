// UFW008 rules-file-fails-to-load: before.rules, after.rules or user.rules (or a 6 variant) is
// missing, or iptables-restore stops at one of its lines. ufw-init reports the problem and goes
// on, so the policies are set while the file's rules are missing (config-semantics §4.2).
#include "rule.hpp"

namespace lifeline::ufw {
namespace {

/// What is lost when `kind` does not load.
std::string consequence(const std::string& kind) {
    if (kind == "user")
        return "none of the rules added with the ufw command are enforced, yet `ufw status` "
               "still lists them and the default policy applies";
    if (kind == "before")
        return "the loopback, RELATED,ESTABLISHED and ICMP accepts are missing and the user "
               "rules are still reached, while the default policy applies";
    return "its rules are missing while the default policy applies";
}

}  // namespace

void check_rules_file_fails(RuleContext& ctx) {
    if (!ctx.model.start.started) return;
    for (int family : {4, 6}) {
        if (family == 6 && !ctx.model.settings.ipv6_enabled()) continue;
        const FamilyRules& fr = ctx.model.rules(family);
        const auto& failures = ctx.model.state(family).failures;
        // An invalid policy keeps ufw-init from creating the skip-to-policy chains, so
        // after.rules' jumps to them fail: that is the setting's fault (UFW002).
        bool policy_chains_missing = false;
        for (const StepFailure& f : failures)
            policy_chains_missing |= f.generated.find("-skip-to-policy-") != std::string::npos;
        for (const StepFailure& f : failures) {
            if (!f.generated.empty()) continue;  // a setting's fault: UFW002
            if (policy_chains_missing && f.message.find("-skip-to-policy-") != std::string::npos)
                continue;
            std::string kind = f.file == fr.user.path     ? "user"
                               : f.file == fr.before.path ? "before"
                               : f.file == fr.after.path  ? "after"
                                                          : "";
            if (kind.empty()) continue;
            std::string name = kind + (family == 6 ? "6" : "") + ".rules";
            std::string message =
                f.line > 0
                    ? "iptables-restore stops here (" + f.message.substr(f.message.find(": ") + 2) +
                          "), so ufw-init loads nothing of " + name +
                          " and goes on: " + consequence(kind)
                    : name + " is missing or empty, so ufw-init skips it and goes on: " +
                          consequence(kind);
            ctx.report(k_rules_file_fails, f.file, f.line, f.line > 0 ? f.column : 0,
                       std::move(message),
                       "check the file with `iptables-restore --test " + std::string("-n") +
                           "` (ip6tables-restore for the 6 files)");
        }
    }
}

}  // namespace lifeline::ufw

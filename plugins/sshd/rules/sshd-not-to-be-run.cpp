// SSHD033 sshd-not-to-be-run: Debian's ssh.service and ssh.socket have
// ConditionPathExists=!/etc/ssh/sshd_not_to_be_run, so the file keeps sshd from starting.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD033")->info;
}

constexpr std::string_view k_marker = "/etc/ssh/sshd_not_to_be_run";

}  // namespace

void check_sshd_not_to_be_run(RuleContext& ctx) {
    std::string path = ctx.host.path(k_marker);
    if (!ctx.host.fs().stat(path)) return;
    ctx.host.load(k_marker);  // registers the text so renderers can quote line 1
    ctx.report(info(), SourceLocation{path, 1, 1, 0, 0},
               std::string(k_marker) +
                   " exists: Debian's ssh.service and ssh.socket refuse to start sshd while it is "
                   "present",
               "delete the file if sshd is meant to run");
}

}  // namespace lifeline::sshd

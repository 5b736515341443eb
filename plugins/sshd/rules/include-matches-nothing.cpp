// SSHD022 include-matches-nothing: an Include pattern that matches no file because the literal
// file or the directory it globs in does not exist. sshd skips such a line silently.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD022")->info;
}

bool has_wildcard(std::string_view s) {
    return s.find_first_of("*?[") != std::string_view::npos;
}

/// The longest leading directory of `pattern` without wildcards ("/etc/ssh/local.d" for
/// "/etc/ssh/local.d/*.conf").
std::string fixed_directory(const std::string& pattern) {
    size_t wild = pattern.find_first_of("*?[");
    size_t slash = pattern.rfind('/', wild);
    if (slash == std::string::npos || slash == 0) return "/";
    return pattern.substr(0, slash);
}

bool is_directory(RuleContext& ctx, const std::string& host_path) {
    auto st = ctx.host.fs().stat(ctx.host.path(host_path));
    return st && st->type == sys::FileStat::Type::directory;
}

}  // namespace

void check_include_matches_nothing(RuleContext& ctx) {
    for (const IncludeRecord& inc : ctx.config.includes) {
        if (!inc.matched_host_paths.empty() || !inc.file) continue;
        std::string why;
        if (!has_wildcard(inc.resolved_pattern)) {
            why = inc.resolved_pattern + " does not exist";
        } else {
            std::string dir = fixed_directory(inc.resolved_pattern);
            if (is_directory(ctx, dir)) continue;  // an empty drop-in directory is normal
            why = "directory " + dir + " does not exist";
        }
        SourceLocation where{inc.file->path(), inc.line, inc.column, inc.line,
                             inc.column + int(inc.pattern.size())};
        ctx.report(info(), where, "Include \"" + inc.pattern + "\" matches no file: " + why,
                   "fix the path (relative paths are resolved under /etc/ssh/) or remove the line");
    }
}

}  // namespace lifeline::sshd

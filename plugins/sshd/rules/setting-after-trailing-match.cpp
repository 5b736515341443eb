// SSHD020 setting-after-trailing-match: a directive indented less than its Match block's first
// directive was meant to be global, but a Match block runs until the next Match line or the end
// of its file, so it applies only to matching connections.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD020")->info;
}

/// True when `d` was written in the same file instance as the Match line `m`, not in a file
/// included from inside the block.
bool same_file(const Directive& d, const Directive& m) {
    return d.file == m.file && d.include_chain.size() == m.include_chain.size();
}

void check_block(RuleContext& ctx, int b) {
    const MatchBlock& mb = ctx.config.blocks[size_t(b)];
    if (mb.is_all || !mb.valid || mb.directive < 0) return;
    const auto& all = ctx.config.directives;
    const Directive& match_line = all[size_t(mb.directive)];
    int first_column = 0;
    for (size_t i = size_t(mb.directive) + 1; i < all.size(); ++i) {
        const Directive& d = all[i];
        if (d.block != b) {
            if (d.include_chain.size() <= match_line.include_chain.size()) break;
            continue;  // a line of a Match block inside a file included from this block
        }
        if (!same_file(d, match_line)) continue;
        if (first_column == 0) {
            first_column = d.column;
            if (first_column <= 1) return;  // an unindented block: no layout intent to compare
            continue;
        }
        if (d.column >= first_column || d.broken) continue;  // broken lines are reported already
        ctx.report(info(), d,
                   std::string(d.name()) +
                       " is indented like a global setting but belongs to \"Match " + mb.text +
                       "\" (line " + std::to_string(mb.line) +
                       "), so it applies only to matching connections",
                   "move it above the first Match line, or indent it like the block");
    }
}

}  // namespace

void check_setting_after_trailing_match(RuleContext& ctx) {
    for (size_t b = 0; b < ctx.config.blocks.size(); ++b) check_block(ctx, int(b));
}

}  // namespace lifeline::sshd

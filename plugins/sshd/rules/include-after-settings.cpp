// SSHD021 include-after-settings: a first-wins directive in an included file that never takes
// effect because a file including it set the same keyword before the Include line.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD021")->info;
}

/// Keywords whose later lines do count: they accumulate, or the last value wins (9.2).
bool later_lines_count(Op op) {
    switch (op) {
        case Op::port:
        case Op::listen_address:
        case Op::host_key:
        case Op::host_certificate:
        case Op::subsystem:
        case Op::allow_users:
        case Op::deny_users:
        case Op::allow_groups:
        case Op::deny_groups:
        case Op::accept_env:
        case Op::max_startups:
        case Op::per_source_net_block_size:
        case Op::per_source_max_startups:
        case Op::ip_qos:
        case Op::stream_local_bind_mask:
        case Op::fingerprint_hash:
        case Op::unused_connection_timeout:
        case Op::include:
        case Op::match:
        case Op::deprecated:
        case Op::ignored:
        case Op::unsupported:
            return true;
        default:
            return false;
    }
}

bool same_step(const IncludeStep& a, const IncludeStep& b) {
    return a.file == b.file && a.line == b.line && a.column == b.column;
}

/// The depth at which `winner` sits in one of `d`'s including files, before the Include line
/// that leads to `d`; -1 when it does not.
int ancestor_depth(const Directive& winner, const Directive& d) {
    size_t depth = winner.include_chain.size();
    if (depth >= d.include_chain.size()) return -1;
    for (size_t i = 0; i < depth; ++i)
        if (!same_step(winner.include_chain[i], d.include_chain[i])) return -1;
    const IncludeStep& step = d.include_chain[depth];
    if (winner.file != step.file || winner.line >= step.line) return -1;
    return int(depth);
}

bool same_values(const Directive& a, const Directive& b) {
    if (a.args.size() != b.args.size()) return false;
    for (size_t i = 0; i < a.args.size(); ++i)
        if (!iequals(a.args[i].text, b.args[i].text)) return false;
    return true;
}

}  // namespace

void check_include_after_settings(RuleContext& ctx) {
    for (const Directive& d : ctx.config.directives) {
        if (d.broken || d.include_chain.empty() || d.block != -1) continue;
        if (later_lines_count(d.keyword->op)) continue;
        const Setting& s = ctx.global().get(d.keyword->name);
        const Directive* winner = s.from;
        if (!winner && !s.sources.empty()) winner = s.sources.front();
        if (!winner || winner == &d || winner->block != -1) continue;
        int depth = ancestor_depth(*winner, d);
        if (depth < 0 || same_values(*winner, d)) continue;
        const IncludeStep& step = d.include_chain[size_t(depth)];
        ctx.report(info(), d,
                   std::string(d.name()) + " here never takes effect: " +
                       (size_t(depth) + 1 == d.include_chain.size() ? "the including file"
                                                                    : "an outer including file") +
                       " already set it on line " + std::to_string(winner->line) +
                       ", before its Include on line " + std::to_string(step.line) +
                       ", and the first value wins",
                   "set it in one place only: keep the Include line above the setting, or drop "
                   "this line");
        auto& diag = ctx.out.items().back();
        diag.related.push_back(
            {{winner->path(), winner->line, winner->column, 0, 0}, "the value that wins"});
        diag.related.push_back(
            {{step.file->path(), step.line, step.column, 0, 0}, "the Include line"});
    }
}

}  // namespace lifeline::sshd

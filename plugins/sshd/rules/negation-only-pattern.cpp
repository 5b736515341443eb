// SSHD029 negation-only-pattern: a pattern list with only `!` entries matches nothing: a
// negated entry can only veto a match that a positive entry made.
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD029")->info;
}

bool negations_only(std::string_view list) {
    if (list.empty()) return false;
    size_t pos = 0;
    for (;;) {
        size_t comma = list.find(',', pos);
        if (list.substr(pos, 1) != "!") return false;
        if (comma == std::string_view::npos) return true;
        pos = comma + 1;
    }
}

void report(RuleContext& ctx, const SourceLocation& where, const std::string& what,
            std::string_view list) {
    std::string l(list);
    ctx.report(info(), where,
               what + " pattern list \"" + l +
                   "\" has only negated entries and matches nothing; write \"*," + l +
                   "\" to match everything else",
               "start the list with a positive entry such as *");
}

/// Match criteria that take a pattern list (LocalPort takes one number).
bool takes_list(const std::string& attribute) {
    return attribute == "user" || attribute == "group" || attribute == "host" ||
           attribute == "address" || attribute == "localaddress" || attribute == "rdomain";
}

void check_match_lines(RuleContext& ctx) {
    for (const MatchBlock& mb : ctx.config.blocks) {
        if (!mb.valid || !mb.file) continue;
        for (const MatchCriterion& c : mb.criteria) {
            if (!takes_list(c.attribute) || !negations_only(c.value)) continue;
            SourceLocation where{mb.file->path(), mb.line, c.value_column, 0, 0};
            report(ctx, where, "Match " + c.written, c.value);
        }
    }
}

}  // namespace

void check_negation_only_pattern(RuleContext& ctx) {
    check_match_lines(ctx);
    for (const Directive& d : ctx.config.directives) {
        if (d.broken) continue;
        if (d.keyword->op != Op::allow_users && d.keyword->op != Op::deny_users) continue;
        for (const Arg& a : d.args) {
            size_t at = a.text.find('@');  // the user part is one pattern; '!' is literal there
            if (at == std::string::npos || !negations_only(std::string_view(a.text).substr(at + 1)))
                continue;
            SourceLocation where{d.path(), d.line, a.column + int(at) + 1, 0, 0};
            report(ctx, where, std::string(d.name()) + " host",
                   std::string_view(a.text).substr(at + 1));
        }
    }
}

}  // namespace lifeline::sshd

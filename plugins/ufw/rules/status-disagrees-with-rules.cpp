// UFW007 status-disagrees-with-rules: `ufw status` renders the `### tuple ###` comments, the
// kernel enforces the `-A` lines. A tuple whose lines are not what ufw writes for it, and rule
// lines in the RULES section with no tuple, make the two disagree.
#include <algorithm>
#include <sstream>

#include "iptables/lexer.hpp"
#include "iptables/parser.hpp"
#include "rule.hpp"
#include "ssh_path.hpp"

namespace lifeline::ufw {
namespace {

std::string ranges_text(const iptables::PortMatch& p) {
    std::string s = p.negated ? "!" : "";
    for (const auto& r : p.ranges)
        s += std::to_string(r.first) + ":" + std::to_string(r.last) + ",";
    return s;
}

/// A rule's meaning as text: option order, `-m tcp` and comments do not count.
std::string canonical(const iptables::Rule& r) {
    std::ostringstream s;
    if (r.protocol) s << "p" << (r.protocol->negated ? "!" : "") << r.protocol->number << ';';
    for (const auto* a : {&r.source, &r.destination}) {
        s << (a == &r.source ? "s" : "d");
        if (*a) {
            s << ((*a)->negated ? "!" : "");
            for (const auto& n : (*a)->networks) s << net::format_network(n) << ',';
        }
        s << ';';
    }
    for (const auto* i : {&r.in_interface, &r.out_interface})
        if (*i) s << ((*i)->negated ? "!" : "") << (*i)->name << ((*i)->wildcard ? "+" : "") << ';';
    if (r.fragment) s << "f" << *r.fragment << ';';
    std::vector<std::string> matches;
    for (const iptables::Match& m : r.matches) {
        if (m.name == "comment") continue;
        std::ostringstream ms;
        ms << m.name << ':';
        if (m.dports) ms << "dp" << ranges_text(*m.dports);
        if (m.sports) ms << "sp" << ranges_text(*m.sports);
        if (m.ports) ms << "pp" << ranges_text(*m.ports);
        if (m.state) ms << "st" << (m.state->negated ? "!" : "") << m.state->states;
        for (const iptables::Option& o : m.options) {
            bool typed = o.name.find("port") != std::string::npos || o.name == "--ctstate" ||
                         o.name == "--state";
            if (typed) continue;
            ms << o.name << (o.negated ? "!" : "");
            for (const auto& v : o.values) ms << ' ' << v.text;
            ms << ',';
        }
        matches.push_back(ms.str());
    }
    std::sort(matches.begin(), matches.end());
    for (const auto& m : matches) s << m << ';';
    if (r.target) {
        s << (r.target->is_goto ? "g " : "j ") << r.target->name;
        for (const iptables::Option& o : r.target->options) {
            s << ' ' << o.name;
            for (const auto& v : o.values) s << ' ' << v.text;
        }
    }
    return s.str();
}

/// "chain|meaning" of a rule line; empty when it does not parse.
std::string meaning(std::string_view line, int family) {
    auto split = iptables::split_arguments(line);
    if (split.unterminated_quote || split.tokens.size() < 2) return {};
    iptables::Rule rule;
    if (iptables::parse_rule(split.tokens, 2, family, rule)) return {};
    return split.tokens[1].text + "|" + canonical(rule);
}

bool same_rule(std::string_view written, const std::string& expected, int family) {
    auto a = iptables::split_arguments(written), b = iptables::split_arguments(expected);
    auto texts = [](const iptables::SplitResult& r) {
        std::vector<std::string> v;
        for (const auto& t : r.tokens) v.push_back(t.text);
        return v;
    };
    if (texts(a) == texts(b)) return true;
    std::string m = meaning(written, family);
    return !m.empty() && m == meaning(expected, family);
}

void check_file(RuleContext& ctx, int family) {
    const FamilyRules& fr = ctx.model.rules(family);
    const SourceFile* file = ctx.host.sources().find(ctx.host.path(fr.user.path));
    if (!file) return;
    for (const Tuple& t : fr.tuples.tuples) {
        std::vector<std::string> expected = expected_rule_lines(t, family == 6);
        size_t n = std::max(expected.size(), t.rule_lines.size());
        for (size_t i = 0; i < n; ++i) {
            std::string problem;
            if (i >= t.rule_lines.size()) {
                problem = "the rule line ufw writes for it is missing (`" + expected[i] + "`)";
            } else {
                std::string_view written = file->line(t.rule_lines[i]);
                if (i >= expected.size())
                    problem = "line " + std::to_string(t.rule_lines[i]) + " (`" +
                              std::string(written) + "`) is not part of it";
                else if (!same_rule(written, expected[i], family))
                    problem = "line " + std::to_string(t.rule_lines[i]) + " reads `" +
                              std::string(written) + "` where ufw writes `" + expected[i] + "`";
            }
            if (problem.empty()) continue;
            ctx.report(k_status_disagrees, fr.user.path, t.line, 1,
                       "`ufw status` shows this rule as `" + describe(t) + "`, but " + problem +
                           ": the kernel enforces the rule lines, not this comment",
                       "edit rules with the ufw command, or make the tuple and its lines agree");
            break;
        }
    }
    for (int line : fr.tuples.untupled_lines) {
        ctx.report(k_status_disagrees, fr.user.path, line, 1,
                   "this rule line has no `### tuple ###` comment: the kernel enforces it but "
                   "`ufw status` never shows it",
                   "add it with the ufw command so that it gets a tuple");
    }
}

}  // namespace

void check_status_disagrees(RuleContext& ctx) {
    check_file(ctx, 4);
    check_file(ctx, 6);
}

}  // namespace lifeline::ufw

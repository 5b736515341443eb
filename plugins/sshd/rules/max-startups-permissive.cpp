// SSHD053 max-startups-permissive: MaxStartups less strict than 10:30:60 (option `max`): more
// than 10 unauthenticated connections before sshd starts refusing, a refusal rate above 30 %, or
// a hard limit above 60; the default is 10:30:100 (CIS: "Ensure sshd MaxStartups is configured";
// DevSec sshd-21). A global keyword.
#include <string>

#include "hardening.hpp"

namespace lifeline::sshd {
namespace {

/// Parses `start:rate:full`; false when the text is not three whole numbers.
bool parse_triple(const std::string& text, long long out[3]) {
    size_t pos = 0;
    for (int i = 0; i < 3; ++i) {
        size_t end = i < 2 ? text.find(':', pos) : text.size();
        if (end == std::string::npos || end == pos) return false;
        std::string part = text.substr(pos, end - pos);
        if (part.find_first_not_of("0123456789") != std::string::npos || part.size() > 9)
            return false;
        out[i] = std::stoll(part);
        pos = end + 1;
    }
    return true;
}

}  // namespace

void check_max_startups_permissive(RuleContext& ctx) {
    const RuleInfo& rule = find_rule("SSHD053")->info;
    long long max[3] = {10, 30, 60};
    std::string text = ctx.option(rule.id, "max", "10:30:60");
    if (!parse_triple(text, max)) {
        max[0] = 10, max[1] = 30, max[2] = 60;
        ctx.report(rule, value_location(ctx, nullptr),
                   "policy option SSHD053.max is '" + text +
                       "', not START:RATE:FULL: the default 10:30:60 is used",
                   "fix `rules: {SSHD053: {options: {max: \"10:30:60\"}}}` in the policy");
    }
    const ServerOptions& o = ctx.global().options();
    long long v[3] = {o.max_startups_begin.v, o.max_startups_rate.v, o.max_startups.v};
    if (v[0] <= max[0] && v[1] <= max[1] && v[2] <= max[2]) return;
    // The line that set the triple (the three fields come from one line).
    const Directive* from = o.max_startups.from ? o.max_startups.from : o.max_startups_begin.from;
    std::string value =
        std::to_string(v[0]) + ":" + std::to_string(v[1]) + ":" + std::to_string(v[2]);
    std::string limit =
        std::to_string(max[0]) + ":" + std::to_string(max[1]) + ":" + std::to_string(max[2]);
    std::string head = from ? "MaxStartups " + from->args.front().text +
                                  (from->args.front().text == value ? "" : " (" + value + ")")
                            : "MaxStartups is not set and defaults to " + value;
    static const char* const k_fields[] = {"start", "rate", "full limit"};
    std::string over;
    for (int i = 0; i < 3; ++i) {
        if (v[i] <= max[i]) continue;
        over += std::string(over.empty() ? "its " : " and its ") + k_fields[i] + " " +
                std::to_string(v[i]) + " is above " + std::to_string(max[i]);
    }
    ctx.report(rule, value_location(ctx, from),
               head + ": " + over + " (the limit is " + limit +
                   "), so a flood of unauthenticated connections ties up more of sshd",
               "set MaxStartups " + limit + " or stricter");
}

}  // namespace lifeline::sshd

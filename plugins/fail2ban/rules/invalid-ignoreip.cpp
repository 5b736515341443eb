// F2B005 invalid-ignoreip: an ignoreip entry that fail2ban reads as something else than it
// says — TAB-joined entries, a length beyond the address size, a mask that is not one, text
// that is neither an address nor a host name. Each (line, entry) is reported once.
#include <set>

#include "rule.hpp"

namespace lifeline::f2b {
namespace {

/// TABs written as `\t`, so the message shows where the entries were joined.
std::string show_tabs(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '\t' ? std::string("\\t") : std::string(1, c);
    return out;
}

}  // namespace

void check_invalid_ignoreip(RuleContext& ctx) {
    std::set<std::tuple<std::string, int, std::string>> seen;
    for (const JailView& view : ctx.model.jails) {
        const Jail& j = *view.jail;
        if (!j.ignoreip_raw) continue;
        for (const IgnoreEntry& e : view.ignores) {
            if (e.problem.empty()) continue;
            const SourceLocation& at = j.ignoreip_raw->origin;
            if (!seen.insert({at.path, at.line, e.text}).second) continue;
            ctx.report(k_invalid_ignoreip, at,
                       "ignoreip entry '" + show_tabs(e.text) + "': " + show_tabs(e.problem),
                       "separate entries with spaces, commas or new lines; write addresses as "
                       "ADDRESS or ADDRESS/LENGTH");
        }
    }
}

}  // namespace lifeline::f2b

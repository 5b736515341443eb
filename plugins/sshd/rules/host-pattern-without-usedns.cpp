// SSHD030 host-pattern-without-usedns: with UseDNS no (the default) sshd matches "host names"
// against the client's IP address text, so a name pattern never matches.
#include <cctype>
#include <string>

#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD030")->info;
}

/// A name, not an address: it has a letter and no ':' (IPv6 addresses have hex letters).
bool is_name(std::string_view entry) {
    if (!entry.empty() && entry.front() == '!') entry.remove_prefix(1);
    if (entry.find(':') != std::string_view::npos) return false;
    for (char c : entry)
        if (std::isalpha(static_cast<unsigned char>(c))) return true;
    return false;
}

/// Reports every name entry of `list`, which starts at `column` of `line` in `path`.
void check_list(RuleContext& ctx, const std::string& what, std::string_view list,
                const std::string& path, int line, int column) {
    size_t pos = 0;
    for (;;) {
        size_t comma = list.find(',', pos);
        std::string_view entry =
            list.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
        if (is_name(entry)) {
            ctx.report(info(), SourceLocation{path, line, column + int(pos), 0, 0},
                       what + " pattern \"" + std::string(entry) +
                           "\" is a host name but UseDNS is no: sshd compares it with the client's "
                           "IP address, so it never matches",
                       "match addresses instead (Match Address, user@192.0.2.0/24)");
        }
        if (comma == std::string_view::npos) return;
        pos = comma + 1;
    }
}

}  // namespace

void check_host_pattern_without_usedns(RuleContext& ctx) {
    if (ctx.global().options().use_dns.v == 1) return;
    for (const MatchBlock& mb : ctx.config.blocks) {
        if (!mb.valid || !mb.file) continue;
        for (const MatchCriterion& c : mb.criteria)
            if (c.attribute == "host")
                check_list(ctx, "Match " + c.written, c.value, mb.file->path(), mb.line,
                           c.value_column);
    }
    for (const Directive& d : ctx.config.directives) {
        if (d.broken) continue;
        if (d.keyword->op != Op::allow_users && d.keyword->op != Op::deny_users) continue;
        for (const Arg& a : d.args) {
            size_t at = a.text.find('@');
            if (at == std::string::npos) continue;
            check_list(ctx, std::string(d.name()) + " host",
                       std::string_view(a.text).substr(at + 1), d.path(), d.line,
                       a.column + int(at) + 1);
        }
    }
}

}  // namespace lifeline::sshd

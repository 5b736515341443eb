#include "effective.hpp"

#include <algorithm>
#include <tuple>

#include "apply.hpp"
#include "diag.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

bool same_error(const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.path, a.location.line, a.location.column, a.message) ==
           std::tie(b.location.path, b.location.line, b.location.column, b.message);
}

void finish(Effective& e, const Config& config, ServerOptions options,
            std::vector<Listener>& listeners_out, ServerOptions& options_out,
            std::vector<std::string>& lines,
            std::map<std::string, Setting, std::less<>>& settings) {
    (void)e;
    listeners_out = config.listeners;
    options_out = std::move(options);
    build_dump(options_out, listeners_out, lines, settings);
}

}  // namespace

std::vector<BlockMatch> match_blocks(const Config& config, const Connection& conn,
                                     const UserDb& users) {
    std::vector<BlockMatch> out(config.blocks.size());
    for (size_t b = 0; b < config.blocks.size(); ++b) {
        const MatchBlock& mb = config.blocks[b];
        BlockMatch& r = out[b];
        r.block = int(b);
        // A block in a file included from a non-matching Match block never matches (sshd's
        // SSHCFG_NEVERMATCH); an include made from the global section is evaluated normally.
        r.never_match = mb.parent >= 0 && !out[size_t(mb.parent)].matched;
        if (r.never_match || !mb.valid) continue;
        r.outcome = evaluate_match(mb, conn, users);
        r.matched = r.outcome.matched;
    }
    return out;
}

std::vector<int> Effective::matching_blocks() const {
    std::vector<int> out;
    for (const BlockMatch& b : m_blocks)
        if (b.matched) out.push_back(b.block);
    return out;
}

const Setting& Effective::get(std::string_view keyword) const {
    static const Setting k_empty;
    std::string key;
    if (const KeywordSpec* k = find_keyword(keyword))
        key = std::string(k->dump_name);
    else
        key = to_lower(keyword);
    auto it = m_settings.find(key);
    return it == m_settings.end() ? k_empty : it->second;
}

Effective evaluate(const Config& config, const Connection& conn, const UserDb& users) {
    Effective e;
    e.m_blocks = match_blocks(config, conn, users);
    for (const BlockMatch& b : e.m_blocks) {
        if (!b.outcome.missing_lport) continue;
        const MatchBlock& mb = config.blocks[size_t(b.block)];
        e.m_errors.push_back(make_diagnostic(
            k_localport_without_lport, mb.file ? mb.file->path() : std::string(), mb.line,
            b.outcome.missing_lport->column,
            "'Match LocalPort' in configuration but 'lport' not in connection test specification.",
            "add lport=PORT to the connection spec (-C)"));
        break;
    }
    Environment env;
    env.services = config.services;
    env.users = &users;
    env.interface_exists = [](std::string_view) { return true; };  // checked at startup
    ServerOptions mo;
    std::vector<Diagnostic> errors;
    for (const Directive& d : config.directives) {
        if (d.broken || d.keyword->op == Op::match) continue;
        bool on = d.block >= 0 && e.m_blocks[size_t(d.block)].matched;
        // An inactive line only re-checks its syntax, already done at startup; the one check
        // that depends on the Match pass's own state is `AuthenticationMethods any`.
        if (!on && d.keyword->op != Op::authentication_methods) continue;
        apply_directive(mo, d, on, Pass::match, env, errors);
    }
    ServerOptions merged = config.filled ? *config.filled : ServerOptions{};
    copy_set_options(merged, mo, &errors);
    for (auto& err : errors) {
        bool known = std::any_of(config.errors.begin(), config.errors.end(),
                                 [&](const Diagnostic& c) { return same_error(c, err); });
        if (!known && err.severity == Severity::error) e.m_errors.push_back(std::move(err));
    }
    finish(e, config, std::move(merged), e.m_listeners, e.m_options, e.m_lines, e.m_settings);
    return e;
}

Effective evaluate_global(const Config& config) {
    Effective e;
    e.m_blocks.resize(config.blocks.size());
    for (size_t b = 0; b < config.blocks.size(); ++b) {
        const MatchBlock& mb = config.blocks[b];
        e.m_blocks[b].block = int(b);
        e.m_blocks[b].never_match = mb.never_match;
        e.m_blocks[b].matched = !mb.never_match && mb.valid && mb.is_all;
    }
    ServerOptions filled = config.filled ? *config.filled : ServerOptions{};
    finish(e, config, std::move(filled), e.m_listeners, e.m_options, e.m_lines, e.m_settings);
    return e;
}

}  // namespace lifeline::sshd

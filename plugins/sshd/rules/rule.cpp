#include "rule.hpp"

#include <algorithm>

#include "apply.hpp"
#include "lifeline/net.hpp"
#include "startup.hpp"

namespace lifeline::sshd {

const Effective& RuleContext::global() {
    if (!m_global) m_global = evaluate_global(config);
    return *m_global;
}

Effective RuleContext::evaluate(const Connection& conn) {
    return sshd::evaluate(config, conn, host.users());
}

ServerOptions RuleContext::block_context(int b) {
    const auto& blocks = config.blocks;
    if (!m_indexed) {
        m_indexed = true;
        m_block_lines.assign(blocks.size(), {});
        for (size_t i = 0; i < config.directives.size(); ++i) {
            const Directive& d = config.directives[i];
            if (d.broken || d.block < 0 || d.keyword->op == Op::match) continue;
            m_block_lines[size_t(d.block)].push_back(i);
            if (blocks[size_t(d.block)].valid && blocks[size_t(d.block)].is_all)
                m_all_lines.push_back(i);
        }
    }
    std::vector<size_t> lines = m_all_lines;
    for (int p = b; p >= 0; p = blocks[size_t(p)].parent) {
        if (blocks[size_t(p)].is_all) continue;
        const auto& own = m_block_lines[size_t(p)];
        lines.insert(lines.end(), own.begin(), own.end());
    }
    std::sort(lines.begin(), lines.end());
    Environment env;
    env.services = config.services;
    env.users = &users();
    env.interface_exists = [](std::string_view) { return true; };
    ServerOptions set;
    std::vector<Diagnostic> errors;
    for (size_t i : lines) apply_directive(set, config.directives[i], true, Pass::match, env, errors);
    ServerOptions merged = config.filled ? *config.filled : ServerOptions{};
    copy_set_options(merged, set, nullptr);
    return merged;
}

std::vector<const lifeline::AccessIntent*> RuleContext::declared_logins() const {
    std::vector<const lifeline::AccessIntent*> logins;
    if (facts)
        for (const auto& intent : facts->intents)
            if (!intent.must_not) logins.push_back(&intent);
    return logins;
}

const ServerOptions& RuleContext::login_options(const lifeline::AccessIntent& login) {
    auto it = m_login_options.find(&login);
    if (it != m_login_options.end()) return it->second;
    Connection conn;
    conn.user = login.user;
    conn.addr = lifeline::net::format_ip(login.sources.address);
    // With UseDNS no (the default) sshd matches host patterns against the address text.
    conn.host = conn.addr;
    const auto& ports = global().options().ports;
    conn.lport = login.port ? login.port : (ports.empty() ? 22 : ports.front().port);
    Effective eff = evaluate(conn);
    const ServerOptions& o = eff.ok() ? eff.options() : global().options();
    return m_login_options.emplace(&login, o).first->second;
}

lifeline::SourceLocation RuleContext::location(const Directive& d, int arg) {
    lifeline::SourceLocation where;
    where.path = d.path();
    where.line = d.line;
    where.column = d.column;
    if (arg >= 0 && size_t(arg) < d.args.size()) {
        where.column = d.args[size_t(arg)].column;
        where.end_column = d.args[size_t(arg)].end_column;
    }
    return where;
}

void RuleContext::report(const lifeline::RuleInfo& rule, const Directive& d, std::string message,
                         std::string help, int arg) {
    report(rule, location(d, arg), std::move(message), std::move(help));
}

lifeline::Diagnostic& RuleContext::report(const lifeline::RuleInfo& rule,
                                          const lifeline::SourceLocation& where,
                                          std::string message, std::string help) {
    lifeline::Diagnostic d;
    d.rule_id = std::string(rule.id);
    d.slug = std::string(rule.slug);
    d.severity = rule.severity;
    d.location = where;
    d.message = std::move(message);
    d.help = std::move(help);
    out.report(std::move(d));
    return out.items().back();
}

}  // namespace lifeline::sshd

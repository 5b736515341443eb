#pragma once
/// The shape of an sshd rule: an ID, a slug, a doc page and a check over the sshd model.
///
/// A rule file `rules/<slug>.cpp` defines `void check_<slug>(RuleContext&)` (declared below by
/// the author) and the rule is listed, sorted by ID, in `rules/registry.cpp`. Rules ask the
/// model (`ctx.global()`, `ctx.evaluate(conn)`, `ctx.config`) and never re-parse text.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config.hpp"
#include "connection.hpp"
#include "effective.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/host.hpp"
#include "lifeline/rule.hpp"

namespace lifeline::sshd {

/// What a rule sees: the host, the loaded configuration, where findings go, and (on a lint run)
/// the shared facts with the declared logins and the policy's rule options.
struct RuleContext {
    RuleContext(lifeline::Host& h, const Config& c, lifeline::DiagnosticSink& o,
                const lifeline::HostFacts* f = nullptr, const lifeline::RuleOptions* opts = nullptr)
        : host(h), config(c), out(o), facts(f), options(opts) {}

    lifeline::Host& host;
    const Config& config;
    lifeline::DiagnosticSink& out;
    const lifeline::HostFacts* facts;      ///< nullptr when the caller has none
    const lifeline::RuleOptions* options;  ///< nullptr = every option at its default

    /// The startup option set with defaults (no Match pass), computed once.
    const Effective& global();
    /// The effective configuration for a connection (sshd's Match pass, test mode).
    Effective evaluate(const Connection& conn);
    /// What a connection matching block `b` gets: the global settings overridden by the lines
    /// of `b`, of the blocks enclosing it and of every `Match all` block, as sshd's Match pass
    /// does. A block has no connection of its own, so this is the context its lines create.
    ServerOptions block_context(int b);
    /// The host's users and groups.
    const lifeline::UserDb& users() { return host.users(); }
    /// The policy's option `name` of rule `rule_id`, or `fallback` when it does not set it.
    std::string option(std::string_view rule_id, std::string_view name,
                       std::string_view fallback) const {
        return options ? options->get(rule_id, name, fallback) : std::string(fallback);
    }
    /// The declared logins of the run (`--access`, must_login), without must_not_login entries.
    std::vector<const lifeline::AccessIntent*> declared_logins() const;
    /// The options sshd applies to `login`'s connection: its user from the first address of its
    /// network to its port (else sshd's first Port); the global set when the Match pass fails.
    const ServerOptions& login_options(const lifeline::AccessIntent& login);

    /// Reports `message` at `d` (the keyword; or argument `arg` when >= 0).
    void report(const lifeline::RuleInfo& rule, const Directive& d, std::string message,
                std::string help = {}, int arg = -1);
    /// Reports at an explicit location; returns the finding (to add related locations).
    lifeline::Diagnostic& report(const lifeline::RuleInfo& rule,
                                 const lifeline::SourceLocation& where, std::string message,
                                 std::string help = {});
    /// Where `d` (or its argument `arg`, when >= 0) is.
    static lifeline::SourceLocation location(const Directive& d, int arg = -1);

private:
    std::optional<Effective> m_global;
    /// Directive indices per block (built on first use; keeps block_context linear in the
    /// block's size, not the file's).
    std::vector<std::vector<size_t>> m_block_lines;
    std::vector<size_t> m_all_lines;  ///< lines of `Match all` blocks
    bool m_indexed = false;
    /// login_options() per intent, computed once.
    std::map<const lifeline::AccessIntent*, ServerOptions> m_login_options;
};

/// One rule. `check` is nullptr for the rules the loader reports (SSHD001-SSHD013, SSHD015).
struct SshdRule {
    lifeline::RuleInfo info;
    void (*check)(RuleContext&);
};

/// Every rule, sorted by ID.
std::span<const SshdRule> all_rules();
/// The RuleInfo of every rule, sorted by ID (for PluginInfo).
std::span<const lifeline::RuleInfo> all_rule_infos();
/// The rule with this ID, or nullptr.
const SshdRule* find_rule(std::string_view id);

}  // namespace lifeline::sshd

#pragma once
/// Internal: the state of one directive being applied (argument cursor, error reporting).

#include <string>
#include <vector>

#include "apply.hpp"
#include "diag.hpp"

namespace lifeline::sshd {

/// A directive on its way into an option set.
struct ApplyCtx {
    ServerOptions& o;
    const Directive& d;
    bool active;
    Pass pass;
    const Environment& env;
    std::vector<Diagnostic>& errors;
    size_t next_arg = 0;
    bool failed = false;

    /// sshd's argv_next: the next argument or nullptr.
    const Arg* next() { return next_arg < d.args.size() ? &d.args[next_arg++] : nullptr; }
    const Arg* peek() const { return next_arg < d.args.size() ? &d.args[next_arg] : nullptr; }
    size_t remaining() const { return d.args.size() - next_arg; }
    void consume() { next_arg = d.args.size(); }
    /// The column to blame: the argument's, or the keyword's when there is none.
    int col(const Arg* a) const { return a ? a->column : d.column; }
    const std::string& kw() const { return d.written; }
    void error(const RuleRef& rule, const Arg* at, std::string message) {
        int end = at ? at->end_column : d.column + int(d.written.size());
        errors.push_back(
            make_diagnostic(rule, d.path(), d.line, col(at), std::move(message), {}, end));
        failed = true;
    }
    void warn(const RuleRef& rule, std::string message) {
        if (pass != Pass::startup) return;
        errors.push_back(make_diagnostic(rule, d.path(), d.line, d.column, std::move(message), {},
                                         d.column + int(d.written.size())));
    }
    /// True when a first-wins option may take this line's value.
    bool takes(bool unset) const { return active && unset; }
};

/// Handlers for list-valued and structured keywords (apply_lists.cpp).
void apply_list_keyword(ApplyCtx& c);
/// Handlers for ListenAddress, Port, Subsystem, MaxStartups and friends (apply_listen.cpp).
void apply_server_keyword(ApplyCtx& c);
/// sshd's derelativise_path (tilde expansion, then relative to "/").
std::optional<std::string> derelativise(ApplyCtx& c, const Arg* a);

}  // namespace lifeline::sshd

#pragma once
/// Shared by the hardening rules (SSHD027, SSHD028, SSHD040-SSHD056, SSHD059-SSHD061: the CIS and
/// DevSec SSH baseline items): the contexts they check, where a value comes from, their policy
/// options, and SSHD062, the finding that replaces theirs when their fix would lock out a declared
/// login.

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rule.hpp"

namespace lifeline::sshd {

/// One context a hardening rule checks: the global section, or what a connection matching a
/// Match block gets (RuleContext::block_context).
struct HardeningContext {
    const ServerOptions& options;
    std::string where;  ///< "" (global) or ` for connections matching "Match …"`
    bool global = true;
};

/// Calls `check` for the global context, then for every valid Match block's context (`Match all`
/// blocks are part of the global context).
void for_each_context(RuleContext& ctx, const std::function<void(const HardeningContext&)>& check);

/// Remembers which places a rule reported, so a line shared by several contexts is reported once.
class ReportedPlaces {
  public:
    /// True the first time `from` is seen in a context. A compiled-in default (nullptr) is
    /// reported only from the global context: a Match block that does not set the keyword
    /// inherits it.
    bool first(const Directive* from, bool global);

  private:
    std::set<const Directive*> m_seen;
    bool m_default = false;
};

/// Where a value is reported: its directive (argument `arg` when >= 0), or line 1 of the main
/// file when it is sshd's compiled-in default.
SourceLocation value_location(RuleContext& ctx, const Directive* from, int arg = -1);

/// The whole-number option `name` of `rule` (`rules.<ID>.options.<name>` in the policy), or
/// `fallback`. A value that is not a whole number >= 1 is reported (the rule's ID, line 1 of the
/// main file) and `fallback` is used.
long long int_option(RuleContext& ctx, const RuleInfo& rule, std::string_view name,
                     long long fallback);

/// The comma-separated list option `name` of `rule`, or the list `fallback`; entries trimmed,
/// empty ones dropped.
std::vector<std::string> list_option(RuleContext& ctx, const RuleInfo& rule, std::string_view name,
                                     std::string_view fallback);

/// The first declared login (`--access`, must_login) that `locked_out(login, the options of its
/// connection)` says the rule's fix would lock out; nullptr when none.
const AccessIntent* conflicting_login(
    RuleContext& ctx,
    const std::function<bool(const AccessIntent&, const ServerOptions&)>& locked_out);

/// Reports SSHD062 instead of `rule`'s finding at `where`: `fix` (e.g. "PasswordAuthentication
/// no") would lock out `login`; `help` says how to keep the login and still apply the fix.
void report_conflict(RuleContext& ctx, const RuleInfo& rule, const SourceLocation& where,
                     const AccessIntent& login, std::string_view fix, std::string help);

/// True when `auth` (publickey, password, keyboard-interactive; empty = any) is enabled in `o`
/// (keyboard-interactive checks a password only through PAM on Linux).
bool method_open(const ServerOptions& o, std::string_view auth);

/// `Match User U Address N` for `login`, to show how to keep a setting for that login only.
std::string match_for(const AccessIntent& login);

/// Reports `rule` when the effective algorithm list `value` of `keyword` (Ciphers, MACs,
/// KexAlgorithms; global keywords) holds an entry of the rule's `weak` option (default
/// `default_weak`); `noun` names the entries ("ciphers").
void check_weak_algorithms(RuleContext& ctx, const RuleInfo& rule, std::string_view keyword,
                           const StrOpt& value, std::string_view noun,
                           std::string_view default_weak);

/// Joins `items` with ", ".
std::string join(const std::vector<std::string>& items);

}  // namespace lifeline::sshd

#pragma once
/// The effective sshd configuration for one connection: sshd's per-connection Match pass over
/// the startup option set, and what `sshd -T -C ...` prints for it.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "connection.hpp"
#include "lifeline/users.hpp"
#include "match_line.hpp"
#include "options.hpp"

namespace lifeline::sshd {

/// The value of one keyword as `sshd -T` prints it: one element per printed item (each Port,
/// each AllowUsers pattern, each AuthorizedKeysFile path, each AuthenticationMethods list...).
struct Setting {
    std::vector<std::string> values;
    const Directive* from = nullptr;        ///< the line that set it; nullptr = compiled-in default
    std::vector<const Directive*> sources;  ///< per value, where known (same size as values)
};

/// How one Match block fared for the connection.
struct BlockMatch {
    int block = -1;
    bool matched = false;
    /// The block sits in a file included from a non-matching block: sshd never matches it.
    bool never_match = false;
    MatchOutcome outcome;
};

/// The Match pass's verdict on every block, in order.
std::vector<BlockMatch> match_blocks(const Config& config, const Connection& conn,
                                     const UserDb& users);

/// The effective option set for a connection.
class Effective {
  public:
    /// The setting of `keyword` (canonical name or alias, any case). Unknown keywords and
    /// keywords `sshd -T` does not print (except DebianBanner) give an empty setting.
    const Setting& get(std::string_view keyword) const;
    /// The lines `sshd -T` prints, in sshd's order.
    const std::vector<std::string>& dump_lines() const { return m_lines; }
    /// The listening sockets (the same for every connection).
    const std::vector<Listener>& listeners() const { return m_listeners; }
    /// The merged option set, field by field.
    const ServerOptions& options() const { return m_options; }
    /// Every block with its verdict.
    const std::vector<BlockMatch>& blocks() const { return m_blocks; }
    /// Indices of the blocks whose lines applied, in order.
    std::vector<int> matching_blocks() const;
    /// Errors of the Match pass that the startup pass does not report (a `Match LocalPort`
    /// without `lport=`, `"any" must appear alone` reached only for this connection, ...).
    const std::vector<Diagnostic>& errors() const { return m_errors; }
    /// True when `sshd -T` with this connection would print the configuration.
    bool ok() const { return m_errors.empty(); }

  private:
    friend Effective evaluate(const Config&, const Connection&, const UserDb&);
    friend Effective evaluate_global(const Config&);
    ServerOptions m_options;
    std::vector<Listener> m_listeners;
    std::vector<BlockMatch> m_blocks;
    std::vector<Diagnostic> m_errors;
    std::vector<std::string> m_lines;
    std::map<std::string, Setting, std::less<>> m_settings;
};

/// Runs sshd's Match pass for `conn` (test mode: absent fields do not match).
Effective evaluate(const Config& config, const Connection& conn, const UserDb& users);

/// The startup option set with defaults, without a Match pass (what sshd applies before it
/// knows the connection). `Match all` blocks are included.
Effective evaluate_global(const Config& config);

/// Builds the `sshd -T` lines and the per-keyword settings of an option set.
void build_dump(const ServerOptions& o, const std::vector<Listener>& listeners,
                std::vector<std::string>& lines,
                std::map<std::string, Setting, std::less<>>& settings);

}  // namespace lifeline::sshd

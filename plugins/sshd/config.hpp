#pragma once
/// The sshd configuration as sshd reads it: the main file with every Include expanded in place
/// (flat, in processing order), the Match blocks, the include records, and every error that
/// stops `sshd -t`.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "keywords.hpp"
#include "lexer.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/host.hpp"
#include "lifeline/source.hpp"
#include "options.hpp"
#include "values.hpp"

namespace lifeline::sshd {

/// An Include line that brought a file in (outermost first in `Directive::include_chain`).
struct IncludeStep {
    const SourceFile* file = nullptr;
    int line = 0;
    int column = 0;
};

/// One argument of a directive. Columns are 1-based physical byte columns; `end_column` is
/// exclusive.
struct Arg {
    std::string text;  ///< after quote removal and escapes
    int column = 0;
    int end_column = 0;
};

/// One keyword line, after Include expansion.
struct Directive {
    const KeywordSpec* keyword = nullptr;  ///< nullptr for an unknown keyword
    std::string written;                   ///< the keyword as written
    const SourceFile* file = nullptr;
    int line = 0;           ///< physical line of the keyword
    int column = 0;         ///< physical column of the keyword
    int sshd_line = 0;      ///< the line number sshd reports (differs after NUL bytes)
    std::vector<Arg> args;  ///< shell-like split of the rest of the line
    std::string raw;        ///< the rest of the line as sshd keeps it (raw-line keywords)
    int raw_column = 0;
    int block = -1;  ///< -1 global, else index into Config::blocks
    std::vector<IncludeStep> include_chain;
    bool broken = false;  ///< rejected while loading (unknown keyword, no argument, quotes)

    /// The documented keyword name, or what was written for unknown keywords.
    std::string_view name() const;
    /// The path shown to users.
    const std::string& path() const;
};

/// One criterion of a Match line.
struct MatchCriterion {
    std::string attribute;  ///< lower-case: user group host address localaddress localport rdomain
    std::string written;    ///< attribute as written
    std::string value;      ///< the pattern list (or port)
    int column = 0;         ///< column of the attribute
    int value_column = 0;
    int port = 0;  ///< LocalPort only
};

/// A Match line and the block it opens. A block ends at the next Match line or at the end of
/// the file it is in (Include restores the includer's block).
struct MatchBlock {
    const SourceFile* file = nullptr;
    int line = 0;
    int column = 0;
    std::string text;  ///< the criteria text after `Match`
    std::vector<MatchCriterion> criteria;
    bool is_all = false;
    bool valid = true;  ///< false when the line is a "Bad Match condition"
    /// The block governing the Include that brought this block's file in; -1 when that Include
    /// was global (or the block is in the main file). Such a block is evaluated normally only
    /// when its parent matches ("never-match" otherwise).
    int parent = -1;
    /// True when, at startup, the block is inside an include made from an inactive block.
    bool never_match = false;
    int directive = -1;  ///< index of the Match line in Config::directives
};

/// One argument of an Include line and what it matched.
struct IncludeRecord {
    const SourceFile* file = nullptr;
    int line = 0;
    int column = 0;
    std::string pattern;                          ///< as written
    std::string resolved_pattern;                 ///< made absolute under /etc/ssh
    std::vector<std::string> matched_host_paths;  ///< bytewise sorted
    int block = -1;
};

/// The loaded configuration.
struct Config {
    Config();
    ~Config();
    Config(Config&&) noexcept;
    Config& operator=(Config&&) noexcept;
    Config(const Config&) = delete;
    Config& operator=(const Config&) = delete;

    std::vector<Directive> directives;
    std::vector<MatchBlock> blocks;
    std::vector<IncludeRecord> includes;
    /// Everything that makes `sshd -t` fail (severity error) plus deprecated/unsupported
    /// keyword warnings (severity warning).
    std::vector<Diagnostic> errors;
    bool main_found = false;
    std::string main_path;              ///< path of the main file as shown to users
    bool has_local_port_match = false;  ///< some evaluated Match line tests LocalPort

    /// The option set after the startup pass (global lines and active `Match all` blocks),
    /// before defaults.
    std::unique_ptr<ServerOptions> startup;
    /// The option set after defaults are filled in (what `sshd -T` starts from).
    std::unique_ptr<ServerOptions> filled;
    /// The sockets sshd would listen on (resolved after the whole file, as sshd does).
    std::vector<Listener> listeners;
    /// TCP service names of the host (for `Port ssh`).
    ServiceLookup services;

    /// True when some error (not warning) was found.
    bool fatal() const;
};

/// Loads `main_host_path` (a path on the host, read through `host`) with its includes and
/// validates it as `sshd -t` would.
Config load_config(Host& host, std::string_view main_host_path = "/etc/ssh/sshd_config");

/// Loads an explicit file (a real path, as given on the command line; `sshd -f FILE`), with
/// Include paths still resolved under the host root.
Config load_config_file(Host& host, const std::string& real_path);

}  // namespace lifeline::sshd

#pragma once
/// Random sshd configurations from a grammar: global lines, Include of generated drop-ins
/// (globs, decoys that must stay unread), Match blocks with random criteria and, for a share of
/// the configurations, exactly one injected error. The same seed always gives the same tree.

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "generated_world.hpp"
#include "keyword_table.hpp"
#include "rng.hpp"

namespace lifeline::differential {

/// Builds generated case `index` (name `gen-NNNN`) from its seed.
Case generate_case(std::uint64_t seed, int index);

/// One file of a generated tree while it is being written.
struct DraftFile {
    std::string path;  ///< relative to the tree root, e.g. etc/ssh/sshd_config
    std::vector<std::string> lines;
    bool crlf = false;
    bool live = false;  ///< sshd reads it (matched by an Include or the main file)
    /// Holds lines whose validity depends on their context or on earlier lines
    /// (AuthenticationMethods, Subsystem, method flags, *Command): never included a second time.
    bool context_bound = false;
};

/// Where a line is being written: decides which keywords are allowed.
enum class Scope {
    global,      ///< global section, or after `Match all` at top level
    match,       ///< after another Match line: G-only keywords are fatal
    match_file,  ///< a file included from inside a Match block: G-only always fatal
};

/// An Include line already written, which may be written again (sshd re-reads cached files).
struct IncludeRecord {
    std::string args;
    Scope scope = Scope::global;
    std::vector<DraftFile*> files;  ///< every file it pulls in, nested ones too
};

/// The generator state for one configuration.
class ConfigGenerator {
  public:
    ConfigGenerator(Rng& rng, UserWorld world);

    /// Writes the whole valid configuration (see files(): the main file comes first).
    void generate();
    /// Injects exactly one error that sshd always rejects; returns what it was.
    std::string inject_error();
    /// The drafted files.
    const std::vector<std::unique_ptr<DraftFile>>& files() const { return m_files; }

  private:
    void write_main();
    void write_line(DraftFile& f, Scope scope);
    void write_generic(DraftFile& f, Scope scope);
    bool write_special(DraftFile& f, Scope scope);
    bool replay_include(DraftFile& f, Scope scope);
    void write_auth_flag(DraftFile& f, Scope scope);
    void write_command(DraftFile& f, Scope scope, bool keys);
    bool write_subsystem(DraftFile& f, Scope scope);
    void write_auth_methods(DraftFile& f, Scope scope);
    void write_include(DraftFile& f, Scope scope);
    void write_included_file(const std::string& path, Scope scope);
    Scope write_match(DraftFile& f, Scope scope);
    std::string match_line();
    void add(DraftFile& f, Scope scope, const std::string& keyword, const std::string& value,
             bool fold_case = false, bool raw = false);
    DraftFile& new_file(const std::string& path, bool live);
    std::vector<DraftFile*> live_files() const;

    Rng& m_rng;
    UserWorld m_world;
    std::vector<std::unique_ptr<DraftFile>> m_files;
    std::vector<IncludeRecord> m_includes;
    std::vector<const KeywordSpec*> m_used;  ///< generic keywords written so far, to repeat
    int m_depth = 0;
    int m_next_dir = 0;
    // Trackers that keep the valid configurations valid.
    std::string m_family;                ///< planned AddressFamily ("" = never set)
    std::set<std::string> m_enabled;     ///< methods a global AuthenticationMethods may use
    bool m_global_methods = false;       ///< this config sets AuthenticationMethods globally
    bool m_methods_seen = false;         ///< an AuthenticationMethods line was written
    std::set<std::string> m_subsystems;  ///< Subsystem names already defined
};

}  // namespace lifeline::differential

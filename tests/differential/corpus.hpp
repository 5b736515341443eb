#pragma once
/// The differential corpus: host trees (hand-written or generated) and the connections to test.

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "expectations.hpp"

namespace lifeline::differential {

/// One configuration: a host tree plus the `-C` specs to run against it.
struct Case {
    std::string name;
    bool generated = false;
    std::uint64_t seed = 0;      ///< generated cases: the seed that rebuilds the tree
    bool intended_valid = true;  ///< generated cases: false when one controlled error was injected
    std::string invalid_reason;  ///< generated cases: what was injected
    std::filesystem::path source_dir;  ///< hand-written cases: the directory under cases/
    /// Generated cases: files of the tree, path relative to the tree root -> content.
    std::vector<std::pair<std::string, std::string>> files;
    /// Connection specs; "" stands for the plain run without -C (always the first one).
    std::vector<std::string> specs;
    std::vector<Expectation> expectations;  ///< hand-written cases: what the real sshd must do
    bool host_keys = true;                  ///< false when the case carries a `no-host-keys` marker
};

/// Reads every case directory under `cases_dir` (sorted by name); throws std::runtime_error with
/// `path:line: message` on a malformed `connections` or `expect` file.
std::vector<Case> load_hand_cases(const std::filesystem::path& cases_dir);

/// Reads one `connections` file: one spec per line, `#` comments and blank lines skipped.
std::vector<std::string> parse_connections(const std::string& text);

/// Writes the tree of `c` under `root` (which must not exist yet): the case files, the host keys
/// from `host_key_dir` (unless the case opts out) and the default etc/passwd + etc/group when the
/// case has none, so that both sshd and lifeline see the same user database.
void materialize(const Case& c, const std::filesystem::path& root,
                 const std::filesystem::path& host_key_dir);

/// The default user database written into trees that bring none (sshd needs its privsep user).
extern const char* const k_default_passwd;
extern const char* const k_default_group;

}  // namespace lifeline::differential

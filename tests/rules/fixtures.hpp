#pragma once
/// Rule fixtures: host trees with the expected findings written inline as comments.
///
/// A fixture is `tests/fixtures/<plugin>/<ID>-<slug>/{bad,good}/`, a directory standing for a
/// host's `/`. Under an offending line, an expectation line reads
/// `#> SSHD001 @5 error: message` (rule, column, severity, exact message); it refers to the
/// nearest line above it that is not itself an expectation.

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace lifeline::test {

/// One finding, expected or actual, with its path relative to the fixture root.
struct Finding {
    std::string rule;
    std::string path;
    int line = 0;
    int column = 0;
    std::string severity;
    std::string message;
    bool operator<(const Finding& o) const;
    bool operator==(const Finding& o) const;
};
std::string to_string(const Finding& f);

/// One fixture variant directory.
struct FixtureCase {
    std::string plugin;
    std::string rule_id;
    std::string slug;
    std::string variant;  ///< "bad" or "good"
    std::filesystem::path root;
};

/// Shown by GoogleTest instead of the raw bytes of a parameter.
inline void PrintTo(const FixtureCase& c, std::ostream* os) { *os << c.root.string(); }

/// Every fixture variant under `fixtures_dir`, sorted.
std::vector<FixtureCase> find_fixtures(const std::filesystem::path& fixtures_dir);
/// The expectations written in the files under `root`, sorted.
std::vector<Finding> read_expectations(const std::filesystem::path& root);
/// Parses `lifeline lint --format json` output; paths made relative to `root`.
std::vector<Finding> parse_lint_json(const std::string& json, const std::filesystem::path& root);

}  // namespace lifeline::test

#pragma once
/// Diagnostics: what a rule reports, where, and how bad it is.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline {

/// How bad a finding is. Ordered: a higher value is more severe.
enum class Severity { info = 0, warning = 1, error = 2 };

/// "info", "warning" or "error".
std::string_view severity_name(Severity s);
/// Parses a severity name; nullopt when unknown.
std::optional<Severity> parse_severity(std::string_view name);

/// A position in a source file. Lines and columns are 1-based; column counts bytes.
struct SourceLocation {
    std::string path;  ///< the path as shown to users (the file as read on disk)
    int line = 0;      ///< 0 when the finding concerns the whole file
    int column = 0;
    int end_line = 0;  ///< end of the range (inclusive line, exclusive column); 0 = same as start
    int end_column = 0;
};

/// A secondary location that explains a finding ("the earlier value is here").
struct RelatedLocation {
    SourceLocation location;
    std::string message;
};

/// One finding. `rule_id` is permanent (SSHD001); `slug` names the risk.
struct Diagnostic {
    std::string rule_id;
    std::string slug;
    Severity severity = Severity::error;
    SourceLocation location;
    std::string message;
    std::string help;
    std::vector<RelatedLocation> related;
    /// The finding says a declared login (`--access`, a policy's must_login) loses access: an
    /// inline `# lifeline: ignore[…]` comment cannot hide it.
    bool declared_login = false;
};

/// Collects diagnostics in the order they are reported.
class DiagnosticSink {
public:
    void report(Diagnostic d) { m_items.push_back(std::move(d)); }
    const std::vector<Diagnostic>& items() const { return m_items; }
    std::vector<Diagnostic>& items() { return m_items; }
    bool has_at_least(Severity s) const;

private:
    std::vector<Diagnostic> m_items;
};

/// Gives every location a line and column: a finding about a whole file (line 0: a setting missing
/// from it, a rule generated from it) is shown at 1:1, where editors, SARIF readers and
/// `file:line:col` parsers expect a position. Then sorts by path, line, column and rule ID, so the
/// output is stable whatever the plugin order.
void sort_diagnostics(std::vector<Diagnostic>& items);

}  // namespace lifeline

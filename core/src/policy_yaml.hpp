#pragma once
/// yaml-cpp glue for the policy parser: node positions as SourceLocations, key checks with
/// did-you-mean, and typed reads that report POL diagnostics instead of throwing.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "policy_internal.hpp"

namespace lifeline::policy_detail {

/// A key node and its value node.
using KeyValue = std::pair<YAML::Node, YAML::Node>;

/// Reading context of one file: its path and where its diagnostics go.
class YamlReader {
  public:
    /// `text` is the file's text (for end columns); it must outlive the reader.
    YamlReader(std::string path, std::string_view text, DiagnosticSink& out)
        : m_path(std::move(path)), m_text(text), m_out(out) {}

    const std::string& path() const { return m_path; }
    /// Where `node` starts; single-line scalars also get their end column.
    SourceLocation at(const YAML::Node& node) const;
    /// Where a value is: the value itself, or its key when the value is empty (yaml-cpp puts an
    /// empty value's mark on the next token).
    SourceLocation at(const KeyValue& kv) const;
    void report(Pol kind, SourceLocation at, std::string message, std::string help = {});

    /// The entries of a mapping whose keys are in `allowed`; unknown keys (with did-you-mean),
    /// duplicates and non-name keys are reported and skipped. `where` names the mapping in help
    /// texts ("a must_login entry").
    std::vector<KeyValue> entries(const YAML::Node& map, std::span<const std::string_view> allowed,
                                  std::string_view where);
    /// Every entry of a mapping with free-form keys (rule IDs, option names); duplicates and
    /// non-name keys reported and skipped.
    std::vector<KeyValue> any_entries(const YAML::Node& map);

    /// A scalar value; reports wrong-type (naming `what`) for lists, mappings and null.
    std::optional<PolicyValue> scalar(const KeyValue& kv, std::string_view what);
    /// A scalar or a list of scalars (null = none); reports wrong-type for anything else.
    std::optional<std::vector<PolicyValue>> names(const KeyValue& kv, std::string_view what);
    /// A mapping (null = empty); reports wrong-type otherwise.
    bool mapping(const KeyValue& kv, std::string_view what);

  private:
    std::string m_path;
    std::string_view m_text;
    DiagnosticSink& m_out;
};

/// Reads a `must_login` (`must_not` false) or `must_not_login` list into `layer.intents`.
void parse_intents(YamlReader& reader, const KeyValue& kv, bool must_not, Layer& layer);

/// "a list", "a mapping", "a scalar" or "nothing" for messages.
std::string_view kind_name(const YAML::Node& node);

}  // namespace lifeline::policy_detail

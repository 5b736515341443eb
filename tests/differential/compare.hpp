#pragma once
/// The differential verdict for one run: same exit class (zero / non-zero) and, when both
/// succeed, the same SET of output lines (order is free).

#include <map>
#include <string>
#include <vector>

#include "expectations.hpp"

namespace lifeline::differential {

/// Lines one side printed and the other did not (each sorted, without duplicates).
struct LineDiff {
    std::vector<std::string> missing;  ///< printed by sshd, not by the subject
    std::vector<std::string> extra;    ///< printed by the subject, not by sshd
    bool empty() const { return missing.empty() && extra.empty(); }
};

/// Set difference of the non-empty lines of two outputs.
LineDiff diff_lines(const std::string& sshd_out, const std::string& subject_out);

/// How one run compared.
enum class Verdict { agree, exit_mismatch, output_mismatch, no_result };

/// The comparison of one run.
struct Comparison {
    Verdict verdict = Verdict::agree;
    LineDiff diff;
};

/// Compares the subject's run with sshd's run of the same tree and spec.
Comparison compare_runs(const RunResult& sshd, const RunResult& subject);

/// The first line of sshd's stderr without its `FILE line N:` prefix: a behaviour label.
std::string error_label(const std::string& err);

/// Counts mismatches by behaviour, for the end-of-run summary.
class MismatchSummary {
  public:
    /// Records one mismatching comparison.
    void add(const RunResult& sshd, const RunResult& subject, const Comparison& c);
    /// "count  label" lines, most frequent first.
    std::string render(std::size_t max_rows = 60) const;

  private:
    std::map<std::string, int> m_counts;
};

}  // namespace lifeline::differential

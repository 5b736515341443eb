#pragma once
/// Human-readable reports: one block per mismatch, with everything needed to reproduce it.

#include <string>

#include "compare.hpp"
#include "suite_run.hpp"

namespace lifeline::differential {

/// A block describing the mismatch of job `job` (case, seed, spec, exits, missing/extra lines).
std::string describe_mismatch(const SuiteRun& run, std::size_t job, const Comparison& c);

/// The command line that reruns only case `c` and keeps its tree.
std::string reproduce_hint(const SuiteRun& run, const Case& c);

/// The first `max_lines` lines of `text`, indented.
std::string excerpt(const std::string& text, std::size_t max_lines, const std::string& indent);

}  // namespace lifeline::differential

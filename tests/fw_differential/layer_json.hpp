#pragma once
/// Reads one layer's answer out of `lifeline access --format json` output.

#include <iosfwd>
#include <string>

namespace fwdiff {

/// Prints the layer named `layer` of the access report in `json_text` as lines:
/// `verdict V`, `reason R`, `trace FILE:LINE: TEXT | NOTE` (one per step), then `error …` for
/// each entry of the report's `errors`. A report without that layer prints `verdict absent`.
/// Returns 0, or 2 (message on `err`) when the text is not an access report.
int print_layer(const std::string& json_text, const std::string& layer, std::ostream& out,
                std::ostream& err);

}  // namespace fwdiff

#pragma once
/// Spelling variations that must not change what sshd understands: keyword case, `=` separators,
/// quoting (whole or mid-token), value case where sshd folds it, indentation, trailing comments.

#include <string>

#include "rng.hpp"

namespace lifeline::differential {

/// What may be varied on one line.
struct LineStyle {
    bool fold_case = false;  ///< the value is case-insensitive
    bool raw = false;        ///< raw-line keyword: the value is left exactly as given
    bool indent = false;     ///< the line sits in a Match block (indentation is customary)
    bool comment = true;     ///< a trailing `# comment` may be added
};

/// Builds `KEYWORD SEP VALUE` with random, meaning-preserving spelling variations.
std::string style_line(Rng& rng, const std::string& keyword, const std::string& value,
                       const LineStyle& style);

/// Splits a sample value into its space-separated tokens, keeping quoted groups whole.
std::vector<std::string> split_sample(const std::string& value);

}  // namespace lifeline::differential

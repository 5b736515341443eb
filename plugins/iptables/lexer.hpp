#pragma once
/// Splitting a restore line into arguments the way iptables-restore 1.8.9 does.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "document.hpp"

namespace lifeline::iptables {

/// The result of splitting one line: tokens, or the column of an unterminated `"`.
struct SplitResult {
    std::vector<Token> tokens;
    std::optional<int> unterminated_quote;  ///< 1-based column of the opening quote
};

/// Splits on blanks; double quotes group (and are removed), `\"` inside quotes is a literal
/// quote. `first_column` is the 1-based column of `text[0]` in the line.
SplitResult split_arguments(std::string_view text, int first_column = 1);
/// The same into `out`, whose token vector is reused (one allocation per file, not per line).
void split_arguments(std::string_view text, int first_column, SplitResult& out);

}  // namespace lifeline::iptables

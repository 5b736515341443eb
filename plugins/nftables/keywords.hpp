#pragma once
/// The nft words that are keywords in every scanner state (scanner.l rules without a start
/// condition). Such a word is never an identifier: `table inet mark` is a syntax error.

#include <string>
#include <string_view>

#include "token.hpp"

namespace lifeline::nft {

/// True when `word` is a keyword whatever the scanner state.
bool is_global_keyword(std::string_view word);

/// How bison names `token` in "syntax error, unexpected …" (`string`, `number`, `newline`,
/// `'}'`, `semicolon`, the keyword itself, `end of file`, …).
std::string token_description(const Token& token);

}  // namespace lifeline::nft

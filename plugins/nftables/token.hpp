#pragma once
/// Tokens of the nft language (nftables 1.0.6 scanner.l) and source positions.

#include <cstdint>
#include <string_view>

namespace lifeline::nft {

/// A position range in one of the parsed files. Columns are 1-based bytes; `end_column` is
/// exclusive. `offset`/`end_offset` are byte offsets into the file text.
struct Loc {
    std::uint32_t file = 0;  ///< index into Document::files
    int line = 0;
    int column = 0;
    int end_line = 0;
    int end_column = 0;
    std::uint32_t offset = 0;
    std::uint32_t end_offset = 0;
};

/// What the scanner returns. nft's STRING covers identifiers, addresses, time strings and
/// class ids alike; the parser decides what a word means from its position.
enum class TokenKind : std::uint8_t {
    string,    ///< a word (keywords included), an address, `1h30m`, `1:2`
    number,    ///< decimal, octal or hex number that fits 64 bits (`strtoull(s, 0, 0)`)
    quoted,    ///< `"…"`; `text` excludes the quotes
    asterisk,  ///< `eth*`, `\*`: a word with a wildcard
    punct,     ///< one of == != <= >= << >> < > , . : ; { } [ ] ( ) ^ & | ! / - * @ $ = +
    newline,
    end,   ///< end of the current file
    junk,  ///< a character no rule matches (nft: JUNK)
};

/// One token; `text` views the file text, which outlives the tokens.
struct Token {
    TokenKind kind = TokenKind::end;
    std::string_view text;
    std::uint64_t number = 0;
    Loc loc;

    bool is(std::string_view word) const {
        return (kind == TokenKind::string || kind == TokenKind::punct) && text == word;
    }
    bool is_separator() const {
        return kind == TokenKind::newline || (kind == TokenKind::punct && text == ";");
    }
};

}  // namespace lifeline::nft

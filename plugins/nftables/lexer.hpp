#pragma once
/// The nft scanner: splits one file's text into tokens the way nftables 1.0.6's flex scanner
/// does (longest match; keywords are ordinary words here, the parser reads them by position).
///
/// Newlines are tokens (they end statements), `\` + newline continues a line, `#` starts a
/// comment, and a line holding only a comment yields no newline token at all (scanner.l's
/// `comment_line`), which matters inside `{ … }` lists where blank lines are errors.

#include <cstdint>
#include <string_view>

#include "token.hpp"

namespace lifeline::nft {

class Lexer {
  public:
    /// `file` is the Document file index stamped into every token's location.
    Lexer(std::string_view text, std::uint32_t file);

    /// The next token; `TokenKind::end` at the end of the text (repeatedly).
    Token next();

  private:
    size_t match_fixed() const;
    size_t match_address() const;
    size_t match_bracketed_ip6() const;
    size_t match_time() const;
    size_t match_number() const;
    size_t match_classid() const;
    size_t match_asterisk() const;
    size_t match_string() const;
    void skip_blanks();
    Token make(TokenKind kind, size_t length);
    void advance(size_t length);

    std::string_view m_text;
    std::uint32_t m_file;
    size_t m_pos = 0;
    int m_line = 1;
    int m_column = 1;
    bool m_at_line_start = true;
};

/// Parses `text` as `strtoull(text, NULL, 0)` does (octal after a leading 0, hex after 0x,
/// stopping at the first invalid digit); false on overflow.
bool parse_c_number(std::string_view text, std::uint64_t& out);

}  // namespace lifeline::nft

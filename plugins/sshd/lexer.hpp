#pragma once
/// sshd_config lexing, as OpenSSH 9.2 does it: line splitting, the keyword splitter (also used
/// for Match lines) and the shell-like argument splitter.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::sshd {

/// A physical position in a file (1-based line and byte column).
struct Position {
    int line = 0;
    int column = 0;
};

/// Where a byte of sshd's load buffer came from.
struct Segment {
    int offset;  ///< first buffer byte of this piece
    int line;    ///< physical line
    int column;  ///< physical column of that byte
};

/// One line as sshd numbers it. sshd strips leading blanks of each physical line when loading
/// and drops everything after a NUL byte (including the newline, so the next physical line is
/// glued on); `at()` maps byte offsets of `text` back to physical positions.
struct LogicalLine {
    std::string_view text;  ///< points into the LineTable's buffer
    int number = 0;         ///< sshd's line number (1-based)
    int base = 0;           ///< offset of `text` in the buffer
    const std::vector<Segment>* segments = nullptr;

    /// Physical position of byte `offset` of `text` (offsets past the end map past the end).
    Position at(int offset) const;
};

/// A file split into sshd's logical lines. Not copyable: the lines point into `buffer`.
struct LineTable {
    LineTable() = default;
    LineTable(const LineTable&) = delete;
    LineTable& operator=(const LineTable&) = delete;

    std::string buffer;
    std::vector<Segment> segments;
    std::vector<LogicalLine> lines;
};

/// Splits a file's text into sshd's logical lines.
std::unique_ptr<LineTable> split_lines(std::string_view text);

/// A token with its byte range in the (logical) line: `column` is the 0-based offset of its
/// first byte, `end` one past its last byte (quotes included).
struct Token {
    std::string text;
    int column = 0;
    int end_column = 0;
};

/// sshd's `strdelim`: the next token of `line` starting at `pos`, split on blanks or one `=`,
/// with `"` quoting. Returns nullopt for an unterminated quote or when `pos` is past the end
/// (`*pos` = npos means "no more input", as sshd's NULL). Advances `pos` past the delimiter.
std::optional<Token> strdelim(std::string_view line, size_t& pos);

/// Result of the shell-like argument splitter (sshd's `argv_split(..., 1)`).
struct ArgSplit {
    bool ok = true;        ///< false on an unterminated quote
    int error_column = 0;  ///< where the unterminated quote opens
    std::vector<Token> args;
};

/// Splits `text` (starting at byte `offset` of its line, for columns) into arguments: blanks
/// separate, `'`/`"` quote, `\\` escapes `\\`, `'`, `"` and (unquoted) space, a token starting
/// with `#` ends the line.
ArgSplit split_args(std::string_view text, int offset);

/// The trailing-blank strip sshd applies to every line (space, tab, CR, LF, FF; never byte 0).
std::string_view strip_trailing(std::string_view line);

}  // namespace lifeline::sshd

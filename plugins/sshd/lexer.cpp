#include "lexer.hpp"

#include <algorithm>
#include <cstring>

namespace lifeline::sshd {
namespace {

constexpr std::string_view k_whitespace = " \t\r\n";

bool is_ws(char c) {
    return k_whitespace.find(c) != std::string_view::npos;
}

size_t skip_ws(std::string_view s, size_t i) {
    while (i < s.size() && is_ws(s[i])) ++i;
    return i;
}

}  // namespace

Position LogicalLine::at(int offset) const {
    if (!segments || segments->empty()) return {number, offset + 1};
    int global = base + offset;
    // The last segment starting at or before `global`.
    auto it = std::upper_bound(segments->begin(), segments->end(), global,
                               [](int off, const Segment& s) { return off < s.offset; });
    if (it != segments->begin()) --it;
    return {it->line, it->column + (global - it->offset)};
}

std::unique_ptr<LineTable> split_lines(std::string_view text) {
    auto table = std::make_unique<LineTable>();
    std::string& buffer = table->buffer;
    buffer.reserve(text.size());
    // Build sshd's load buffer: every physical line without its leading blanks, cut at a NUL.
    int physical = 0;
    size_t i = 0;
    while (i < text.size()) {
        ++physical;
        size_t nl = text.find('\n', i);
        size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        size_t start = i;
        while (start < end && (text[start] == ' ' || text[start] == '\t' || text[start] == '\r'))
            ++start;
        std::string_view piece = text.substr(start, end - start);
        size_t nul = piece.find('\0');
        if (nul != std::string_view::npos) piece = piece.substr(0, nul);
        if (!piece.empty()) {
            table->segments.push_back({int(buffer.size()), physical, int(start - i) + 1});
            buffer.append(piece);
        }
        i = end;
    }
    // Split the buffer on newlines, as sshd's strsep loop does (a final empty piece included).
    size_t pos = 0;
    int number = 0;
    while (true) {
        size_t nl = buffer.find('\n', pos);
        size_t end = nl == std::string::npos ? buffer.size() : nl;
        LogicalLine line;
        line.number = ++number;
        line.text = std::string_view(buffer).substr(pos, end - pos);
        line.base = int(pos);
        line.segments = &table->segments;
        table->lines.push_back(line);
        if (nl == std::string::npos) break;
        pos = nl + 1;
    }
    return table;
}

std::string_view strip_trailing(std::string_view line) {
    size_t len = line.size();
    while (len > 1 && std::strchr(" \t\r\n\f", line[len - 1]) != nullptr && line[len - 1] != '\0')
        --len;
    return line.substr(0, len);
}

std::optional<Token> strdelim(std::string_view line, size_t& pos) {
    if (pos == std::string_view::npos || pos > line.size()) return std::nullopt;
    size_t old = pos;
    size_t q = line.find_first_of(" \t\r\n\"=", old);
    if (q == std::string_view::npos) {
        pos = std::string_view::npos;
        return Token{std::string(line.substr(old)), int(old), int(line.size())};
    }
    if (line[q] == '"') {
        size_t r = line.find('"', q + 1);
        if (r == std::string_view::npos) {
            pos = std::string_view::npos;
            return std::nullopt;
        }
        Token t{std::string(line.substr(old, q - old)), int(old), int(r + 1)};
        t.text.append(line.substr(q + 1, r - q - 1));
        pos = skip_ws(line, r + 1);
        return t;
    }
    bool was_equals = line[q] == '=';
    Token t{std::string(line.substr(old, q - old)), int(old), int(q)};
    size_t s = skip_ws(line, q + 1);
    if (s < line.size() && line[s] == '=' && !was_equals) s = skip_ws(line, s + 1);
    pos = s;
    return t;
}

ArgSplit split_args(std::string_view s, int offset) {
    ArgSplit out;
    size_t i = 0;
    while (i < s.size()) {
        if (s[i] == ' ' || s[i] == '\t') {
            ++i;
            continue;
        }
        if (s[i] == '#') break;
        Token tok;
        tok.column = offset + int(i);
        char quote = 0;
        int quote_at = 0;
        for (; i < s.size(); ++i) {
            char c = s[i];
            if (c == '\\') {
                char n = i + 1 < s.size() ? s[i + 1] : '\0';
                if (n == '\'' || n == '"' || n == '\\' || (quote == 0 && n == ' ')) ++i;
                tok.text += s[i];
            } else if (quote == 0 && (c == ' ' || c == '\t')) {
                break;
            } else if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
                quote_at = offset + int(i);
            } else if (quote != 0 && c == quote) {
                quote = 0;
            } else {
                tok.text += c;
            }
        }
        tok.end_column = offset + int(i);
        if (quote != 0) {
            out.ok = false;
            out.error_column = quote_at;
            return out;
        }
        out.args.push_back(std::move(tok));
    }
    return out;
}

}  // namespace lifeline::sshd

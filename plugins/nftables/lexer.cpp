// The nft scanner. Each candidate rule of scanner.l is a small matcher returning the length it
// would match at the current position; like flex, the longest match wins and ties go to the
// rule listed first (fixed strings, addresses, bracketed IPv6, time strings, numbers, class
// ids, asterisk strings, plain strings).
#include "lexer.hpp"

#include <array>
#include <cctype>

namespace lifeline::nft {
namespace {

bool is_hex(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_string_char(char c) {
    return is_letter(c) || is_digit(c) || c == '/' || c == '-' || c == '_' || c == '.';
}

/// Length of `([0-9]{1,3}\.){3}[0-9]{1,3}` at the start of `s`, or 0.
size_t ip4_length(std::string_view s) {
    size_t p = 0;
    for (int group = 0; group < 4; ++group) {
        size_t digits = 0;
        while (p < s.size() && is_digit(s[p]) && digits < 3) ++p, ++digits;
        if (digits == 0) return 0;
        if (group < 3) {
            if (p >= s.size() || s[p] != '.') return 0;
            ++p;
        }
    }
    return p;
}

/// Length of `([[:xdigit:]]{1,2}:){5}[[:xdigit:]]{1,2}`, or 0.
size_t mac_length(std::string_view s) {
    size_t p = 0;
    for (int group = 0; group < 6; ++group) {
        size_t digits = 0;
        while (p < s.size() && is_hex(s[p]) && digits < 2) ++p, ++digits;
        if (digits == 0) return 0;
        if (group < 5) {
            if (p >= s.size() || s[p] != ':') return 0;
            ++p;
        }
    }
    return p;
}

/// Counts `hex4(:hex4)*` groups in `s`; -1 when `s` is not such a list (empty = 0 groups).
int hex_groups(std::string_view s) {
    if (s.empty()) return 0;
    int groups = 0;
    size_t p = 0;
    while (true) {
        size_t digits = 0;
        while (p < s.size() && is_hex(s[p])) ++p, ++digits;
        if (digits == 0 || digits > 4) return -1;
        ++groups;
        if (p == s.size()) return groups;
        if (s[p] != ':') return -1;
        ++p;
    }
}

/// Whether the whole of `s` is one of scanner.l's ip6addr forms: eight groups, a `::`
/// compressed form with at most seven groups, `::a.b.c.d` or `::ffff:a.b.c.d`.
bool is_ip6(std::string_view s) {
    if (s.find('.') != std::string_view::npos) {
        if (s.substr(0, 2) != "::") return false;
        std::string_view rest = s.substr(2);
        if (rest.size() > 5 && rest[4] == ':') {
            bool ffff = true;
            for (int i = 0; i < 4; ++i) ffff = ffff && (rest[i] == 'f' || rest[i] == 'F');
            if (ffff) rest = rest.substr(5);
        }
        return ip4_length(rest) == rest.size();
    }
    size_t dbl = s.find("::");
    if (dbl == std::string_view::npos) return hex_groups(s) == 8;
    if (s.find("::", dbl + 1) != std::string_view::npos) return false;
    int left = hex_groups(s.substr(0, dbl));
    int right = hex_groups(s.substr(dbl + 2));
    return left >= 0 && right >= 0 && left + right <= 7;
}

size_t ip6_length(std::string_view s) {
    size_t run = 0;
    while (run < s.size() && (is_hex(s[run]) || s[run] == ':' || s[run] == '.')) ++run;
    for (size_t len = run; len >= 2; --len)
        if (is_ip6(s.substr(0, len))) return len;
    return 0;
}

/// Longest match of `([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?([0-9]+ms)?` from group `g`.
size_t time_length(std::string_view s, size_t p, int g) {
    static constexpr std::array<std::string_view, 5> k_units = {"d", "h", "m", "s", "ms"};
    size_t best = p;
    for (int i = g; i < 5; ++i) {
        size_t q = p;
        while (q < s.size() && is_digit(s[q])) ++q;
        if (q == p || s.substr(q, k_units[i].size()) != k_units[i]) continue;
        size_t end = time_length(s, q + k_units[i].size(), i + 1);
        if (end > best) best = end;
    }
    return best;
}

}  // namespace

bool parse_c_number(std::string_view text, std::uint64_t& out) {
    unsigned base = 10;
    size_t p = 0;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
        is_hex(text[2])) {
        base = 16;
        p = 2;
    } else if (text.size() > 1 && text[0] == '0') {
        base = 8;
    }
    std::uint64_t value = 0;
    for (; p < text.size(); ++p) {
        char c = text[p];
        unsigned digit = is_digit(c)              ? unsigned(c - '0')
                         : (c >= 'a' && c <= 'f') ? unsigned(c - 'a' + 10)
                         : (c >= 'A' && c <= 'F') ? unsigned(c - 'A' + 10)
                                                  : 99;
        if (digit >= base) break;
        if (value > (UINT64_MAX - digit) / base) return false;
        value = value * base + digit;
    }
    out = value;
    return true;
}

Lexer::Lexer(std::string_view text, std::uint32_t file) : m_text(text), m_file(file) {}

void Lexer::advance(size_t length) {
    for (size_t i = 0; i < length && m_pos < m_text.size(); ++i, ++m_pos) {
        if (m_text[m_pos] == '\n') {
            ++m_line;
            m_column = 1;
        } else {
            ++m_column;
        }
    }
}

void Lexer::skip_blanks() {
    while (m_pos < m_text.size()) {
        char c = m_text[m_pos];
        if (c == ' ' || c == '\t') {
            advance(1);
        } else if (c == '\\' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '\n') {
            advance(2);
            m_at_line_start = true;
        } else if (c == '#') {
            size_t eol = m_text.find('\n', m_pos);
            if (eol == std::string_view::npos) {
                advance(m_text.size() - m_pos);
            } else if (m_at_line_start) {
                advance(eol + 1 - m_pos);  // a comment line: no newline token
            } else {
                advance(eol - m_pos);
            }
        } else {
            return;
        }
    }
}

Token Lexer::make(TokenKind kind, size_t length) {
    Token t;
    t.kind = kind;
    t.text = m_text.substr(m_pos, length);
    t.loc.file = m_file;
    t.loc.line = m_line;
    t.loc.column = m_column;
    t.loc.offset = static_cast<std::uint32_t>(m_pos);
    advance(length);
    t.loc.end_line = m_line;
    t.loc.end_column = m_column;
    t.loc.end_offset = static_cast<std::uint32_t>(m_pos);
    m_at_line_start = kind == TokenKind::newline;
    return t;
}

size_t Lexer::match_fixed() const {
    std::string_view s = m_text.substr(m_pos);
    static constexpr std::string_view k_two[] = {"==", "!=", "<=", ">=", "<<", ">>"};
    for (auto op : k_two)
        if (s.substr(0, 2) == op) return 2;
    static constexpr std::string_view k_one = "<>,.:;{}[]()^&|!/-*@$=+";
    return k_one.find(s[0]) != std::string_view::npos ? 1 : 0;
}

size_t Lexer::match_address() const {
    std::string_view s = m_text.substr(m_pos);
    size_t best = ip4_length(s);
    size_t mac = mac_length(s);
    if (mac > best) best = mac;
    size_t ip6 = ip6_length(s);
    return ip6 > best ? ip6 : best;
}

size_t Lexer::match_bracketed_ip6() const {
    std::string_view s = m_text.substr(m_pos);
    if (s.empty() || s[0] != '[') return 0;
    size_t close = s.find(']');
    if (close == std::string_view::npos || close < 3) return 0;
    return is_ip6(s.substr(1, close - 1)) ? close + 1 : 0;
}

size_t Lexer::match_time() const {
    return time_length(m_text, m_pos, 0) - m_pos;
}

size_t Lexer::match_number() const {
    std::string_view s = m_text.substr(m_pos);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && is_hex(s[2])) {
        size_t p = 2;
        while (p < s.size() && is_hex(s[p])) ++p;
        return p;
    }
    size_t p = 0;
    while (p < s.size() && is_digit(s[p])) ++p;
    return p;
}

size_t Lexer::match_classid() const {
    // {hexdigit}{1,4}:{hexdigit}{1,4} followed by one of [ \t\n:\-},]; flex counts the
    // trailing context in the match length, so the caller compares length + 1.
    std::string_view s = m_text.substr(m_pos);
    size_t p = 0;
    while (p < s.size() && is_hex(s[p])) ++p;
    if (p == 0 || p > 4 || p >= s.size() || s[p] != ':') return 0;
    size_t q = p + 1;
    while (q < s.size() && is_hex(s[q]) && q - p - 1 < 4) ++q;
    if (q == p + 1 || q >= s.size()) return 0;
    static constexpr std::string_view k_trailing = " \t\n:-},";
    return k_trailing.find(s[q]) != std::string_view::npos ? q : 0;
}

size_t Lexer::match_string() const {
    std::string_view s = m_text.substr(m_pos);
    if (!(is_letter(s[0]) || s[0] == '_' || s[0] == '.')) return 0;
    size_t p = 1;
    while (p < s.size() && is_string_char(s[p])) ++p;
    return p;
}

size_t Lexer::match_asterisk() const {
    std::string_view s = m_text.substr(m_pos);
    if (s.substr(0, 2) == "\\*") return 2;
    size_t str = match_string();
    if (str == 0) return 0;
    if (str < s.size() && s[str] == '*') return str + 1;
    if (s.substr(str, 2) != "\\*") return 0;
    size_t p = str + 2;
    if (p < s.size() && (is_letter(s[p]) || s[p] == '_' || s[p] == '.')) {
        ++p;
        while (p < s.size() && is_string_char(s[p])) ++p;
    }
    return p;
}

Token Lexer::next() {
    skip_blanks();
    if (m_pos >= m_text.size()) return make(TokenKind::end, 0);
    char c = m_text[m_pos];
    if (c == '\n') return make(TokenKind::newline, 1);
    if (c == '"') {
        size_t close = m_text.find('"', m_pos + 1);
        if (close == std::string_view::npos) return make(TokenKind::junk, 1);
        Token t = make(TokenKind::quoted, close + 1 - m_pos);
        t.text = t.text.substr(1, t.text.size() - 2);
        return t;
    }
    // Candidates in scanner.l order; a longer match wins, a tie goes to the earlier rule.
    struct Candidate {
        size_t length;
        size_t rank;  // the length compared (class ids count their trailing context)
        TokenKind kind;
    };
    size_t classid = match_classid();
    const Candidate candidates[] = {
        {match_fixed(), 0, TokenKind::punct},
        {match_address(), 0, TokenKind::string},
        {match_bracketed_ip6(), 0, TokenKind::string},
        {match_time(), 0, TokenKind::string},
        {match_number(), 0, TokenKind::number},
        {classid, classid ? classid + 1 : 0, TokenKind::string},
        {match_asterisk(), 0, TokenKind::asterisk},
        {match_string(), 0, TokenKind::string},
    };
    const Candidate* best = nullptr;
    for (const Candidate& cand : candidates) {
        size_t rank = cand.rank ? cand.rank : cand.length;
        size_t best_rank = best ? (best->rank ? best->rank : best->length) : 0;
        if (rank > best_rank) best = &cand;
    }
    if (!best) return make(TokenKind::junk, 1);
    if (best == &candidates[2]) {  // [ip6]: the text is the address without brackets
        Token t = make(TokenKind::string, best->length);
        t.text = t.text.substr(1, t.text.size() - 2);
        return t;
    }
    Token t = make(best->kind, best->length);
    if (t.kind == TokenKind::number && !parse_c_number(t.text, t.number))
        t.kind = TokenKind::string;  // strtoull overflow: nft returns it as a STRING
    return t;
}

}  // namespace lifeline::nft

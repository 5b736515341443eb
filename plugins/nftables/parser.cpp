// The parser's token stream, its errors and bison-like recovery, and the entry points.
#include <algorithm>

#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft {
namespace detail {

DepthGuard::DepthGuard(Parser& parser, int& depth, const Loc& at) : m_depth(depth) {
    if (++m_depth > k_max_value_depth) {
        --m_depth;
        parser.fail(at, "syntax error, expressions nested too deeply");
    }
}

Parser::Parser(SourceReader* reader, const ParseOptions& options)
    : m_reader(reader), m_options(options) {}

Document Parser::run(std::string_view text, const std::string& host_path,
                     const std::string& display_path) {
    m_doc.files.push_back({host_path, display_path, text});
    m_inputs.push_back({Lexer(text, 0), 1});
    m_scopes.emplace_back();
    try {
        while (peek().kind != TokenKind::end) parse_line();
    } catch (const ParseAbort&) {
    }
    return std::move(m_doc);
}

// --- tokens

Token Parser::fetch() {
    while (true) {
        Token t = m_inputs.back().lexer.next();
        if (t.kind == TokenKind::end && m_inputs.size() > 1) {
            m_inputs.pop_back();
            continue;
        }
        return t;
    }
}

const Token& Parser::peek(size_t k) {
    while (m_ahead.size() <= k) m_ahead.push_back(fetch());
    return m_ahead[k];
}

Token Parser::take() {
    peek();
    m_last = m_ahead.front();
    m_ahead.pop_front();
    return m_last;
}

bool Parser::peek_word(std::string_view word, size_t k) {
    const Token& t = peek(k);
    return t.kind == TokenKind::string && t.text == word;
}

bool Parser::accept_word(std::string_view word) {
    if (!peek(0).is(word)) return false;
    take();
    return true;
}

Token Parser::expect_word(std::string_view word) {
    if (!peek(0).is(word)) unexpected(peek(0));
    return take();
}

Token Parser::expect_identifier() {
    const Token& t = peek();
    if (t.kind != TokenKind::string || is_global_keyword(t.text)) unexpected(t, "string");
    return take();
}

bool Parser::at_separator() {
    return peek().is_separator();
}

void Parser::expect_separator(std::string_view expecting) {
    if (!at_separator()) unexpected(peek(), expecting);
    take();
}

void Parser::skip_balanced_until_separator() {
    int depth = 0;
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) return;
        if (depth == 0 && (t.is_separator() || t.is("}"))) return;
        if (t.is("{")) ++depth;
        if (t.is("}")) --depth;
        take();
    }
}

void Parser::unexpected(const Token& t, std::string_view expecting) {
    std::string message = "syntax error, unexpected " + token_description(t);
    if (!expecting.empty()) message += ", expecting " + std::string(expecting);
    fail(t.loc, std::move(message));
}

void Parser::fail(const Loc& loc, std::string message, std::string help) {
    throw ParseError{loc, std::move(message), std::move(help)};
}

void Parser::report(const ParseError& e) {
    Diagnostic d;
    d.rule_id = std::string(k_load_error_id);
    d.slug = std::string(k_load_error_slug);
    d.severity = Severity::error;
    d.location.path = m_doc.files[e.loc.file].display_path;
    d.location.line = e.loc.line;
    d.location.column = e.loc.column;
    d.location.end_line = e.loc.end_line;
    d.location.end_column = e.loc.end_column;
    d.message = e.message;
    d.help = e.help;
    m_doc.errors.push_back(std::move(d));
    if (m_doc.errors.size() >= k_max_parse_errors) throw ParseAbort{};
}

void Parser::recover() {
    // bison's `error stmt_separator`: drop tokens up to the next separator, which ends the
    // broken statement; parsing resumes in the innermost block.
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) return;
        bool separator = t.is_separator();
        take();
        if (separator) return;
    }
}

Loc Parser::span(const Loc& from, const Loc& to) const {
    if (from.file != to.file) return from;
    Loc out = from;
    out.end_line = to.end_line;
    out.end_column = to.end_column;
    out.end_offset = to.end_offset;
    return out;
}

std::string Parser::source_text(const Loc& loc) const {
    return nft::source_text(m_doc, loc);
}

}  // namespace detail

Document parse_string(std::string_view text, const std::string& path, SourceReader* reader,
                      const ParseOptions& options) {
    detail::Parser parser(reader, options);
    return parser.run(text, path, path);
}

Document parse_file(SourceReader& reader, const std::string& host_path,
                    const ParseOptions& options) {
    std::string error;
    auto file = reader.read(host_path, error);
    if (!file) {
        Document doc;
        doc.files.push_back({host_path, host_path, {}});
        Diagnostic d;
        d.rule_id = std::string(k_load_error_id);
        d.slug = std::string(k_load_error_slug);
        d.location.path = host_path;
        d.message = "Could not open file \"" + host_path + "\": " + error;
        doc.errors.push_back(std::move(d));
        return doc;
    }
    detail::Parser parser(&reader, options);
    return parser.run(file->text, host_path, file->display_path);
}

}  // namespace lifeline::nft

#pragma once
/// The parser's internal state, shared by parser*.cpp and parse_*.cpp. Not a public header.

#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "lexer.hpp"
#include "parser.hpp"

namespace lifeline::nft::detail {

/// A syntax or semantic error at a location; unwinds to the innermost block loop.
struct ParseError {
    Loc loc;
    std::string message;
    std::string help;
};

/// Thrown once nft would give up (too many errors, end of file inside a block).
struct ParseAbort {};

class Parser {
  public:
    Parser(SourceReader* reader, const ParseOptions& options);
    Document run(std::string_view text, const std::string& host_path,
                 const std::string& display_path);

    // --- tokens (parser.cpp)
    const Token& peek(size_t k = 0);
    Token take();
    bool peek_word(std::string_view word, size_t k = 0);
    bool accept_word(std::string_view word);
    Token expect_word(std::string_view word);
    Token expect_identifier();
    void expect_separator(std::string_view expecting = "newline or semicolon");
    bool at_separator();
    void skip_balanced_until_separator();
    [[noreturn]] void unexpected(const Token& t, std::string_view expecting = {});
    [[noreturn]] void fail(const Loc& loc, std::string message, std::string help = {});
    void report(const ParseError& e);
    void recover();
    Loc span(const Loc& from, const Loc& to) const;
    Loc last_loc() const { return m_last.loc; }
    std::string source_text(const Loc& loc) const;

    // --- defines and includes (parser.cpp)
    bool parse_common_block();
    const Value* lookup(const std::string& name) const;
    Value expand_variable();
    void open_scope(const Token& at);
    void close_scope();
    size_t scope_depth() const { return m_scopes.size(); }
    void restore_scopes(size_t depth);

    // --- commands (parser.cpp)
    void parse_line();
    void parse_command();
    void parse_table_spec(Command& cmd);
    void parse_add(Command& cmd, bool create);
    void parse_rule_command(Command& cmd);
    void parse_flush(Command& cmd);
    void parse_delete(Command& cmd);

    // --- blocks (parse_blocks.cpp)
    void parse_table_block(TableDecl& table);
    void parse_chain_block(ChainDecl& chain);
    void parse_hook_spec(ChainDecl& chain);
    void parse_policy(ChainDecl& chain);
    void parse_set_block(SetDecl& set);
    void parse_set_type(SetDecl& set);
    void skip_object_block();

    // --- rules (parse_rule.cpp)
    RuleDecl parse_rule();
    Statement parse_statement();
    void parse_verdict(Statement& s);
    void parse_anon_chain(Statement& s);
    void parse_expression_statement(Statement& s);
    void parse_nat(Statement& s);
    void parse_reject(Statement& s);
    void parse_log(Statement& s);
    void parse_limit(Statement& s);
    void parse_quota(Statement& s);
    void parse_set_update(Statement& s);
    void skip_statement_words(std::initializer_list<std::string_view> words);

    // --- expressions and values (parse_expr.cpp, parse_value.cpp)
    bool starts_expression(const Token& t);
    static bool is_protocol_word(const Token& t);
    Expr parse_expr();
    Expr parse_primary_expr();
    Value parse_rhs(bool allow_list);
    Value parse_concat();
    Value parse_basic();
    Value parse_primary_value();
    Value parse_set_expr();
    Value parse_set_element();
    Value parse_vmap_expr();
    Value parse_verdict_value();
    Value parse_initializer();
    Value parse_stmt_value();

  private:
    struct Input {
        Lexer lexer;
        int depth;
    };
    Token fetch();
    void include_files(const Token& keyword, const Token& path);
    bool include_glob(const std::string& pattern, const Token& at, const Loc& loc, bool& any);
    void push_file(const std::string& host_path, const Loc& loc);

    SourceReader* m_reader;
    ParseOptions m_options;
    Document m_doc;
    std::vector<Input> m_inputs;
    std::deque<Token> m_ahead;
    Token m_last;
    int m_value_depth = 0;
    std::vector<std::unordered_map<std::string, Value>> m_scopes;
    int m_scope_overflow = 0;  ///< scopes refused ("too many levels of nesting")
};

/// Raises a ParseError unless `depth` is still under k_max_value_depth (RAII counter).
class DepthGuard {
  public:
    DepthGuard(Parser& parser, int& depth, const Loc& at);
    ~DepthGuard() { --m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

  private:
    int& m_depth;
};

}  // namespace lifeline::nft::detail

// Rules and their statements (parser_bison.y: rule, stmt and the *_stmt rules). A rule is a
// sequence of statements up to the statement separator; what each statement means for the
// packet path is decided later (translate.cpp), here only its shape is checked.
#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

bool is_relational(const Token& t) {
    static constexpr std::string_view k_ops[] = {"==", "!=", "<", ">", "<=", ">=", "!"};
    static constexpr std::string_view k_words[] = {"eq", "ne", "lt", "gt", "le", "ge", "not"};
    if (t.kind == TokenKind::punct) {
        for (auto op : k_ops)
            if (t.text == op) return true;
    }
    if (t.kind == TokenKind::string) {
        for (auto op : k_words)
            if (t.text == op) return true;
    }
    return false;
}

std::string canonical_relational(std::string_view op) {
    if (op == "eq") return "==";
    if (op == "ne") return "!=";
    if (op == "lt") return "<";
    if (op == "gt") return ">";
    if (op == "le") return "<=";
    if (op == "ge") return ">=";
    if (op == "not") return "!";
    return std::string(op);
}

bool ends_rule(const Token& t) {
    return t.is_separator() || t.kind == TokenKind::end || t.is("}") || t.is("comment");
}

}  // namespace

RuleDecl Parser::parse_rule() {
    RuleDecl rule;
    Token first = peek();
    if (ends_rule(first)) unexpected(first);
    while (!ends_rule(peek())) rule.statements.push_back(parse_statement());
    if (accept_word("comment")) {
        const Token& c = peek();
        if (c.kind != TokenKind::quoted && c.kind != TokenKind::string) unexpected(c);
        rule.comment = std::string(take().text);
    }
    rule.loc = span(first.loc, last_loc());
    rule.text = source_text(rule.loc);
    return rule;
}

void Parser::skip_statement_words(std::initializer_list<std::string_view> words) {
    // Consumes the statement keyword, then numbers, quoted strings, unit words and the given
    // argument words, stopping at anything that can start the next statement.
    take();
    while (true) {
        const Token& t = peek();
        bool listed = false;
        for (auto w : words) listed = listed || t.is(w);
        bool plain =
            t.kind == TokenKind::number || t.kind == TokenKind::quoted ||
            (t.kind == TokenKind::string && !is_global_keyword(t.text) && !starts_expression(t)) ||
            t.is(",") || t.is("-") || t.is("/");
        if (!listed && !plain) return;
        take();
    }
}

Statement Parser::parse_statement() {
    Token first = peek();
    Statement s;
    std::string_view w = first.kind == TokenKind::string ? first.text : std::string_view();
    if (w == "accept" || w == "drop" || w == "continue" || w == "return" || w == "jump" ||
        w == "goto") {
        parse_verdict(s);
    } else if (w == "queue") {
        s.kind = Statement::Kind::verdict;
        s.word = "queue";
        skip_statement_words({"num", "bypass", "fanout", "flags", "to"});
    } else if (w == "counter") {
        s.kind = Statement::Kind::counter;
        take();
        if (accept_word("name")) {
            parse_stmt_value();
        } else {
            while (peek_word("packets") || peek_word("bytes")) {
                take();
                if (peek().kind != TokenKind::number) unexpected(peek(), "number");
                take();
            }
        }
    } else if (w == "log") {
        parse_log(s);
    } else if (w == "limit") {
        parse_limit(s);
    } else if (w == "quota") {
        parse_quota(s);
    } else if (w == "ct" && peek_word("count", 1)) {
        s.kind = Statement::Kind::connlimit;
        take();
        take();
        s.over = accept_word("over");
        if (peek().kind != TokenKind::number) unexpected(peek(), "number");
        take();
    } else if (w == "ct" &&
               (peek_word("helper", 1) || peek_word("timeout", 1) || peek_word("expectation", 1)) &&
               peek_word("set", 2)) {
        s.kind = Statement::Kind::effect;
        take(), take(), take();
        parse_stmt_value();
    } else if (w == "notrack") {
        s.kind = Statement::Kind::notrack;
        take();
    } else if (w == "reject") {
        parse_reject(s);
    } else if (w == "snat" || w == "dnat" || w == "masquerade" || w == "redirect") {
        parse_nat(s);
    } else if (w == "tproxy" || w == "dup" || w == "fwd" || w == "synproxy") {
        s.kind = w == "dup"      ? Statement::Kind::effect
                 : w == "tproxy" ? Statement::Kind::unmodelled
                                 : Statement::Kind::decides;
        s.word = std::string(w);
        take();
        while (!ends_rule(peek()) && !peek().is("accept") && !peek().is("drop") &&
               !peek().is("counter") && !peek().is("log"))
            take();
    } else if (w == "xt") {
        fail(first.loc,
             "unsupported xtables compat expression, use iptables-nft with this "
             "ruleset");
    } else if ((w == "add" || w == "update" || w == "delete") && peek(1).is("@")) {
        parse_set_update(s);
    } else if (w == "meter") {
        parse_set_update(s);
    } else if (w == "reset" || w == "flow") {
        s.kind = Statement::Kind::effect;
        s.word = std::string(w);
        take();
        while (!ends_rule(peek()) && !peek().is("accept") && !peek().is("drop")) take();
    } else if (starts_expression(first) || is_protocol_word(first)) {
        parse_expression_statement(s);  // `tcp dprot` fails at the field, as in nft
    } else {
        unexpected(first);
    }
    s.loc = span(first.loc, last_loc());
    return s;
}

void Parser::parse_verdict(Statement& s) {
    if ((peek_word("jump") || peek_word("goto")) && peek(1).is("{")) {
        parse_anon_chain(s);
        return;
    }
    Value v = parse_verdict_value();
    s.kind = Statement::Kind::verdict;
    s.word = v.text;
    s.target = v.target;
    s.target_loc = v.loc;
    if (!v.target.empty()) {
        // the location nft reports for a missing chain: the chain name
        s.target_loc.column = v.loc.end_column - int(v.target.size());
        s.target_loc.offset = v.loc.end_offset - std::uint32_t(v.target.size());
    }
}

void Parser::parse_anon_chain(Statement& s) {
    DepthGuard guard(*this, m_value_depth, peek().loc);
    Token word = take();
    Token brace = take();
    s.kind = Statement::Kind::anon_chain;
    s.word = std::string(word.text);
    open_scope(brace);
    // subchain_block: rules, each ended by a separator, up to '}'
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) unexpected(t);
        if (t.is("}")) break;
        if (t.is_separator()) {
            take();
            continue;
        }
        s.body.push_back(parse_rule());
        if (!at_separator()) unexpected(peek(), "newline or semicolon");
    }
    take();
    close_scope();
}

void Parser::parse_expression_statement(Statement& s) {
    s.lhs = parse_expr();
    const Token& t = peek();
    if (t.is("set")) {
        take();
        s.rhs = parse_stmt_value();
        bool mark = s.lhs.selector == Selector::mark && s.lhs.concat.empty();
        s.kind = mark ? Statement::Kind::mark_set
                 : s.lhs.text.rfind("ct ", 0) == 0 || s.lhs.text.rfind("meta ", 0) == 0 ||
                         s.lhs.selector == Selector::other
                     ? Statement::Kind::effect
                     : Statement::Kind::unmodelled;
        s.word = s.lhs.text + " set";
        if (s.lhs.text.find("nftrace") != std::string::npos ||
            s.lhs.text.find("priority") != std::string::npos || s.lhs.text.rfind("ct ", 0) == 0 ||
            s.lhs.text.find("dscp") != std::string::npos)
            s.kind = Statement::Kind::effect;
        return;
    }
    if (t.is("vmap")) {
        take();
        s.kind = Statement::Kind::vmap;
        s.rhs = parse_vmap_expr();
        return;
    }
    s.kind = Statement::Kind::match;
    if (t.is("map")) {  // a map lookup used as a match: not modelled
        take();
        s.op = "map";
        s.rhs = parse_rhs(false);
        return;
    }
    if (is_relational(t)) s.op = canonical_relational(take().text);
    if (ends_rule(peek())) unexpected(peek());
    s.rhs = parse_rhs(true);
    if (peek().is("/")) {  // flag compare: `tcp flags syn / syn,ack`
        take();
        s.mask = parse_rhs(true);
        if (s.op.empty()) s.op = "==";
        s.op += "/";
    }
}

void Parser::parse_nat(Statement& s) {
    Token word = take();
    s.kind = Statement::Kind::nat;
    s.word = std::string(word.text);
    bool port_only = word.is("masquerade") || word.is("redirect");
    auto port_of = [](const Value& v) {
        const Value& p = v.kind == Value::Kind::range ? v.items[0] : v;
        return p.kind == Value::Kind::number ? int(p.number) : 0;
    };
    if (!port_only && (peek_word("ip") || peek_word("ip6")) && peek_word("to", 1))
        s.target = std::string(take().text);  // the address family
    if (accept_word("to")) {
        bool colon = peek().is(":");
        if (colon) take();
        Value target = parse_stmt_value();
        if (port_only || colon) {
            s.port = port_of(target);
            s.target_loc = target.loc;
        } else {
            s.rhs = std::move(target);
            if (peek().is(":")) {
                take();
                Value port = parse_stmt_value();
                s.port = port_of(port);
                s.target_loc = port.loc;
            }
        }
    } else if (!port_only) {
        unexpected(peek(), "to");
    }
    // nf_nat_flags: persistent, random, fully-random (also after `flags`), prefix, netmap
    while (peek_word("flags") || peek_word("persistent") || peek_word("random") ||
           peek_word("fully-random") || peek_word("prefix") || peek_word("netmap") ||
           peek().is(","))
        take();
}

void Parser::parse_reject(Statement& s) {
    take();
    s.kind = Statement::Kind::reject;
    if (!accept_word("with")) return;
    Token kind = peek();
    if (kind.is("tcp")) {
        take();
        expect_word("reset");
        s.word = "tcp reset";
        return;
    }
    if (!kind.is("icmp") && !kind.is("icmpv6") && !kind.is("icmpx")) unexpected(kind);
    take();
    accept_word("type");
    const Token& code = peek();
    if (code.kind != TokenKind::string && code.kind != TokenKind::number) unexpected(code);
    s.word = std::string(kind.text) + " " + std::string(take().text);
}

void Parser::parse_log(Statement& s) {
    take();
    s.kind = Statement::Kind::log;
    while (true) {
        if (accept_word("prefix")) {
            if (peek().kind != TokenKind::quoted && peek().kind != TokenKind::string &&
                !peek().is("$"))
                unexpected(peek());
            if (peek().is("$"))
                expand_variable();
            else
                take();
        } else if (accept_word("group") || accept_word("snaplen") ||
                   accept_word("queue-threshold")) {
            if (peek().kind != TokenKind::number) unexpected(peek(), "number");
            take();
        } else if (accept_word("level")) {
            if (peek().kind != TokenKind::string) unexpected(peek());
            take();
        } else if (accept_word("flags")) {
            while (true) {
                if (accept_word("tcp")) {
                    while (peek_word("sequence") || peek_word("options") || peek().is(",")) {
                        if (peek().is(",") && !peek_word("options", 1) && !peek_word("sequence", 1))
                            break;
                        take();
                    }
                } else if (accept_word("ip") || accept_word("ip6")) {
                    expect_word("options");
                } else if (!accept_word("skuid") && !accept_word("ether") && !accept_word("all")) {
                    unexpected(peek());
                }
                if (!peek().is(",")) break;
                take();
            }
        } else {
            return;
        }
    }
}

void Parser::parse_limit(Statement& s) {
    take();
    s.kind = Statement::Kind::limit;
    if (accept_word("name")) {
        parse_stmt_value();
        return;
    }
    expect_word("rate");
    s.over = accept_word("over");
    accept_word("until");
    if (peek().kind != TokenKind::number) unexpected(peek(), "number");
    take();
    if (peek().kind == TokenKind::string && !is_global_keyword(peek().text)) take();  // bytes unit
    if (peek().is("/")) {
        take();
        if (peek().kind != TokenKind::string) unexpected(peek());
        take();
    }
    if (accept_word("burst")) {
        if (peek().kind != TokenKind::number) unexpected(peek(), "number");
        take();
        if (peek_word("packets") || peek_word("bytes") ||
            (peek().kind == TokenKind::string && peek().text.find("bytes") != std::string::npos))
            take();
    }
}

void Parser::parse_quota(Statement& s) {
    take();
    s.kind = Statement::Kind::quota;
    if (accept_word("name")) {
        parse_stmt_value();
        return;
    }
    s.over = accept_word("over");
    accept_word("until");
    if (peek().kind != TokenKind::number) unexpected(peek(), "number");
    take();
    if (peek().kind == TokenKind::string && !is_global_keyword(peek().text)) take();
    if (accept_word("used")) {
        if (peek().kind != TokenKind::number) unexpected(peek(), "number");
        take();
        if (peek().kind == TokenKind::string && !is_global_keyword(peek().text)) take();
    }
}

void Parser::parse_set_update(Statement& s) {
    // add|update|delete @set { key [timeout T] [stateful statements] }, meter NAME { … }
    Token word = take();
    s.kind = word.is("meter") ? Statement::Kind::meter : Statement::Kind::set_update;
    s.word = std::string(word.text);
    if (word.is("meter")) {
        Token name = expect_identifier();
        s.target = std::string(name.text);
        s.target_loc = name.loc;
        if (accept_word("size")) {
            if (peek().kind != TokenKind::number) unexpected(peek(), "number");
            take();
        }
    } else {
        Token at = take();
        Token name = expect_identifier();
        s.target = std::string(name.text);
        s.target_loc = span(at.loc, name.loc);
    }
    if (!peek().is("{")) unexpected(peek(), "'{'");
    Token open = take();
    int depth = 1;
    while (depth > 0) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) unexpected(t);
        if (t.is("{")) ++depth;
        if (t.is("}")) --depth;
        if (t.is("limit") || t.is("quota") || (t.is("ct") && peek_word("count", 1)))
            s.limited = true;
        if (t.is("over")) s.over = true;
        take();
    }
    (void)open;
}

}  // namespace lifeline::nft::detail

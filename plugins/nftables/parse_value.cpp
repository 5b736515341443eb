// Values: the right side of matches, set and map elements, define initialisers and statement
// arguments (parser_bison.y: rhs_expr, list_rhs_expr, set_expr, set_elem_expr,
// initializer_expr, stmt_expr).
#include <array>

#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

// Keywords that are values on the right of a match (primary_rhs_expr, keyword_expr).
constexpr std::array<std::string_view, 22> k_value_keywords = {
    "ah",     "arp",  "comp",   "dccp", "dnat", "ecn",     "esp",     "ether",
    "exists", "icmp", "icmpv6", "igmp", "ip",   "ip6",     "missing", "redirect",
    "reset",  "sctp", "snat",   "tcp",  "udp",  "udplite",
};

bool is_value_keyword(std::string_view w) {
    for (auto k : k_value_keywords)
        if (k == w) return true;
    return false;
}

int precedence(const Token& t) {
    if (t.kind == TokenKind::punct) {
        if (t.text == "<<" || t.text == ">>") return 4;
        if (t.text == "&") return 3;
        if (t.text == "^") return 2;
        if (t.text == "|") return 1;
        return 0;
    }
    if (t.kind != TokenKind::string) return 0;
    if (t.text == "lshift" || t.text == "rshift") return 4;
    if (t.text == "and") return 3;
    if (t.text == "xor") return 2;
    if (t.text == "or") return 1;
    return 0;
}

std::string canonical_op(std::string_view op) {
    if (op == "lshift") return "<<";
    if (op == "rshift") return ">>";
    if (op == "and") return "&";
    if (op == "xor") return "^";
    if (op == "or") return "|";
    return std::string(op);
}

bool is_verdict_word(const Token& t) {
    return t.is("accept") || t.is("drop") || t.is("continue") || t.is("return") || t.is("jump") ||
           t.is("goto");
}

}  // namespace

Value Parser::parse_primary_value() {
    const Token& t = peek();
    Value v;
    v.loc = t.loc;
    switch (t.kind) {
        case TokenKind::number:
            v.kind = Value::Kind::number;
            v.number = t.number;
            v.text = std::string(t.text);
            take();
            return v;
        case TokenKind::quoted:
            v.kind = Value::Kind::quoted;
            v.text = std::string(t.text);
            take();
            return v;
        case TokenKind::asterisk:
            v.kind = Value::Kind::asterisk;
            v.text = std::string(t.text);
            take();
            return v;
        case TokenKind::string:
            if (is_global_keyword(t.text) && !is_value_keyword(t.text)) unexpected(t);
            v.kind = Value::Kind::symbol;
            v.text = std::string(t.text);
            take();
            return v;
        case TokenKind::punct:
            if (t.text == "$") return expand_variable();
            if (t.text == "(") {
                DepthGuard guard(*this, m_value_depth, t.loc);
                take();
                Value inner = parse_basic();
                if (!peek().is(")")) unexpected(peek(), "')'");
                take();
                return inner;
            }
            if (t.text == "*") {
                v.kind = Value::Kind::wildcard;
                v.text = "*";
                take();
                return v;
            }
            break;
        default:
            break;
    }
    unexpected(t);
}

Value Parser::parse_basic() {
    // Precedence climbing over | ^ & << >> (lowest to highest), all left-associative.
    auto climb = [this](auto& self, int min_prec) -> Value {
        Value left = parse_primary_value();
        while (true) {
            int prec = precedence(peek());
            if (prec == 0 || prec < min_prec) return left;
            Token op = take();
            Value right = self(self, prec + 1);
            Value node;
            node.kind = Value::Kind::binop;
            node.text = canonical_op(op.text);
            node.loc = span(left.loc, right.loc);
            node.items.push_back(std::move(left));
            node.items.push_back(std::move(right));
            left = std::move(node);
        }
    };
    return climb(climb, 1);
}

/// A concatenation part: a basic value, a prefix `v/len` or a range `a-b`.
static Value make_pair(Value::Kind kind, Value a, Value b, const Loc& loc) {
    Value v;
    v.kind = kind;
    v.loc = loc;
    v.items.push_back(std::move(a));
    v.items.push_back(std::move(b));
    return v;
}

Value Parser::parse_concat() {
    auto part = [this]() {
        Value v = parse_basic();
        if (peek().is("/") && peek(1).kind == TokenKind::number) {
            take();
            Token len = take();
            Value p;
            p.kind = Value::Kind::prefix;
            p.number = len.number;
            p.loc = span(v.loc, len.loc);
            p.items.push_back(std::move(v));
            return p;
        }
        if (peek().is("-")) {
            take();
            Value hi = parse_basic();
            Loc loc = span(v.loc, hi.loc);
            return make_pair(Value::Kind::range, std::move(v), std::move(hi), loc);
        }
        return v;
    };
    Value first = part();
    if (!peek().is(".")) return first;
    Value c;
    c.kind = Value::Kind::concat;
    c.loc = first.loc;
    c.items.push_back(std::move(first));
    while (peek().is(".")) {
        take();
        c.items.push_back(part());
    }
    c.loc = span(c.loc, c.items.back().loc);
    return c;
}

Value Parser::parse_rhs(bool allow_list) {
    const Token& t = peek();
    if (t.is("{")) return parse_set_expr();
    if (t.is("@")) {
        Token at = take();
        Token name = expect_identifier();
        Value v;
        v.kind = Value::Kind::set_ref;
        v.text = std::string(name.text);
        v.loc = span(at.loc, name.loc);
        return v;
    }
    Value v = parse_concat();
    if (!allow_list || !peek().is(",")) return v;
    Value list;
    list.kind = Value::Kind::list;
    list.loc = v.loc;
    list.items.push_back(std::move(v));
    while (peek().is(",")) {
        take();
        list.items.push_back(parse_basic());
    }
    list.loc = span(list.loc, list.items.back().loc);
    return list;
}

Value Parser::parse_set_expr() {
    // '{' set_list_expr '}' with bison's newline rules: one optional newline after '{', after
    // a member and after a comma; a blank line inside the braces is a syntax error.
    DepthGuard guard(*this, m_value_depth, peek().loc);
    Token open = peek();
    if (!open.is("{")) unexpected(open, "'{'");
    take();
    Value set;
    set.kind = Value::Kind::set;
    if (peek().kind == TokenKind::newline) take();
    while (true) {
        set.items.push_back(peek().is("{") ? parse_set_expr() : parse_set_element());
        if (peek().kind == TokenKind::newline) take();
        const Token& t = peek();
        if (t.is("}")) break;
        if (!t.is(",")) unexpected(t, "comma or '}'");
        take();
        if (peek().kind == TokenKind::newline) {
            take();
            if (peek().kind == TokenKind::newline) unexpected(peek(), "comma or '}'");
        }
        if (peek().is("}")) break;
    }
    Token close = take();
    set.loc = span(open.loc, close.loc);
    return set;
}

Value Parser::parse_set_element() {
    Value key = peek().is("*") ? parse_primary_value() : parse_concat();
    // Element options and stateful statements (set_elem_options, set_elem_stmt_list).
    while (true) {
        const Token& t = peek();
        if (t.is("timeout") || t.is("expires")) {
            take();
            if (peek().kind != TokenKind::string && peek().kind != TokenKind::number)
                unexpected(peek());
            take();
        } else if (t.is("comment")) {
            take();
            if (peek().kind != TokenKind::quoted && peek().kind != TokenKind::string)
                unexpected(peek());
            take();
        } else if (t.is("counter") || t.is("limit") || t.is("quota")) {
            skip_statement_words({"counter", "limit", "quota", "packets", "bytes", "rate", "over",
                                  "until", "burst", "used", "/"});
        } else {
            break;
        }
    }
    if (!peek().is(":")) return key;
    take();
    Value value = is_verdict_word(peek()) ? parse_verdict_value() : parse_concat();
    Loc loc = span(key.loc, value.loc);
    return make_pair(Value::Kind::mapping, std::move(key), std::move(value), loc);
}

Value Parser::parse_verdict_value() {
    Token word = take();
    Value v;
    v.kind = Value::Kind::verdict;
    v.text = std::string(word.text);
    v.loc = word.loc;
    if (word.is("jump") || word.is("goto")) {
        if (peek().is("$")) {
            Value target = expand_variable();
            v.target = target.text;
            v.loc = span(word.loc, target.loc);
        } else {
            Token target = expect_identifier();
            v.target = std::string(target.text);
            v.loc = span(word.loc, target.loc);
        }
    }
    return v;
}

Value Parser::parse_vmap_expr() {
    const Token& t = peek();
    if (t.is("@")) return parse_rhs(false);
    Value map = t.is("$") ? expand_variable() : parse_set_expr();
    if (map.kind != Value::Kind::set && map.kind != Value::Kind::set_ref) unexpected(peek());
    for (const Value& item : map.items) {
        if (item.kind != Value::Kind::mapping || item.items[1].kind != Value::Kind::verdict)
            fail(item.loc, "syntax error, a verdict map element needs `key : verdict`");
    }
    return map;
}

Value Parser::parse_initializer() {
    if (peek().is("{") && peek(1).is("}")) {
        Value empty;
        empty.kind = Value::Kind::set;
        empty.loc = span(take().loc, take().loc);
        return empty;
    }
    if (peek().is("-") && peek(1).kind == TokenKind::number) {
        Token dash = take();
        Token n = take();
        Value v;
        v.kind = Value::Kind::symbol;
        v.text = "-" + std::string(n.text);
        v.loc = span(dash.loc, n.loc);
        return v;
    }
    return parse_rhs(true);
}

Value Parser::parse_stmt_value() {
    // stmt_expr: values and packet expressions combined (`mark | 0x4`, `ct mark`,
    // `ip saddr map { … }`, `10.0.0.1 . 22`). Expressions become Kind::expression leaves.
    auto primary = [this]() -> Value {
        if (starts_expression(peek())) {
            Expr e = parse_primary_expr();
            Value v;
            v.kind = Value::Kind::expression;
            v.text = e.text;
            v.loc = e.loc;
            return v;
        }
        return parse_primary_value();
    };
    auto basic = [&]() {
        Value left = primary();
        while (precedence(peek()) > 0) {
            Token op = take();
            Value right = primary();
            Loc loc = span(left.loc, right.loc);
            Value node = make_pair(Value::Kind::binop, std::move(left), std::move(right), loc);
            node.text = canonical_op(op.text);
            left = std::move(node);
        }
        if (peek().is("/") && peek(1).kind == TokenKind::number) {
            take();
            Token len = take();
            Value p;
            p.kind = Value::Kind::prefix;
            p.number = len.number;
            p.loc = span(left.loc, len.loc);
            p.items.push_back(std::move(left));
            return p;
        }
        if (peek().is("-")) {
            take();
            Value hi = primary();
            Loc loc = span(left.loc, hi.loc);
            return make_pair(Value::Kind::range, std::move(left), std::move(hi), loc);
        }
        return left;
    };
    Value v = basic();
    while (peek().is(".")) {
        take();
        Value next = basic();
        if (v.kind != Value::Kind::concat) {
            Value c;
            c.kind = Value::Kind::concat;
            c.loc = v.loc;
            c.items.push_back(std::move(v));
            v = std::move(c);
        }
        v.items.push_back(std::move(next));
        v.loc = span(v.loc, v.items.back().loc);
    }
    if (accept_word("map")) {
        Value map = parse_rhs(false);
        Loc loc = span(v.loc, map.loc);
        Value node = make_pair(Value::Kind::binop, std::move(v), std::move(map), loc);
        node.text = "map";
        return node;
    }
    return v;
}

}  // namespace lifeline::nft::detail

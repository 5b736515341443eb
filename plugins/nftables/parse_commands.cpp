// The top-level commands (parser_bison.y: line, base_cmd, add_cmd, create_cmd, insert_cmd,
// delete_cmd, flush_cmd): what each does to the ruleset is load.cpp's business.
#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

bool is_family(std::string_view w) {
    return w == "ip" || w == "ip6" || w == "inet" || w == "arp" || w == "bridge" || w == "netdev";
}

nf::Family family_of(std::string_view w) {
    if (w == "ip6") return nf::Family::ip6;
    if (w == "inet") return nf::Family::inet;
    if (w == "arp") return nf::Family::arp;
    if (w == "bridge") return nf::Family::bridge;
    if (w == "netdev") return nf::Family::netdev;
    return nf::Family::ip;
}

}  // namespace

void Parser::parse_line() {
    if (at_separator()) {
        take();
        return;
    }
    size_t scopes = scope_depth();
    try {
        if (parse_common_block()) return;
        parse_command();
    } catch (const ParseError& e) {
        restore_scopes(scopes);
        report(e);
        recover();
    }
}

void Parser::parse_command() {
    Token first = peek();
    Command cmd;
    cmd.loc = first.loc;
    std::string_view w = first.kind == TokenKind::string ? first.text : std::string_view();
    if (w == "add" || w == "create") {
        take();
        parse_add(cmd, w == "create");
    } else if (w == "insert") {
        take();
        expect_word("rule");
        cmd.insert = true;
        parse_rule_command(cmd);
    } else if (w == "delete") {
        take();
        parse_delete(cmd);
    } else if (w == "flush") {
        take();
        parse_flush(cmd);
    } else if (w == "replace" || w == "rename") {
        take();
        cmd.kind = Command::Kind::unmodelled;
        cmd.text = std::string(w) + " " + std::string(peek().text);
        skip_balanced_until_separator();
    } else if (w == "list" || w == "get" || w == "reset" || w == "monitor" || w == "describe" ||
               w == "export" || w == "import") {
        take();
        cmd.kind = Command::Kind::noop;
        skip_balanced_until_separator();
    } else {
        parse_add(cmd, false);
    }
    cmd.loc = span(first.loc, last_loc());
    if (peek().kind != TokenKind::end) expect_separator("end of file or newline or semicolon");
    m_doc.commands.push_back(std::move(cmd));
}

void Parser::parse_table_spec(Command& cmd) {
    const Token& t = peek();
    if (t.kind == TokenKind::string && is_family(t.text)) {
        cmd.family = family_of(take().text);
        cmd.family_given = true;
    }
    Token name = expect_identifier();
    cmd.table = std::string(name.text);
    cmd.table_loc = name.loc;
}

void Parser::parse_add(Command& cmd, bool create) {
    cmd.create = create;
    const Token& t = peek();
    std::string_view w = t.kind == TokenKind::string ? t.text : std::string_view();
    if (w == "table") {
        take();
        cmd.kind = Command::Kind::table;
        parse_table_spec(cmd);
        if (peek().is("{")) {
            Token brace = take();
            open_scope(brace);
            cmd.table_body.emplace();
            parse_table_block(*cmd.table_body);
            take();  // '}'
            close_scope();
        }
    } else if (w == "chain") {
        take();
        cmd.kind = Command::Kind::chain;
        parse_table_spec(cmd);
        Token name = expect_identifier();
        cmd.name = std::string(name.text);
        cmd.name_loc = name.loc;
        if (peek().is("{")) {
            Token brace = take();
            open_scope(brace);
            cmd.chain_body.emplace();
            cmd.chain_body->name = cmd.name;
            cmd.chain_body->loc = name.loc;
            parse_chain_block(*cmd.chain_body);
            take();  // '}'
            close_scope();
        }
    } else if (w == "rule" && !create) {
        take();
        parse_rule_command(cmd);
    } else if (w == "set" || w == "map") {
        take();
        cmd.kind = Command::Kind::set;
        parse_table_spec(cmd);
        Token name = expect_identifier();
        cmd.name = std::string(name.text);
        cmd.name_loc = name.loc;
        if (!peek().is("{")) unexpected(peek(), "'{'");
        take();
        cmd.set_body.emplace();
        cmd.set_body->name = cmd.name;
        cmd.set_body->loc = name.loc;
        cmd.set_body->is_map = w == "map";
        parse_set_block(*cmd.set_body);
        take();  // '}'
    } else if (w == "element") {
        take();
        cmd.kind = Command::Kind::element;
        parse_table_spec(cmd);
        Token name = expect_identifier();
        cmd.name = std::string(name.text);
        cmd.name_loc = name.loc;
        if (peek().is("$")) {
            cmd.elements = expand_variable();
        } else {
            if (!peek().is("{")) unexpected(peek(), "'{'");
            cmd.elements = parse_set_expr();
        }
    } else if (w == "flowtable" || w == "counter" || w == "quota" || w == "ct" || w == "limit" ||
               w == "secmark" || w == "synproxy") {
        take();
        cmd.kind = Command::Kind::noop;
        skip_balanced_until_separator();
    } else if (create || t.kind != TokenKind::string ||
               (is_global_keyword(t.text) && !is_family(t.text))) {
        unexpected(t);  // not a command word, a family or a table name
    } else {
        parse_rule_command(cmd);  // `[add] [rule] FAMILY TABLE CHAIN statements…`
    }
}

void Parser::parse_rule_command(Command& cmd) {
    cmd.kind = Command::Kind::rule;
    parse_table_spec(cmd);
    Token chain = expect_identifier();
    cmd.name = std::string(chain.text);
    cmd.name_loc = chain.loc;
    if (peek_word("position") || peek_word("handle") || peek_word("index")) {
        Token how = take();
        if (peek().kind != TokenKind::number) unexpected(peek(), "number");
        Token n = take();
        if (how.text == "index") {
            cmd.index = n.number;
        } else {
            cmd.kind = Command::Kind::unmodelled;
            cmd.text = std::string(cmd.insert ? "insert" : "add") + " rule … " +
                       std::string(how.text) + " " + std::string(n.text);
        }
    }
    cmd.rule = parse_rule();
}

void Parser::parse_flush(Command& cmd) {
    Token what = peek();
    if (accept_word("ruleset")) {
        cmd.kind = Command::Kind::flush_ruleset;
        if (peek().kind == TokenKind::string && is_family(peek().text)) {
            cmd.family = family_of(take().text);
            cmd.family_given = true;
        }
        return;
    }
    if (accept_word("table")) {
        cmd.kind = Command::Kind::flush_table;
        parse_table_spec(cmd);
        return;
    }
    if (accept_word("chain") || accept_word("set") || accept_word("map")) {
        cmd.kind = what.text == "chain" ? Command::Kind::flush_chain : Command::Kind::flush_set;
        parse_table_spec(cmd);
        Token name = expect_identifier();
        cmd.name = std::string(name.text);
        cmd.name_loc = name.loc;
        return;
    }
    if (accept_word("meter") || accept_word("flow")) {
        cmd.kind = Command::Kind::noop;
        skip_balanced_until_separator();
        return;
    }
    unexpected(what);
}

void Parser::parse_delete(Command& cmd) {
    Token what = peek();
    std::string_view w = what.kind == TokenKind::string ? what.text : std::string_view();
    if (w == "table" || w == "chain" || w == "set" || w == "map" || w == "element" || w == "rule") {
        take();
        parse_table_spec(cmd);
        if (w == "rule") expect_identifier();
        if (w == "rule" || peek_word("handle")) {
            // By handle: the object is one of the live ruleset, unknown to a file.
            cmd.kind = Command::Kind::unmodelled;
            cmd.text = "delete " + std::string(w) + " … handle";
            skip_balanced_until_separator();
            return;
        }
        if (w != "table") {
            Token name = expect_identifier();
            cmd.name = std::string(name.text);
            cmd.name_loc = name.loc;
        }
        if (w == "table") cmd.kind = Command::Kind::delete_table;
        if (w == "chain") cmd.kind = Command::Kind::delete_chain;
        if (w == "set" || w == "map") cmd.kind = Command::Kind::delete_set;
        if (w == "element") {
            cmd.kind = Command::Kind::delete_element;
            cmd.elements = peek().is("$") ? expand_variable() : parse_set_expr();
        }
        return;
    }
    if (w == "flowtable" || w == "counter" || w == "quota" || w == "ct" || w == "limit" ||
        w == "secmark" || w == "synproxy") {
        take();
        cmd.kind = Command::Kind::noop;
        skip_balanced_until_separator();
        return;
    }
    unexpected(what);
}

}  // namespace lifeline::nft::detail

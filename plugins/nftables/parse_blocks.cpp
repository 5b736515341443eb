// Table, chain, set and map blocks (parser_bison.y: table_block, chain_block, hook_spec,
// policy_spec, set_block, map_block). Every item but `elements = …` and `auto-merge` must end
// with a newline or `;`, including a nested block's closing brace.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

constexpr std::array<std::string_view, 7> k_hooks = {
    "prerouting", "input", "forward", "postrouting", "output", "ingress", "egress"};

// nftables 1.0.6 datatype names (datatype.c), the valid words after `type`.
constexpr std::array<std::string_view, 45> k_datatypes = {
    "arp_op",       "bitmask",     "boolean",    "cgroupsv2",    "classid",
    "ct_dir",       "ct_state",    "ct_status",  "day",          "dccp_pkttype",
    "devgroup",     "dscp",        "ecn",        "ether_addr",   "ether_type",
    "fib_addrtype", "gid",         "hour",       "icmp_code",    "icmp_type",
    "icmpv6_code",  "icmpv6_type", "icmpx_code", "iface_index",  "iface_type",
    "ifname",       "igmp_type",   "inet_proto", "inet_service", "integer",
    "invalid",      "ipv4_addr",   "ipv6_addr",  "ll_addr",      "mark",
    "mh_type",      "nf_proto",    "pkt_type",   "realm",        "string",
    "tcp_flag",     "time",        "uid",        "verdict",      "",
};

bool known_datatype(std::string_view name) {
    return !name.empty() &&
           std::find(k_datatypes.begin(), k_datatypes.end(), name) != k_datatypes.end();
}

}  // namespace

void Parser::parse_table_block(TableDecl& table) {
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) {
            report({t.loc, "syntax error, unexpected end of file", {}});
            throw ParseAbort{};
        }
        if (t.is("}")) return;
        if (t.is_separator()) {
            take();
            continue;
        }
        size_t scopes = scope_depth();
        try {
            if (parse_common_block()) continue;
            Token word = peek();
            std::string_view w = word.kind == TokenKind::string ? word.text : std::string_view();
            if (w == "chain") {
                take();
                Token name = expect_identifier();
                if (!peek().is("{")) unexpected(peek(), "'{'");
                Token brace = take();
                open_scope(brace);
                ChainDecl chain;
                chain.name = std::string(name.text);
                chain.loc = name.loc;
                parse_chain_block(chain);
                take();  // '}'
                close_scope();
                table.chains.push_back(std::move(chain));
            } else if (w == "set" || w == "map") {
                take();
                Token name = expect_identifier();
                if (!peek().is("{")) unexpected(peek(), "'{'");
                take();
                SetDecl set;
                set.name = std::string(name.text);
                set.loc = name.loc;
                set.is_map = w == "map";
                parse_set_block(set);
                take();  // '}'
                table.sets.push_back(std::move(set));
            } else if (w == "flags") {
                take();
                Token flag = peek();
                if (flag.kind != TokenKind::string) unexpected(flag);
                take();
                if (flag.text == "dormant") {
                    table.dormant = true;
                } else if (flag.text != "owner") {
                    fail(flag.loc, "unknown table option " + std::string(flag.text));
                }
            } else if (w == "comment") {
                take();
                if (peek().kind != TokenKind::quoted && peek().kind != TokenKind::string)
                    unexpected(peek());
                take();
            } else if (w == "flowtable" || w == "counter" || w == "quota" || w == "limit" ||
                       w == "secmark" || w == "synproxy" || w == "ct") {
                take();
                skip_object_block();
            } else {
                unexpected(word);
            }
            expect_separator();
        } catch (const ParseError& e) {
            restore_scopes(scopes);
            report(e);
            recover();
        }
    }
}

void Parser::skip_object_block() {
    // `counter NAME { … }`, `ct helper NAME { … }`, `flowtable NAME { … }`: declarations of
    // objects the packet path does not model; their braces are skipped whole.
    if (peek_word("helper") || peek_word("timeout") || peek_word("expectation")) take();
    expect_identifier();
    if (!peek().is("{")) unexpected(peek(), "'{'");
    take();
    int depth = 1;
    while (depth > 0) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) {
            report({t.loc, "syntax error, unexpected end of file", {}});
            throw ParseAbort{};
        }
        if (t.is("{")) ++depth;
        if (t.is("}")) --depth;
        take();
    }
}

void Parser::parse_chain_block(ChainDecl& chain) {
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) {
            report({t.loc, "syntax error, unexpected end of file", {}});
            throw ParseAbort{};
        }
        if (t.is("}")) return;
        if (t.is_separator()) {
            take();
            continue;
        }
        size_t scopes = scope_depth();
        try {
            if (parse_common_block()) continue;
            if (peek_word("type")) {
                parse_hook_spec(chain);
            } else if (peek_word("policy")) {
                parse_policy(chain);
            } else if (peek_word("flags")) {
                take();
                expect_word("offload");
            } else if (peek_word("comment")) {
                take();
                if (peek().kind != TokenKind::quoted && peek().kind != TokenKind::string)
                    unexpected(peek());
                take();
            } else {
                chain.rules.push_back(parse_rule());
            }
            expect_separator();
        } catch (const ParseError& e) {
            restore_scopes(scopes);
            report(e);
            recover();
        }
    }
}

void Parser::parse_hook_spec(ChainDecl& chain) {
    Token type_word = take();
    HookSpec hook;
    Token type = peek();
    if (type.kind != TokenKind::string) unexpected(type);
    take();
    if (type.text != "filter" && type.text != "nat" && type.text != "route")
        fail(type.loc, "unknown chain type");
    hook.type = std::string(type.text);
    hook.type_loc = type.loc;
    expect_word("hook");
    Token name = peek();
    if (name.kind != TokenKind::string) unexpected(name);
    take();
    if (std::find(k_hooks.begin(), k_hooks.end(), name.text) == k_hooks.end())
        fail(name.loc, "unknown chain hook");
    hook.hook = std::string(name.text);
    hook.hook_loc = name.loc;
    if (accept_word("device")) {
        const Token& dev = peek();
        if (dev.is("$")) {
            hook.devices.push_back(expand_variable().text);
        } else if (dev.kind == TokenKind::string || dev.kind == TokenKind::quoted ||
                   dev.kind == TokenKind::asterisk) {
            hook.devices.push_back(std::string(take().text));
        } else {
            unexpected(dev);
        }
    } else if (accept_word("devices")) {
        if (!peek().is("=")) unexpected(peek(), "'='");
        take();
        Value devices = peek().is("$") ? expand_variable() : parse_set_expr();
        for (const Value& d : devices.items) hook.devices.push_back(d.text);
    }
    if (!peek_word("priority")) unexpected(peek(), "priority");
    Token priority = take();
    Token first = peek();
    if (first.is("$")) {
        Value v = expand_variable();
        hook.priority_text = v.kind == Value::Kind::number ? std::to_string(v.number) : v.text;
        hook.priority_name = v.kind == Value::Kind::symbol && !v.text.empty() && v.text[0] != '-' &&
                                     !std::isdigit(uint8_t(v.text[0]))
                                 ? v.text
                                 : "";
        if (hook.priority_name.empty())
            hook.priority_offset =
                v.kind == Value::Kind::number ? int(v.number) : std::atoi(v.text.c_str());
    } else if (first.is("-") || first.kind == TokenKind::number) {
        bool negative = first.is("-");
        if (negative) take();
        if (peek().kind != TokenKind::number) unexpected(peek());
        Token n = take();
        hook.priority_offset = negative ? -int(n.number) : int(n.number);
    } else if (first.kind == TokenKind::string) {
        take();
        hook.priority_name = std::string(first.text);
        if (peek().is("+") || peek().is("-")) {
            bool minus = take().text == "-";
            if (peek().kind != TokenKind::number) unexpected(peek());
            int n = int(take().number);
            hook.priority_offset = minus ? -n : n;
        }
    } else {
        unexpected(first);
    }
    hook.priority_text =
        hook.priority_text.empty() ? source_text(span(first.loc, last_loc())) : hook.priority_text;
    hook.priority_loc = span(priority.loc, last_loc());  // nft reports `priority …` whole
    hook.loc = span(type_word.loc, last_loc());
    chain.hook = std::move(hook);
}

void Parser::parse_policy(ChainDecl& chain) {
    Token keyword = take();
    Token value = peek();
    std::string policy;
    if (value.is("$")) {
        policy = expand_variable().text;
    } else if (value.is("accept") || value.is("drop")) {
        policy = std::string(take().text);
    } else {
        unexpected(value);
    }
    Loc loc = span(keyword.loc, last_loc());
    if (chain.policy) fail(loc, "you cannot set chain policy twice");
    if (policy != "accept" && policy != "drop") fail(loc, "invalid policy expression " + policy);
    chain.policy = policy;
    chain.policy_loc = loc;
}

void Parser::parse_set_type(SetDecl& set) {
    bool data = false;
    while (true) {
        Token t = peek();
        if (t.kind != TokenKind::string) unexpected(t);
        take();
        if (!known_datatype(t.text)) fail(t.loc, "unknown datatype " + std::string(t.text));
        if (data) {
            set.data_type += (set.data_type.empty() ? "" : " . ") + std::string(t.text);
        } else {
            set.key_types.push_back(std::string(t.text));
        }
        if (peek().is(".")) {
            take();
            continue;
        }
        if (set.is_map && !data && peek().is(":")) {
            take();
            data = true;
            accept_word("interval");
            if (peek_word("counter") || peek_word("quota") || peek_word("limit") ||
                peek_word("secmark") || peek_word("synproxy")) {
                set.data_type = std::string(take().text);
                return;
            }
            continue;
        }
        return;
    }
}

void Parser::parse_set_block(SetDecl& set) {
    while (true) {
        const Token& t = peek();
        if (t.kind == TokenKind::end) {
            report({t.loc, "syntax error, unexpected end of file", {}});
            throw ParseAbort{};
        }
        if (t.is("}")) return;
        if (t.is_separator()) {
            take();
            continue;
        }
        size_t scopes = scope_depth();
        try {
            if (parse_common_block()) continue;
            Token word = peek();
            std::string_view w = word.kind == TokenKind::string ? word.text : std::string_view();
            if (w == "elements") {
                take();
                if (!peek().is("=")) unexpected(peek(), "'='");
                take();
                set.elements = peek().is("$") ? expand_variable() : parse_set_expr();
                continue;  // no separator needed
            }
            if (w == "auto-merge") {
                take();
                continue;
            }
            take();
            if (w == "type") {
                parse_set_type(set);
            } else if (w == "typeof") {
                set.typeof_exprs.push_back(parse_primary_expr());
                while (peek().is(".")) take(), set.typeof_exprs.push_back(parse_primary_expr());
                if (set.is_map && peek().is(":")) {
                    take();
                    accept_word("interval");
                    if (peek_word("verdict")) {
                        take();
                        set.data_type = "verdict";
                    } else {
                        Expr data = parse_primary_expr();
                        set.data_type = data.datatype;
                        while (peek().is(".")) take(), parse_primary_expr();
                    }
                }
                for (const Expr& e : set.typeof_exprs) set.key_types.push_back(e.datatype);
            } else if (w == "flags") {
                while (true) {
                    Token f = peek();
                    if (f.is("constant"))
                        set.flags |= k_set_constant;
                    else if (f.is("interval"))
                        set.flags |= k_set_interval;
                    else if (f.is("timeout"))
                        set.flags |= k_set_timeout;
                    else if (f.is("dynamic"))
                        set.flags |= k_set_dynamic;
                    else
                        unexpected(f);
                    take();
                    if (!peek().is(",")) break;
                    take();
                }
            } else if (w == "timeout" || w == "gc-interval") {
                if (peek().kind != TokenKind::string) unexpected(peek());
                take();
            } else if (w == "size") {
                if (peek().kind != TokenKind::number) unexpected(peek());
                take();
            } else if (w == "policy") {
                if (!peek_word("performance") && !peek_word("memory")) unexpected(peek());
                take();
            } else if (w == "comment") {
                if (peek().kind != TokenKind::quoted && peek().kind != TokenKind::string)
                    unexpected(peek());
                take();
            } else if (w == "counter" || w == "limit" || w == "quota" || w == "ct") {
                skip_balanced_until_separator();
            } else {
                unexpected(word);
            }
            expect_separator(w == "type" ? "newline or semicolon or ." : "newline or semicolon");
        } catch (const ParseError& e) {
            restore_scopes(scopes);
            report(e);
            recover();
        }
    }
}

}  // namespace lifeline::nft::detail

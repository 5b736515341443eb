// Packet expressions, the left side of matches (parser_bison.y: primary_expr, payload_expr,
// meta_expr, ct_expr, fib_expr, …). Each protocol keyword takes one field from a fixed list;
// the fields lifeline models get a Selector, every other one parses to Selector::other.
#include <array>
#include <initializer_list>

#include "keywords.hpp"
#include "parser_impl.hpp"

namespace lifeline::nft::detail {
namespace {

struct Protocol {
    std::string_view name;
    std::initializer_list<std::string_view> fields;
    int family;   // implied network family
    int l4proto;  // implied transport protocol, -1 none
};

const Protocol k_protocols[] = {
    {"ip",
     {"version", "hdrlength", "dscp", "ecn", "length", "id", "frag-off", "ttl", "protocol",
      "checksum", "saddr", "daddr", "option"},
     4,
     -1},
    {"ip6",
     {"version", "dscp", "ecn", "flowlabel", "length", "nexthdr", "hoplimit", "saddr", "daddr"},
     6,
     -1},
    {"tcp",
     {"sport", "dport", "sequence", "ackseq", "doff", "reserved", "flags", "window", "checksum",
      "urgptr", "option"},
     0,
     6},
    {"udp", {"sport", "dport", "length", "checksum"}, 0, 17},
    {"udplite", {"sport", "dport", "csumcov", "checksum"}, 0, 136},
    {"th", {"sport", "dport"}, 0, -1},
    {"sctp", {"sport", "dport", "vtag", "checksum", "chunk"}, 0, 132},
    {"dccp", {"sport", "dport", "type"}, 0, 33},
    {"icmp", {"type", "code", "checksum", "id", "sequence", "gateway", "mtu"}, 4, 1},
    {"icmpv6",
     {"type", "code", "checksum", "param-problem", "mtu", "id", "sequence", "max-delay"},
     6,
     58},
    {"igmp", {"type", "checksum", "mrt", "group"}, 4, 2},
    {"ah", {"nexthdr", "hdrlength", "reserved", "spi", "sequence"}, 0, 51},
    {"esp", {"spi", "sequence"}, 0, 50},
    {"comp", {"nexthdr", "flags", "cpi"}, 0, 108},
    {"ether", {"saddr", "daddr", "type"}, 0, -1},
    {"vlan", {"id", "cfi", "dei", "pcp", "type"}, 0, -1},
    {"arp", {"htype", "ptype", "hlen", "plen", "operation", "saddr", "daddr"}, 0, -1},
    {"hbh", {"nexthdr", "hdrlength"}, 6, -1},
    {"rt",
     {"nexthdr", "hdrlength", "type", "seg-left", "classid", "nexthop", "mtu", "ipsec", "ip",
      "ip6"},
     0,
     -1},
    {"rt0", {"addr"}, 6, -1},
    {"rt2", {"addr"}, 6, -1},
    {"srh", {"last-entry", "flags", "tag", "sid"}, 6, -1},
    {"frag", {"nexthdr", "reserved", "frag-off", "reserved2", "more-fragments", "id"}, 6, -1},
    {"dst", {"nexthdr", "hdrlength"}, 6, -1},
    {"mh", {"nexthdr", "hdrlength", "type", "reserved", "checksum"}, 6, -1},
};

constexpr std::array<std::string_view, 41> k_meta_keys = {
    "length",  "protocol",  "nfproto",  "l4proto",   "priority", "mark",     "iif",
    "iifname", "iiftype",   "oif",      "oifname",   "oiftype",  "skuid",    "skgid",
    "nftrace", "rtclassid", "ibrname",  "obrname",   "ibriport", "obriport", "pkttype",
    "cpu",     "iifgroup",  "oifgroup", "cgroup",    "random",   "ipsec",    "secpath",
    "iifkind", "oifkind",   "ibrpvid",  "ibrvproto", "time",     "day",      "hour",
    "secmark", "sdif",      "sdifname", "broute",    "",         "",
};

constexpr std::array<std::string_view, 24> k_unqualified_meta = {
    "mark",  "iif",      "iifname",   "iiftype",  "oif",      "oifname", "oiftype", "skuid",
    "skgid", "nftrace",  "rtclassid", "ibriport", "obriport", "ibrname", "obrname", "pkttype",
    "cpu",   "iifgroup", "oifgroup",  "cgroup",   "ipsec",    "time",    "day",     "hour",
};

constexpr std::array<std::string_view, 20> k_ct_keys = {
    "l3proto", "protocol", "mark",  "state",     "direction", "status", "expiration",
    "helper",  "saddr",    "daddr", "proto-src", "proto-dst", "label",  "event",
    "secmark", "id",       "bytes", "packets",   "avgpkt",    "zone",
};

template <typename List>
bool contains(const List& list, std::string_view w) {
    for (auto item : list)
        if (!item.empty() && item == w) return true;
    return false;
}

const Protocol* find_protocol(std::string_view name) {
    for (const Protocol& p : k_protocols)
        if (p.name == name) return &p;
    return nullptr;
}

/// The selector and datatype of `proto field`, for the fields lifeline models.
void classify_payload(Expr& e, std::string_view proto, std::string_view field) {
    bool port = field == "sport" || field == "dport";
    if (proto == "ip" || proto == "ip6") {
        bool v4 = proto == "ip";
        if (field == "saddr") e.selector = v4 ? Selector::ip_saddr : Selector::ip6_saddr;
        if (field == "daddr") e.selector = v4 ? Selector::ip_daddr : Selector::ip6_daddr;
        if (field == "saddr" || field == "daddr") e.datatype = v4 ? "ipv4_addr" : "ipv6_addr";
        if (field == "protocol" && v4) e.selector = Selector::ip_protocol;
        if (field == "nexthdr" && !v4) e.selector = Selector::ip6_nexthdr;
        if (field == "protocol" || field == "nexthdr") e.datatype = "inet_proto";
    } else if (port && proto != "dccp") {
        e.selector = field == "dport" ? Selector::dport : Selector::sport;
        e.datatype = "inet_service";
    } else if (proto == "tcp" && field == "flags") {
        e.selector = Selector::tcp_flags;
        e.datatype = "tcp_flag";
    } else if (proto == "icmp" && field == "type") {
        e.selector = Selector::icmp_type;
        e.datatype = "icmp_type";
    } else if (proto == "icmpv6" && field == "type") {
        e.selector = Selector::icmp_type;
        e.datatype = "icmpv6_type";
    } else if (proto == "ether" && field != "type") {
        e.datatype = "ether_addr";
    }
}

void classify_meta(Expr& e, std::string_view key) {
    if (key == "l4proto") e.selector = Selector::l4proto, e.datatype = "inet_proto";
    if (key == "nfproto") e.selector = Selector::nfproto, e.datatype = "nf_proto";
    if (key == "protocol") e.selector = Selector::meta_protocol, e.datatype = "ether_type";
    if (key == "iif") e.selector = Selector::iif, e.datatype = "iface_index";
    if (key == "iifname") e.selector = Selector::iifname, e.datatype = "ifname";
    if (key == "oif") e.selector = Selector::oif, e.datatype = "iface_index";
    if (key == "oifname") e.selector = Selector::oifname, e.datatype = "ifname";
    if (key == "mark") e.selector = Selector::mark, e.datatype = "mark";
    if (key == "skuid") e.datatype = "uid";
    if (key == "skgid") e.datatype = "gid";
    if (key == "pkttype") e.datatype = "pkt_type";
}

}  // namespace

bool Parser::is_protocol_word(const Token& t) {
    return t.kind == TokenKind::string && find_protocol(t.text) != nullptr;
}

bool Parser::starts_expression(const Token& t) {
    if (t.is("(") || t.is("@")) return true;
    if (t.kind != TokenKind::string) return false;
    std::string_view w = t.text;
    if (const Protocol* p = find_protocol(w)) {
        // `ip`, `tcp`, … are also values (`meta l4proto tcp`): an expression needs a field.
        const Token& next = peek(1);
        return next.kind == TokenKind::string && contains(p->fields, next.text);
    }
    return w == "meta" || w == "ct" || w == "fib" || w == "socket" || w == "osf" || w == "numgen" ||
           w == "jhash" || w == "symhash" || w == "ipsec" || w == "exthdr" ||
           contains(k_unqualified_meta, w);
}

Expr Parser::parse_primary_expr() {
    Token first = peek();
    Expr e;
    auto finish = [&]() {
        e.loc = span(first.loc, last_loc());
        e.text = source_text(e.loc);
        return e;
    };
    auto word = [&](std::initializer_list<std::string_view> allowed) {
        const Token& t = peek();
        if (t.kind != TokenKind::string || !contains(allowed, t.text)) unexpected(t);
        return take();
    };
    auto number = [&]() {
        if (peek().kind != TokenKind::number) unexpected(peek(), "number");
        return take();
    };
    if (first.is("(")) {
        DepthGuard guard(*this, m_value_depth, first.loc);
        take();
        e = parse_expr();
        if (!peek().is(")")) unexpected(peek(), "')'");
        take();
        return finish();
    }
    if (first.is("@")) {  // raw payload: @ll|nh|th|ih,OFFSET,LENGTH
        take();
        word({"ll", "nh", "th", "ih"});
        for (int i = 0; i < 2; ++i) {
            if (!peek().is(",")) unexpected(peek(), "comma");
            take();
            number();
        }
        return finish();
    }
    if (first.kind != TokenKind::string) unexpected(first);
    std::string_view w = first.text;
    if (const Protocol* p = find_protocol(w)) {
        take();
        Token field = peek();
        if (field.kind != TokenKind::string || !contains(p->fields, field.text)) unexpected(field);
        take();
        e.family = p->family;
        e.l4proto = p->l4proto;
        if (field.is("option") || field.is("chunk")) {
            // ip option rr type, tcp option maxseg size, sctp chunk data tsn
            const Token& kind = peek();
            if (kind.kind != TokenKind::string && kind.kind != TokenKind::number) unexpected(kind);
            take();
            static constexpr std::string_view k_sub_fields[] = {"type",
                                                                "length",
                                                                "value",
                                                                "ptr",
                                                                "addr",
                                                                "kind",
                                                                "size",
                                                                "count",
                                                                "left",
                                                                "right",
                                                                "tsval",
                                                                "tsecr",
                                                                "subtype",
                                                                "flags",
                                                                "tsn",
                                                                "stream",
                                                                "ssn",
                                                                "ppid",
                                                                "init-tag",
                                                                "a-rwnd",
                                                                "num-outbound-streams",
                                                                "num-inbound-streams",
                                                                "initial-tsn",
                                                                "cum-tsn-ack",
                                                                "num-gap-ack-blocks",
                                                                "num-dup-tsns",
                                                                "lowest-tsn",
                                                                "seqno",
                                                                "new-cum-tsn"};
            if (peek().kind == TokenKind::string && contains(k_sub_fields, peek().text)) take();
        } else if ((w == "arp" && (field.is("saddr") || field.is("daddr")))) {
            word({"ether", "ip"});
        } else if (w == "rt" && (field.is("ip") || field.is("ip6"))) {
            word({"classid", "nexthop", "mtu", "ipsec"});
        } else if ((w == "rt0" || w == "srh") && peek().is("[")) {
            take();
            number();
            if (!peek().is("]")) unexpected(peek(), "']'");
            take();
        } else {
            classify_payload(e, w, field.text);
        }
        return finish();
    }
    take();
    if (w == "meta") {
        const Token& key = peek();
        if (key.kind != TokenKind::string) unexpected(key);
        if (!contains(k_meta_keys, key.text))
            fail(key.loc, "syntax error, unexpected " + std::string(key.text),
                 "known meta keys: length, protocol, nfproto, l4proto, mark, iif, iifname, "
                 "oif, oifname, skuid, skgid, pkttype, cpu, …");
        classify_meta(e, take().text);
    } else if (contains(k_unqualified_meta, w)) {
        if (w == "ipsec" && (peek_word("in") || peek_word("out"))) {
            take();
            if (accept_word("spnum")) number();
            if (peek_word("ip") || peek_word("ip6")) take();
            word({"saddr", "daddr", "reqid", "spi"});
        } else {
            classify_meta(e, w);
        }
    } else if (w == "ct") {
        bool direction = accept_word("original") || accept_word("reply");
        Token key = peek();
        if (direction && (key.is("ip") || key.is("ip6"))) {
            take();
            word({"saddr", "daddr"});
        } else {
            if (key.kind != TokenKind::string || !contains(k_ct_keys, key.text)) unexpected(key);
            take();
            if (key.is("state")) e.selector = Selector::ct_state, e.datatype = "ct_state";
            if (key.is("status")) e.datatype = "ct_status";
            if (key.is("direction")) e.datatype = "ct_dir";
            if (key.is("mark")) e.datatype = "mark";
        }
    } else if (w == "fib") {
        bool daddr = false;
        while (true) {
            Token flag = word({"saddr", "daddr", "mark", "iif", "oif"});
            daddr = daddr || flag.is("daddr");
            if (!peek().is(".")) break;
            take();
        }
        Token result = word({"oif", "oifname", "type"});
        if (daddr && result.is("type")) e.selector = Selector::fib_daddr_type;
        if (result.is("type")) e.datatype = "fib_addrtype";
    } else if (w == "socket") {
        Token key = word({"transparent", "mark", "wildcard", "cgroupv2"});
        if (key.is("cgroupv2")) word({"level"}), number();
    } else if (w == "osf") {
        if (accept_word("ttl")) word({"loose", "skip"});
        word({"name", "version"});
    } else if (w == "numgen") {
        word({"random", "inc"});
        word({"mod"});
        number();
        if (accept_word("offset")) number();
    } else if (w == "jhash" || w == "symhash") {
        if (w == "jhash") parse_expr();
        word({"mod"});
        number();
        if (accept_word("seed")) number();
        if (accept_word("offset")) number();
    } else if (w == "exthdr") {
        word({"hbh", "rt", "frag", "dst", "mh"});
    } else {
        unexpected(first);
    }
    return finish();
}

Expr Parser::parse_expr() {
    DepthGuard guard(*this, m_value_depth, peek().loc);
    Expr e = parse_primary_expr();
    Loc start = e.loc;
    while (true) {
        const Token& t = peek();
        bool op = t.is("&") || t.is("|") || t.is("^") || t.is("<<") || t.is(">>") || t.is("and") ||
                  t.is("or") || t.is("xor") || t.is("lshift") || t.is("rshift");
        if (!op) break;
        Token o = take();
        std::string name(o.text);
        if (name == "and") name = "&";
        if (name == "or") name = "|";
        if (name == "xor") name = "^";
        if (name == "lshift") name = "<<";
        if (name == "rshift") name = ">>";
        e.ops.emplace_back(name, parse_primary_value());
    }
    // A '.' after an expression always continues a concatenation (values never start with
    // a DOT token), so `tcp dport . accept` fails at `accept` as in nft.
    if (peek().is(".")) {
        Expr concat;
        concat.concat.push_back(std::move(e));
        while (peek().is(".")) {
            take();
            concat.concat.push_back(parse_primary_expr());
        }
        e = std::move(concat);
    }
    e.loc = span(start, last_loc());
    e.text = source_text(e.loc);
    return e;
}

}  // namespace lifeline::nft::detail

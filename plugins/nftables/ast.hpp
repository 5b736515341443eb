#pragma once
/// The parsed nft document: the commands of an `nft -f` file (or `nft list ruleset` output) in
/// batch order, with every table/chain/set block, rule and value as written. Variables are
/// already expanded; includes are already spliced in (each node keeps its own file).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/netfilter.hpp"
#include "token.hpp"

namespace lifeline::nft {

/// A value on the right of a match, in a set or a map (nft's rhs_expr / set_elem_expr).
struct Value {
    enum class Kind : std::uint8_t {
        symbol,      ///< a word or address: `ssh`, `10.0.0.1`, `established`, `tcp`
        number,      ///< `22`, `0x10` (`number` holds the value)
        quoted,      ///< `"eth0"`
        asterisk,    ///< `eth*` (an interface wildcard)
        wildcard,    ///< `*` (catch-all set element)
        prefix,      ///< items[0] / `number`
        range,       ///< items[0] - items[1]
        set,         ///< `{ items… }` (nested sets are flattened when translated)
        set_ref,     ///< `@text`
        concat,      ///< items[0] . items[1] . …
        list,        ///< `a, b` without braces (a bitmask list)
        binop,       ///< items[0] `text` items[1] (`text` is | ^ & << >>)
        mapping,     ///< items[0] : items[1] (a map or vmap element)
        verdict,     ///< `text` = accept|drop|continue|return|jump|goto; `target` for the last two
        expression,  ///< a packet expression inside a statement value (`mark | 4`, `ct mark`)
    };
    Kind kind = Kind::symbol;
    std::string text;
    std::string target;
    std::uint64_t number = 0;
    std::vector<Value> items;
    Loc loc;
};

/// What a match looks at. `other` = parsed but not modelled (an unknown term).
enum class Selector : std::uint8_t {
    other,
    ip_saddr,
    ip_daddr,
    ip6_saddr,
    ip6_daddr,
    ip_protocol,
    ip6_nexthdr,
    l4proto,
    nfproto,
    meta_protocol,
    iif,
    iifname,
    oif,
    oifname,
    mark,
    dport,
    sport,
    tcp_flags,
    ct_state,
    fib_daddr_type,
    icmp_type,  ///< `icmp type` and `icmpv6 type`
};

/// The left side of a match (nft's expr): a selector, its implied protocol dependencies,
/// binary operations on it (`meta mark & 0xff`), or a concatenation of selectors.
struct Expr {
    Selector selector = Selector::other;
    std::string text;      ///< as written, normalised spacing: "ip saddr", "tcp dport"
    int family = 0;        ///< implied network family: 4 (ip, icmp), 6 (ip6, icmpv6), 0
    int l4proto = -1;      ///< implied transport protocol (tcp dport → 6), -1 = none
    std::string datatype;  ///< nft datatype name when known ("ipv4_addr", "inet_service")
    std::vector<std::pair<std::string, Value>> ops;  ///< `& 0xff`, `| 4`, `>> 2` in order
    std::vector<Expr> concat;                        ///< parts of `a . b`, empty otherwise
    Loc loc;
};

struct RuleDecl;

/// One statement of a rule.
struct Statement {
    enum class Kind : std::uint8_t {
        match,       ///< lhs op rhs (op "" = implicit; "/" = flag compare with `mask`)
        vmap,        ///< lhs vmap rhs (a set of mappings or @map)
        verdict,     ///< `word` = accept|drop|continue|return|jump|goto|queue; `target`
        anon_chain,  ///< `jump { … }` / `goto { … }`: `body`
        reject,      ///< `word` = the `with …` text
        counter,
        log,
        limit,       ///< `over` when `limit rate over`
        quota,       ///< `over` when `quota over`
        connlimit,   ///< `ct count [over] N`
        set_update,  ///< `add|update|delete @target { … }`; `limited` when it holds a limit
        meter,
        mark_set,  ///< `meta mark set rhs`
        notrack,
        nat,         ///< `word` = snat|dnat|masquerade|redirect; rhs = address; `port`
        effect,      ///< a statement that changes nothing the packet path models
        unmodelled,  ///< a statement that changes the packet in ways not modelled (`word`)
        decides,     ///< a statement that decides the packet's fate, unmodelled (`word`)
    };
    Kind kind = Kind::match;
    Expr lhs;
    std::string op;
    Value rhs;
    std::optional<Value> mask;
    std::string word;
    std::string target;
    Loc target_loc;
    bool over = false;
    bool limited = false;  ///< set_update/meter: contains a limit, quota or ct count
    int port = 0;          ///< nat: destination port, 0 = unchanged (`target_loc`: the port;
                           ///< `target`: the address family word, `ip`/`ip6`, when written)
    std::vector<RuleDecl> body;
    Loc loc;
};

/// One rule as written. `text` is the rule's source, spacing normalised.
struct RuleDecl {
    std::vector<Statement> statements;
    std::string comment;
    std::string text;
    Loc loc;
};

/// `type T hook H [device D] priority P`.
struct HookSpec {
    std::string type;
    Loc type_loc;
    std::string hook;
    Loc hook_loc;
    std::vector<std::string> devices;
    std::string priority_text;  ///< as written: "filter - 5", "-150", "raw"
    std::string priority_name;  ///< "filter" … or "" for a number
    int priority_offset = 0;    ///< the number, or the offset from the named priority
    Loc priority_loc;
    Loc loc;
};

/// A `chain NAME { … }` block, or the chain of `add chain`.
struct ChainDecl {
    std::string name;
    Loc loc;
    std::optional<HookSpec> hook;
    std::optional<std::string> policy;  ///< accept|drop
    Loc policy_loc;
    std::vector<RuleDecl> rules;
};

/// Set flags as nft numbers them.
enum SetFlag : unsigned {
    k_set_constant = 1,
    k_set_interval = 2,
    k_set_timeout = 4,
    k_set_dynamic = 8,
};

/// A `set`/`map` block.
struct SetDecl {
    std::string name;
    Loc loc;
    bool is_map = false;
    std::vector<std::string> key_types;  ///< `type a . b` → {a, b}; from `typeof`, the datatypes
    std::vector<Expr> typeof_exprs;      ///< `typeof ip saddr . tcp dport`
    std::string data_type;               ///< maps: "verdict", "ipv4_addr", …
    unsigned flags = 0;
    std::optional<Value> elements;
};

/// A `table FAMILY NAME { … }` block.
struct TableDecl {
    std::vector<ChainDecl> chains;
    std::vector<SetDecl> sets;
    bool dormant = false;
};

/// One command of the batch, in file order.
struct Command {
    enum class Kind : std::uint8_t {
        table,          ///< add/create table [block]
        chain,          ///< add/create chain [block]
        rule,           ///< add/insert rule
        set,            ///< add/create set|map block
        element,        ///< add/create element
        flush_ruleset,  ///< `family_given` selects one family
        flush_table,
        flush_chain,
        flush_set,
        delete_table,
        delete_chain,
        delete_set,
        delete_element,
        noop,        ///< list, get, describe, reset, monitor, objects …: no rule change
        unmodelled,  ///< replace/delete rule by handle, rename: depends on the live ruleset
    };
    Kind kind = Kind::noop;
    bool create = false;                 ///< `create`: fails when the object exists
    bool insert = false;                 ///< `insert rule`
    std::optional<std::uint64_t> index;  ///< `add|insert rule … index N`
    nf::Family family = nf::Family::ip;
    bool family_given = false;
    std::string table;
    Loc table_loc;
    std::string name;  ///< chain or set name
    Loc name_loc;
    std::optional<TableDecl> table_body;
    std::optional<ChainDecl> chain_body;
    std::optional<SetDecl> set_body;
    std::optional<RuleDecl> rule;
    std::optional<Value> elements;
    std::string text;  ///< the command words, for unmodelled commands
    Loc loc;
};

/// A file that took part in the parse.
struct SourceInfo {
    std::string host_path;     ///< the path as the host knows it (nf::Origin::file)
    std::string display_path;  ///< the path diagnostics show (read on disk)
    std::string_view text;     ///< owned by the caller's source manager
};

/// The whole parse: commands, the files read, and every error (NFT001) found while parsing.
struct Document {
    std::vector<SourceInfo> files;
    std::vector<Command> commands;
    std::vector<Diagnostic> errors;
};

/// The source text `loc` covers, on one line: comments dropped, blanks, newlines and line
/// continuations collapsed to one space, quoted strings kept as written.
std::string source_text(const Document& doc, const Loc& loc);

}  // namespace lifeline::nft

#include "keywords.hpp"

#include <algorithm>
#include <array>

namespace lifeline::nft {
namespace {

// Extracted from nftables 1.0.6 src/scanner.l: the fixed-string rules outside any start
// condition. Sorted for binary search.
constexpr std::array<std::string_view, 153> k_global_keywords = {
    "accept",     "add",       "ah",       "all",      "and",       "arp",         "auto-merge",
    "bridge",     "cgroup",    "chain",    "comment",  "comp",      "constant",    "continue",
    "counter",    "cpu",       "create",   "ct",       "day",       "dccp",        "define",
    "delete",     "describe",  "device",   "devices",  "dnat",      "drop",        "dst",
    "dup",        "dynamic",   "ecn",      "element",  "elements",  "eq",          "esp",
    "ether",      "exists",    "expires",  "export",   "exthdr",    "fib",         "flags",
    "flow",       "flowtable", "flush",    "frag",     "fwd",       "gc-interval", "ge",
    "get",        "goto",      "gt",       "handle",   "hbh",       "hook",        "hour",
    "ibriport",   "ibrname",   "icmp",     "icmpv6",   "igmp",      "iif",         "iifgroup",
    "iifname",    "iiftype",   "import",   "include",  "index",     "inet",        "insert",
    "interval",   "ip",        "ip6",      "ipsec",    "jhash",     "jump",        "le",
    "limit",      "list",      "log",      "lshift",   "lt",        "map",         "mark",
    "masquerade", "meta",      "meter",    "mh",       "missing",   "monitor",     "ne",
    "netdev",     "nftrace",   "not",      "notrack",  "numgen",    "obriport",    "obrname",
    "offload",    "oif",       "oifgroup", "oifname",  "oiftype",   "or",          "osf",
    "pkttype",    "policy",    "position", "priority", "queue",     "quota",       "random",
    "redefine",   "redirect",  "reject",   "rename",   "replace",   "reset",       "return",
    "rshift",     "rt",        "rt0",      "rt2",      "rtclassid", "rule",        "ruleset",
    "sctp",       "secmark",   "set",      "size",     "skgid",     "skuid",       "snat",
    "socket",     "srh",       "symhash",  "synproxy", "table",     "tcp",         "th",
    "time",       "timeout",   "tproxy",   "type",     "typeof",    "udp",         "udplite",
    "undefine",   "update",    "vlan",     "vmap",     "xor",       "xt",
};

}  // namespace

bool is_global_keyword(std::string_view word) {
    return std::binary_search(k_global_keywords.begin(), k_global_keywords.end(), word);
}

std::string token_description(const Token& token) {
    switch (token.kind) {
        case TokenKind::string:
            return is_global_keyword(token.text) ? std::string(token.text) : "string";
        case TokenKind::number:
            return "number";
        case TokenKind::quoted:
            return "quoted string";
        case TokenKind::asterisk:
            return "string with a trailing asterisk";
        case TokenKind::newline:
            return "newline";
        case TokenKind::end:
            return "end of file";
        case TokenKind::junk:
            return "junk";
        case TokenKind::punct:
            break;
    }
    std::string_view p = token.text;
    if (p == ";") return "semicolon";
    if (p == ",") return "comma";
    if (p == ":") return "colon";
    if (p == "{" || p == "}" || p == "[" || p == "]" || p == "(" || p == ")" || p == "$" ||
        p == "=" || p == "|")
        return "'" + std::string(p) + "'";
    return std::string(p);
}

}  // namespace lifeline::nft

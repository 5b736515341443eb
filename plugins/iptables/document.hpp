#pragma once
/// The iptables-save / iptables-restore document: table blocks, chain declarations, rule lines,
/// and the parsed rule model (config-semantics §2.1–§2.4, iptables 1.8.9).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/net.hpp"

namespace lifeline::iptables {

/// One shell-like argument with the 1-based column of its first byte (quote included).
struct Token {
    std::string text;
    int column = 0;
};

/// A `[packets:bytes]` counter pair.
struct Counters {
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};

/// `! -p tcp`: the protocol name as written and its number (0 = all).
struct ProtocolMatch {
    bool negated = false;
    std::string name;
    int number = 0;
};

/// `[!] -s a,b/len`: networks with host bits masked as iptables does.
struct AddressMatch {
    bool negated = false;
    std::vector<net::Network> networks;
};

/// `[!] -i eth+`: `wildcard` when the name ends in `+` (prefix match on `name` without it).
struct InterfaceMatch {
    bool negated = false;
    std::string name;
    bool wildcard = false;
};

/// An inclusive port range; a single port has first == last.
struct PortRange {
    int first = 0;
    int last = 0;
    bool operator==(const PortRange&) const = default;
};

/// `[!] --dport 22:25` or `[!] --dports 22,80:90`.
struct PortMatch {
    bool negated = false;
    std::vector<PortRange> ranges;
};

/// TCP flag bits as the kernel numbers them.
enum TcpFlag : unsigned { k_fin = 1, k_syn = 2, k_rst = 4, k_psh = 8, k_ack = 16, k_urg = 32 };

/// `[!] --tcp-flags MASK COMP` (`--syn` is FIN,SYN,RST,ACK SYN).
struct TcpFlagsMatch {
    bool negated = false;
    unsigned mask = 0;
    unsigned comp = 0;
};

/// Connection-tracking states as bits.
enum CtState : unsigned {
    k_invalid = 1,
    k_established = 2,
    k_related = 4,
    k_new = 8,
    k_untracked = 16,
    k_snat = 32,
    k_dnat = 64,
};

/// `[!] --ctstate` / `[!] --state` list as a bit set of CtState.
struct StateMatch {
    bool negated = false;
    unsigned states = 0;
};

/// `[!] --match-set NAME src,dst`.
struct SetMatch {
    bool negated = false;
    std::string name;
    std::vector<std::string> flags;
};

/// One option of a match or target, in order: `[!] --name values…`.
struct Option {
    std::string name;  ///< with the leading dashes
    bool negated = false;
    std::vector<Token> values;
    int column = 0;
};

/// A `-m NAME` match (or the implicit protocol match) with its options and typed fields.
struct Match {
    std::string name;
    bool implicit = false;  ///< created by `-p tcp --dport …` without `-m tcp`
    int column = 0;
    std::vector<Option> options;
    bool may_match = false;  ///< limit/recent/hashlimit/connlimit: depends on history
    std::optional<PortMatch> dports, sports, ports;
    std::optional<TcpFlagsMatch> tcp_flags;
    std::optional<StateMatch> state;
    std::optional<SetMatch> set;
    std::optional<std::string> comment;
};

/// `-j NAME` or `-g NAME` with its options.
struct Target {
    std::string name;
    bool is_goto = false;
    int column = 0;
    std::vector<Option> options;
    std::optional<std::string> reject_with;
};

/// The effective content of one rule line's arguments.
struct Rule {
    std::optional<ProtocolMatch> protocol;
    std::optional<AddressMatch> source, destination;
    std::optional<InterfaceMatch> in_interface, out_interface;
    std::optional<bool> fragment;  ///< true = `-f`, false = `! -f`
    std::vector<Match> matches;
    std::optional<Target> target;
    std::optional<Counters> counters;  ///< `-c P B` inside the rule
};

/// The command of a rule line.
enum class Command {
    append,
    insert,
    remove,
    replace,
    new_chain,
    delete_chain,
    flush,
    zero,
    policy
};

/// `:NAME POLICY [p:b]`.
struct ChainDecl {
    std::string name;
    std::string policy;  ///< ACCEPT, DROP, or `-` for user chains
    std::optional<Counters> counters;
    int line = 0;
    int column = 0;
};

/// A command line inside a table block.
struct RuleLine {
    int line = 0;
    int column = 0;  ///< of the command option
    Command command = Command::append;
    std::string option;  ///< the command as written (`-A`, `--append`, …)
    std::string chain;   ///< empty for a chain-less `-F`/`-X`/`-Z`
    int chain_column = 0;
    std::optional<int> number;         ///< `-I CHAIN n`, `-D CHAIN n`, `-R CHAIN n`
    std::optional<Counters> counters;  ///< a leading `[p:b]`
    std::vector<Token> args;           ///< every token after the command's own arguments
    Rule rule;
};

/// One `*table … COMMIT` block.
struct TableBlock {
    std::string name;
    int line = 0;
    bool committed = false;
    int commit_line = 0;
    std::vector<ChainDecl> chains;
    std::vector<RuleLine> rules;
};

/// A `-m set --match-set NAME` of a parsed rule line (whether or not its block gets applied).
struct SetReference {
    std::string name;
    int line = 0;
    int column = 0;  ///< of the `-m set`
};

/// A whole save/restore file: blocks in file order (a table may appear twice) and errors.
struct SaveFile {
    std::vector<TableBlock> blocks;
    std::vector<Diagnostic> errors;
    std::vector<SetReference> sets;  ///< every set match of every rule line, in file order
};

}  // namespace lifeline::iptables

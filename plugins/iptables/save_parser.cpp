// File level of the parser: table blocks, chain declarations, COMMIT, and the command part of
// rule lines (iptables-restore 1.8.9, xtables-restore.c). Rule arguments go to rule_parser.cpp.

#include <algorithm>
#include <charconv>
#include <iterator>

#include "lexer.hpp"
#include "parser.hpp"
#include "values.hpp"

namespace lifeline::iptables {
namespace {

constexpr std::string_view k_tables[] = {"filter", "nat", "mangle", "raw", "security"};
/// XT_EXTENSION_MAXNAMELEN - 1: the longest chain name the kernel takes.
constexpr size_t k_max_chain_name = 28;

struct CommandSpec {
    std::string_view short_name, long_name;
    Command command;
};
constexpr CommandSpec k_commands[] = {
    {"-A", "--append", Command::append},       {"-I", "--insert", Command::insert},
    {"-D", "--delete", Command::remove},       {"-R", "--replace", Command::replace},
    {"-N", "--new-chain", Command::new_chain}, {"-X", "--delete-chain", Command::delete_chain},
    {"-F", "--flush", Command::flush},         {"-Z", "--zero", Command::zero},
    {"-P", "--policy", Command::policy},
};

/// `[P:B]` → counters.
std::optional<Counters> parse_counters(std::string_view text) {
    if (text.size() < 5 || text.front() != '[' || text.back() != ']') return std::nullopt;
    std::string_view inner = text.substr(1, text.size() - 2);
    auto colon = inner.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    auto packets = to_u64(inner.substr(0, colon));
    auto bytes = to_u64(inner.substr(colon + 1));
    if (!packets || !bytes) return std::nullopt;
    return Counters{*packets, *bytes};
}

bool is_number(std::string_view text) {
    return to_u64(text).has_value() && text.size() < 10;
}

class FileParser {
  public:
    FileParser(const std::string& path, int family, RuleLineSink* sink)
        : m_path(path), m_family(family), m_sink(sink) {}

    /// `rest` is the text after the line (a table line sizes its block from it).
    void line(std::string_view text, int number, std::string_view rest);
    void finish(int line_count);
    SaveFile take() { return std::move(m_file); }

  private:
    void error(int line, int column, std::string message);
    void open_table(std::string_view text, int line, std::string_view rest);
    void chain_decl(std::string_view text, int line);
    void command_line(std::string_view text, int line);
    std::optional<LineError> command_args(RuleLine& rule, std::vector<Token>& tokens, size_t at);

    const std::string& m_path;
    int m_family;
    RuleLineSink* m_sink;
    RuleLine m_scratch;   ///< the line being parsed when a sink takes the lines
    SplitResult m_split;  ///< the line's arguments (reused: its room outlives the line)
    SaveFile m_file;
    TableBlock* m_open = nullptr;
};

void FileParser::error(int line, int column, std::string message) {
    if (m_file.errors.size() >= k_max_errors) return;
    Diagnostic d;
    d.rule_id = std::string(k_syntax_error_id);
    d.slug = std::string(k_syntax_error_slug);
    d.location = {m_path, line, column};
    d.message = std::move(message);
    m_file.errors.push_back(std::move(d));
}

void FileParser::line(std::string_view text, int number, std::string_view rest) {
    if (text.empty() || text[0] == '#') return;
    if (m_open && text == "COMMIT") {
        m_open->committed = true;
        m_open->commit_line = number;
        if (m_sink) m_sink->commit(*m_open);
        m_open = nullptr;
    } else if (text[0] == '*') {
        open_table(text, number, rest);
    } else if (!m_open) {
        // iptables-restore: anything else outside a block is "line N failed".
        error(number, 1,
              "line " + std::to_string(number) +
                  " failed: rule or command outside a table (no `*table' line before)");
    } else if (text[0] == ':') {
        chain_decl(text, number);
    } else {
        command_line(text, number);
    }
}

/// An upper bound of the rule lines of the block starting at `rest`: the lines before its
/// COMMIT. Reserving them keeps a 100,000-rule block from copying itself as the vector grows.
size_t block_lines(std::string_view rest) {
    size_t end = rest.find("\nCOMMIT");
    if (end == std::string_view::npos) end = rest.size();
    return static_cast<size_t>(
               std::count(rest.begin(), rest.begin() + static_cast<long>(end), '\n')) +
           1;
}

void FileParser::open_table(std::string_view text, int line, std::string_view rest) {
    if (m_open) {
        // iptables-restore takes this for a rule line and fails; the block stays uncommitted.
        error(line, 1,
              "COMMIT expected before `" + std::string(text) + "' (table `" + m_open->name +
                  "' is still open)");
    }
    auto tokens = split_arguments(text.substr(1), 2).tokens;
    std::string name = tokens.empty() ? std::string() : tokens[0].text;
    bool known = false;
    for (auto table : k_tables) known = known || table == name;
    if (name.empty()) {
        error(line, 2, "table name invalid");
    } else if (!known) {
        error(line, 2,
              "can't initialize iptables table `" + name +
                  "': Table does not exist (do you need to insmod?)");
    }
    TableBlock block;
    block.name = name;
    block.line = line;
    if (!m_sink) block.rules.reserve(block_lines(rest));
    m_file.blocks.push_back(std::move(block));
    m_open = &m_file.blocks.back();
}

void FileParser::chain_decl(std::string_view text, int line) {
    auto split = split_arguments(text.substr(1), 2);
    const auto& t = split.tokens;
    if (t.empty() || t[0].column != 2) {
        error(line, 2, "chain name invalid");
        return;
    }
    if (t[0].text.size() > k_max_chain_name) {
        error(line, 2, "Invalid chain name `" + t[0].text + "' (28 chars max)");
        return;
    }
    if (t.size() < 2) {
        error(line, 2 + static_cast<int>(t[0].text.size()), "policy invalid");
        return;
    }
    ChainDecl decl{t[0].text, t[1].text, std::nullopt, line, 1};
    if (t.size() >= 3) {
        decl.counters = parse_counters(t[2].text);
        if (!decl.counters) {
            error(line, t[2].column, "invalid policy counters for chain `" + t[0].text + "'");
            return;
        }
    }
    m_open->chains.push_back(std::move(decl));
}

void FileParser::command_line(std::string_view text, int line) {
    split_arguments(text, 1, m_split);
    if (m_split.unterminated_quote) {
        error(line, *m_split.unterminated_quote, "unterminated quote");
        return;
    }
    auto& tokens = m_split.tokens;
    // Built in place: a RuleLine is large, and a big block holds 100,000 of them.
    if (m_sink) m_scratch = RuleLine();
    RuleLine& rule = m_sink ? m_scratch : m_open->rules.emplace_back();
    auto drop = [&] {
        if (!m_sink) m_open->rules.pop_back();
    };
    rule.line = line;
    size_t at = 0;
    if (!tokens.empty() && tokens[0].text.front() == '[') {
        rule.counters = parse_counters(tokens[0].text);
        if (!rule.counters) {
            drop();
            error(line, tokens[0].column, "Bad argument `" + tokens[0].text + "'");
            return;
        }
        at = 1;
    }
    if (at >= tokens.size()) {
        drop();
        error(line, 1, "no command specified");
        return;
    }
    if (auto failure = command_args(rule, tokens, at)) {
        drop();
        error(line, failure->column, failure->message);
        return;
    }
    for (const Match& m : rule.rule.matches)
        if (m.set) m_file.sets.push_back({m.set->name, line, m.column});
    if (m_sink) m_sink->line(*m_open, rule);
}

std::optional<LineError> FileParser::command_args(RuleLine& rule, std::vector<Token>& t,
                                                  size_t at) {
    const Token& option = t[at];
    const CommandSpec* spec = nullptr;
    for (const auto& c : k_commands) {
        if (option.text == c.short_name || option.text == c.long_name) {
            spec = &c;
            break;
        }
    }
    if (!spec) {
        if (option.text.front() != '-')
            return LineError{"Bad argument `" + option.text + "'", option.column};
        return LineError{"no command specified", option.column};
    }
    rule.command = spec->command;
    rule.option = option.text;
    rule.column = option.column;
    ++at;
    bool chain_optional = spec->command == Command::flush ||
                          spec->command == Command::delete_chain || spec->command == Command::zero;
    if (at >= t.size() || t[at].text.front() == '-') {
        if (!chain_optional) {
            return LineError{"option \"" + option.text + "\" requires an argument", option.column};
        }
    } else {
        rule.chain = std::move(t[at].text);
        rule.chain_column = t[at].column;
        if (rule.chain.size() > k_max_chain_name) {
            return LineError{"Invalid chain name `" + rule.chain + "' (28 chars max)",
                             t[at].column};
        }
        ++at;
    }
    bool numbered = spec->command == Command::insert || spec->command == Command::remove ||
                    spec->command == Command::replace;
    if (numbered && at < t.size() && is_number(t[at].text)) {
        rule.number = std::stoi(t[at].text);
        ++at;
    } else if (spec->command == Command::replace) {
        return LineError{"option \"" + option.text + "\" requires a rule number", option.column};
    }
    // Moved, not copied, into a vector of the exact size (the split's spare room, times 100,000
    // lines, would be most of the parsed file's memory).
    rule.args.reserve(t.size() - at);
    std::move(t.begin() + static_cast<long>(at), t.end(), std::back_inserter(rule.args));
    bool has_rulespec = spec->command == Command::append || spec->command == Command::insert ||
                        spec->command == Command::replace ||
                        (spec->command == Command::remove && !rule.number);
    if (has_rulespec) return parse_rule(rule.args, 0, m_family, rule.rule);
    if (spec->command == Command::policy && rule.args.size() != 1) {
        return LineError{"-P requires a chain and a policy", rule.column};
    }
    return std::nullopt;
}

void FileParser::finish(int line_count) {
    if (m_open)
        error(line_count + 1, 1, "COMMIT expected at line " + std::to_string(line_count + 1));
}

}  // namespace

SaveFile parse_save_file(std::string_view text, const std::string& path, int family) {
    return parse_save_file(text, path, family, nullptr);
}

SaveFile parse_save_file(std::string_view text, const std::string& path, int family,
                         RuleLineSink* sink) {
    FileParser parser(path, family, sink);
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view rest = end < text.size() ? text.substr(end + 1) : std::string_view();
        parser.line(text.substr(start, end - start), ++number, rest);
        start = end + 1;
    }
    parser.finish(number);
    return parser.take();
}

}  // namespace lifeline::iptables

// Rule specifications: the base options (-p -s -d -i -o -f -m -j -g -c), then each extension
// option handed to the match or target that owns it, as iptables 1.8.9 dispatches them.

#include <charconv>

#include "extensions.hpp"
#include "match_fields.hpp"
#include "parser.hpp"
#include "values.hpp"

namespace lifeline::iptables {
namespace {

/// Implicit protocol matches: `-p tcp --dport 22` loads libxt_tcp without `-m tcp`.
std::string_view implicit_module(const std::optional<ProtocolMatch>& protocol) {
    if (!protocol || protocol->negated) return {};
    switch (protocol->number) {
        case 6:
            return "tcp";
        case 17:
            return "udp";
        case 136:
            return "udplite";
        case 132:
            return "sctp";
        case 1:
            return "icmp";
        case 58:
            return "icmp6";
        default:
            return {};
    }
}

class RuleParser {
  public:
    RuleParser(const std::vector<Token>& args, int family, Rule& rule)
        : m_args(args), m_family(family), m_rule(rule) {}
    std::optional<LineError> run(size_t start);

  private:
    std::optional<LineError> base_option(const Token& option, const Token* value, bool negated,
                                         bool& consumed);
    std::optional<LineError> extension_option(const Token& option, bool negated);
    std::optional<LineError> take_values(const Token& option, int arity, Option& out);
    bool extension_knows(const std::string& name) const;

    const std::vector<Token>& m_args;
    int m_family;
    Rule& m_rule;
    size_t m_at = 0;
};

/// The base long options (iptables.c `original_opts`) as their one-letter form; getopt_long
/// takes synonyms (`--src`) and unambiguous prefixes (`--dest`). A prefix is not resolved here
/// but returned in `prefixed` (the caller must first ask whether an extension knows the option,
/// which is slower and rarely needed).
std::string_view canonical_base(std::string_view text, std::string_view& prefixed) {
    static constexpr std::pair<std::string_view, std::string_view> k_long[] = {
        {"--protocol", "-p"},      {"--source", "-s"},   {"--src", "-s"},
        {"--destination", "-d"},   {"--dst", "-d"},      {"--in-interface", "-i"},
        {"--out-interface", "-o"}, {"--fragment", "-f"}, {"--match", "-m"},
        {"--jump", "-j"},          {"--goto", "-g"},     {"--set-counters", "-c"},
    };
    prefixed = {};
    if (text.size() < 3 || !text.starts_with("--")) return text;
    int count = 0;
    for (const auto& [name, letter] : k_long) {
        if (name == text) return letter;
        if (name.substr(0, text.size()) == text && letter != prefixed) {
            prefixed = letter;
            ++count;
        }
    }
    if (count != 1) prefixed = {};
    return text;
}

std::optional<LineError> RuleParser::run(size_t start) {
    // Room for every `-m` at once: a Match is large, and regrowing moves it (only a hint: an
    // implicit protocol match or an abbreviated `--ma` adds one more).
    size_t matches = 0;
    for (size_t i = start; i < m_args.size(); ++i)
        if (m_args[i].text == "-m" || m_args[i].text == "--match") ++matches;
    m_rule.matches.reserve(m_rule.matches.size() + matches);
    m_at = start;
    while (m_at < m_args.size()) {
        bool negated = false;
        const Token* bang = nullptr;
        if (m_args[m_at].text == "!") {
            bang = &m_args[m_at];
            negated = true;
            if (++m_at >= m_args.size()) return LineError{"Bad argument `!'", bang->column};
        }
        const Token& option = m_args[m_at++];
        if (option.text.size() < 2 || option.text[0] != '-') {
            return LineError{"Bad argument `" + option.text + "'", option.column};
        }
        if (option.text == "!") return LineError{"multiple `!' flags not allowed", option.column};
        const Token* value = m_at < m_args.size() ? &m_args[m_at] : nullptr;
        bool consumed = false;
        auto failure = base_option(option, value, negated, consumed);
        if (failure) return failure;
        if (consumed) continue;
        if (auto e = extension_option(option, negated)) return e;
    }
    return std::nullopt;
}

std::optional<LineError> RuleParser::base_option(const Token& token, const Token* value,
                                                 bool negated, bool& consumed) {
    consumed = true;
    // An extension's exact option beats a base option's prefix (`--set` of recent is not
    // `--set-counters`).
    std::string_view prefixed;
    std::string_view option = canonical_base(token.text, prefixed);
    if (!prefixed.empty() && !extension_knows(token.text)) option = prefixed;
    if (option == "-f") {
        m_rule.fragment = !negated;
        return std::nullopt;
    }
    bool known = option == "-p" || option == "-s" || option == "-d" || option == "-i" ||
                 option == "-o" || option == "-m" || option == "-j" || option == "-g" ||
                 option == "-c";
    if (!known) {
        consumed = false;
        return std::nullopt;
    }
    if (!value)
        return LineError{"option \"" + token.text + "\" requires an argument", token.column};
    // `-s ! x`, the pre-1.4.3 placement of `!`, is no longer accepted.
    if (value->text == "!") {
        const Token& next = m_at + 1 < m_args.size() ? m_args[m_at + 1] : *value;
        return LineError{"Bad argument `" + next.text + "'", next.column};
    }
    ++m_at;
    std::string error;
    auto fail = [&] { return LineError{error, value->column}; };
    if (option == "-p") {
        m_rule.protocol = parse_protocol(value->text, error);
        if (!m_rule.protocol) return fail();
        m_rule.protocol->negated = negated;
    } else if (option == "-s" || option == "-d") {
        auto addresses = parse_addresses(value->text, m_family, error);
        if (!addresses) return fail();
        addresses->negated = negated;
        (option == "-s" ? m_rule.source : m_rule.destination) = std::move(addresses);
    } else if (option == "-i" || option == "-o") {
        InterfaceMatch iface{negated, value->text, false};
        if (!iface.name.empty() && iface.name.back() == '+') {
            iface.wildcard = true;
            iface.name.pop_back();
        }
        if (value->text.size() > 15) {
            return LineError{
                "interface name `" + value->text + "' must be shorter than 16 characters",
                value->column};
        }
        (option == "-i" ? m_rule.in_interface : m_rule.out_interface) = iface;
    } else if (option == "-m") {
        Match match;
        match.name = value->text;
        match.column = token.column;
        if (const auto* spec = find_match(match.name)) match.may_match = spec->may_match;
        m_rule.matches.push_back(std::move(match));
    } else if (option == "-c") {
        if (m_at >= m_args.size())
            return LineError{"-c requires packet and byte counter", token.column};
        const Token& bytes = m_args[m_at++];
        auto packets = to_u64(value->text);
        if (!packets) return LineError{"-c packet counter not numeric", value->column};
        auto byte_count = to_u64(bytes.text);
        if (!byte_count) return LineError{"-c byte counter not numeric", bytes.column};
        m_rule.counters = Counters{*packets, *byte_count};
    } else {
        Target target;
        target.name = value->text;
        target.is_goto = option == "-g";
        target.column = token.column;
        m_rule.target = std::move(target);
    }
    return std::nullopt;
}

bool RuleParser::extension_knows(const std::string& name) const {
    const auto* target = m_rule.target ? find_target(m_rule.target->name) : nullptr;
    if (target && find_option(*target, name)) return true;
    for (const auto& match : m_rule.matches) {
        const auto* spec = find_match(match.name);
        if (spec && find_option(*spec, name)) return true;
    }
    const auto* implicit = find_match(implicit_module(m_rule.protocol));
    return implicit && find_option(*implicit, name);
}

std::optional<LineError> RuleParser::take_values(const Token& option, int arity, Option& out) {
    if (arity < 0) {
        // Unknown extension: its arguments are the following words that are not options.
        while (m_at < m_args.size() && m_args[m_at].text != "!" && m_args[m_at].text[0] != '-') {
            out.values.push_back(m_args[m_at++]);
        }
        return std::nullopt;
    }
    for (int i = 0; i < arity; ++i) {
        if (m_at >= m_args.size()) {
            return LineError{"option \"" + option.text + "\" requires an argument", option.column};
        }
        out.values.push_back(m_args[m_at++]);
    }
    return std::nullopt;
}

std::optional<LineError> RuleParser::extension_option(const Token& option, bool negated) {
    Option parsed{option.text, negated, {}, option.column};
    // Known options first (target, then matches newest first), then the implicit protocol
    // match, then unknown extensions, which take any `--option` without validation.
    const auto* target_spec = m_rule.target ? find_target(m_rule.target->name) : nullptr;
    for (bool prefix : {false, true}) {
        if (const auto* known =
                target_spec ? find_option(*target_spec, option.text, prefix) : nullptr) {
            if (auto e = take_values(option, known->arity, parsed)) return e;
            parsed.name = known->name;
            return apply_target_option(*m_rule.target, std::move(parsed));
        }
        for (auto it = m_rule.matches.rbegin(); it != m_rule.matches.rend(); ++it) {
            const auto* spec = find_match(it->name);
            if (const auto* known = spec ? find_option(*spec, option.text, prefix) : nullptr) {
                if (auto e = take_values(option, known->arity, parsed)) return e;
                parsed.name = known->name;  // typed fields read the full name
                return apply_match_option(*it, std::move(parsed), m_rule);
            }
        }
    }
    std::string_view implicit = implicit_module(m_rule.protocol);
    if (const auto* spec = implicit.empty() ? nullptr : find_match(implicit)) {
        const auto* known = find_option(*spec, option.text);
        if (!known) known = find_option(*spec, option.text, true);
        if (known) {
            parsed.name = known->name;
            Match match;
            match.name = std::string(implicit);
            match.implicit = true;
            match.column = option.column;
            m_rule.matches.push_back(std::move(match));
            if (auto e = take_values(option, known->arity, parsed)) return e;
            return apply_match_option(m_rule.matches.back(), std::move(parsed), m_rule);
        }
    }
    if (option.text.rfind("--", 0) == 0) {
        if (m_rule.target && !target_spec) {
            take_values(option, -1, parsed);
            m_rule.target->options.push_back(std::move(parsed));
            return std::nullopt;
        }
        for (auto it = m_rule.matches.rbegin(); it != m_rule.matches.rend(); ++it) {
            if (!find_match(it->name)) {
                take_values(option, -1, parsed);
                it->options.push_back(std::move(parsed));
                return std::nullopt;
            }
        }
    }
    return LineError{"unknown option \"" + option.text + "\"", option.column};
}

}  // namespace

std::optional<LineError> parse_rule(const std::vector<Token>& args, size_t start, int family,
                                    Rule& rule) {
    return RuleParser(args, family, rule).run(start);
}

}  // namespace lifeline::iptables

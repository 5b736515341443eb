// Typed fields of the matches and targets the model reads. Wording follows libxt_tcp,
// libxt_multiport, libxt_conntrack, libxt_state, libxt_mac of iptables 1.8.9.

#include "match_fields.hpp"

#include "values.hpp"

namespace lifeline::iptables {
namespace {

/// multiport's limit: 15 entries, a range counting as two.
constexpr int k_multiport_max = 15;

std::optional<LineError> port_option(Match& match, const Option& option) {
    std::string error;
    bool udp = match.name == "udp" || match.name == "udplite";
    auto range = parse_port_range(option.values[0].text, error, !udp);
    if (!range) return LineError{error, option.values[0].column};
    PortMatch ports{option.negated, {*range}};
    bool source = option.name == "--sport" || option.name == "--source-port";
    (source ? match.sports : match.dports) = ports;
    return std::nullopt;
}

std::optional<LineError> multiport_option(Match& match, const Option& option, const Rule& rule) {
    int protocol = rule.protocol && !rule.protocol->negated ? rule.protocol->number : -1;
    if (protocol != 6 && protocol != 17 && protocol != 136 && protocol != 132 && protocol != 33) {
        return LineError{"multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
                         option.column};
    }
    const Token& value = option.values[0];
    PortMatch ports{option.negated, {}};
    int count = 0;
    size_t start = 0;
    while (true) {
        auto comma = value.text.find(',', start);
        std::string_view item = std::string_view(value.text).substr(start, comma - start);
        auto colon = item.find(':');
        auto first = parse_port(item.substr(0, colon));
        auto last = colon == std::string_view::npos ? first : parse_port(item.substr(colon + 1));
        if (!first || !last) {
            std::string_view bad = !first ? item.substr(0, colon) : item.substr(colon + 1);
            return LineError{"invalid port/service `" + std::string(bad) + "' specified",
                             value.column};
        }
        if (colon != std::string_view::npos && *first >= *last) {
            return LineError{"invalid portrange specified", value.column};
        }
        count += colon == std::string_view::npos ? 1 : 2;
        if (count > k_multiport_max) return LineError{"too many ports specified", value.column};
        ports.ranges.push_back({*first, *last});
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    if (option.name == "--ports")
        match.ports = ports;
    else if (option.name == "--sports" || option.name == "--source-ports")
        match.sports = ports;
    else
        match.dports = ports;
    return std::nullopt;
}

bool is_mac(std::string_view text) {
    if (text.size() != 17) return false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (i % 3 == 2 ? c != ':' : !hex) return false;
    }
    return true;
}

std::optional<LineError> typed_field(Match& match, const Option& option, const Rule& rule) {
    const std::string& name = option.name;
    std::string error;
    const Token* value = option.values.empty() ? nullptr : &option.values[0];
    if ((match.name == "tcp" || match.name == "udp" || match.name == "udplite" ||
         match.name == "sctp") &&
        name.find("port") != std::string::npos) {
        return port_option(match, option);
    }
    if (name == "--syn") {
        match.tcp_flags = TcpFlagsMatch{option.negated, k_fin | k_syn | k_rst | k_ack, k_syn};
    } else if (name == "--tcp-flags") {
        auto mask = parse_tcp_flags(option.values[0].text, error);
        if (!mask) return LineError{error, option.values[0].column};
        auto comp = parse_tcp_flags(option.values[1].text, error);
        if (!comp) return LineError{error, option.values[1].column};
        match.tcp_flags = TcpFlagsMatch{option.negated, *mask, *comp};
    } else if (match.name == "multiport") {
        return multiport_option(match, option, rule);
    } else if (name == "--ctstate" || name == "--state") {
        auto states = parse_states(value->text, name == "--ctstate", error);
        if (!states) return LineError{error, value->column};
        match.state = StateMatch{option.negated, *states};
    } else if (match.name == "set" && (name == "--match-set" || name == "--set")) {
        SetMatch set{option.negated, value->text, {}};
        const std::string& flags = option.values[1].text;
        for (size_t start = 0;;) {
            auto comma = flags.find(',', start);
            set.flags.push_back(flags.substr(start, comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        match.set = std::move(set);
    } else if (name == "--comment") {
        match.comment = value->text;
    } else if (name == "--mac-source" && !is_mac(value->text)) {
        return LineError{"Bad mac address \"" + value->text + "\"", value->column};
    }
    return std::nullopt;
}

}  // namespace

std::optional<LineError> apply_match_option(Match& match, Option option, const Rule& rule) {
    if (auto e = typed_field(match, option, rule)) return e;
    match.options.push_back(std::move(option));
    return std::nullopt;
}

std::optional<LineError> apply_target_option(Target& target, Option option) {
    if (option.name == "--reject-with") target.reject_with = option.values[0].text;
    target.options.push_back(std::move(option));
    return std::nullopt;
}

}  // namespace lifeline::iptables

// `ipset save` files: `create NAME TYPE [family inet|inet6] [options…]` and `add NAME ENTRY
// [options…]`, one command per line (ipset 7.17).

#include "iptables/ipset.hpp"

#include "lexer.hpp"
#include "values.hpp"
#include "iptables/parser.hpp"

namespace lifeline::iptables {
namespace {

void error(std::vector<Diagnostic>& errors, const std::string& path, int line, int column,
           std::string message) {
    if (errors.size() >= k_max_errors) return;
    Diagnostic d;
    d.rule_id = std::string(k_syntax_error_id);
    d.slug = std::string(k_syntax_error_slug);
    d.location = {path, line, column};
    d.message = std::move(message);
    errors.push_back(std::move(d));
}

/// Types whose members are single addresses or networks.
bool address_type(std::string_view type) {
    return type == "hash:ip" || type == "hash:net" || type == "bitmap:ip";
}

}  // namespace

void parse_ipset_file(std::string_view text, const std::string& path, IpsetDb& db,
                      std::vector<Diagnostic>& errors) {
    db.loaded = true;
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++number;
        auto split = split_arguments(line);
        const auto& t = split.tokens;
        if (t.empty() || t[0].text.front() == '#') continue;
        const std::string& cmd = t[0].text;
        if (cmd == "create" || cmd == "-N" || cmd == "-exist") {
            if (t.size() < 3) {
                error(errors, path, number, t[0].column, "create needs a set name and a type");
                continue;
            }
            Ipset set;
            set.name = t[1].text;
            set.type = t[2].text;
            set.addresses_only = address_type(set.type);
            set.ports_only = set.type == "bitmap:port";
            set.file = path;
            set.line = number;
            for (size_t i = 3; i + 1 < t.size(); ++i) {
                if (t[i].text != "family") continue;
                if (t[i + 1].text == "inet6") set.family = 6;
                else if (t[i + 1].text != "inet") set.addresses_only = false;
            }
            if (db.sets.count(set.name)) {
                error(errors, path, number, t[1].column,
                      "Set cannot be created: set with the same name already exists");
                continue;
            }
            db.sets.emplace(set.name, std::move(set));
        } else if (cmd == "add" || cmd == "-A") {
            if (t.size() < 3) {
                error(errors, path, number, t[0].column, "add needs a set name and an entry");
                continue;
            }
            auto it = db.sets.find(t[1].text);
            if (it == db.sets.end()) {
                error(errors, path, number, t[1].column,
                      "The set with the given name does not exist");
                continue;
            }
            Ipset& set = it->second;
            std::string_view entry = t[2].text;
            if (set.ports_only) {
                // PORT or FIRST-LAST (bitmap:port takes no protocol).
                auto dash = entry.find('-');
                auto first = to_u64(entry.substr(0, dash));
                auto last = dash == std::string_view::npos ? first : to_u64(entry.substr(dash + 1));
                if (!first || !last || *first > 65535 || *last > 65535 || *first > *last) {
                    error(errors, path, number, t[2].column,
                          "Syntax error: '" + std::string(entry) + "' is not a port or port range");
                    continue;
                }
                set.ports.push_back({static_cast<int>(*first), static_cast<int>(*last)});
                continue;
            }
            if (!set.addresses_only) continue;
            if (entry.find('-') != std::string_view::npos) {
                // Address ranges: kept as unknown content rather than expanded.
                set.addresses_only = false;
                continue;
            }
            net::NetworkError why = net::NetworkError::none;
            auto network = net::parse_network(entry, &why);
            if (!network && why == net::NetworkError::host_bits) {
                // ipset masks host bits like iptables does.
                auto slash = entry.find('/');
                auto addr = net::parse_ip(entry.substr(0, slash));
                int prefix = std::atoi(std::string(entry.substr(slash + 1)).c_str());
                if (addr) network = net::Network{net::mask(*addr, prefix), prefix};
            }
            if (!network || network->address.family != set.family) {
                error(errors, path, number, t[2].column,
                      "Syntax error: '" + std::string(entry) + "' is not a valid IPv" +
                          std::to_string(set.family) + " address or network");
                continue;
            }
            set.members.push_back(*network);
        } else if (cmd == "flush" || cmd == "destroy" || cmd == "-F" || cmd == "-X") {
            if (t.size() >= 2) {
                if (cmd == "flush" || cmd == "-F") {
                    if (auto it = db.sets.find(t[1].text); it != db.sets.end())
                        it->second.members.clear();
                } else {
                    db.sets.erase(t[1].text);
                }
            } else if (cmd == "destroy" || cmd == "-X") {
                db.sets.clear();
            }
        } else {
            error(errors, path, number, t[0].column,
                  "Syntax error: unknown command '" + cmd + "'");
        }
    }
}

}  // namespace lifeline::iptables

// `must_login` / `must_not_login` entries to AccessIntents: one intent per `from` network.

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "lifeline/net.hpp"
#include "policy_yaml.hpp"

namespace lifeline::policy_detail {
namespace {

constexpr std::string_view k_intent_keys[] = {"user", "from", "port", "auth", "key"};
constexpr std::string_view k_auth_methods[] = {"publickey", "password", "keyboard-interactive"};

/// What an entry says before it is split into intents.
struct Entry {
    SourceLocation origin;
    std::string user;
    std::vector<std::pair<net::Network, SourceLocation>> from;
    bool has_from = false;
    int port = 0;
    std::string auth;
    std::optional<PolicyValue> key;
};

/// The network `text` names, or a reported error (with the network meant when host bits are set).
std::optional<net::Network> network_value(YamlReader& r, const PolicyValue& v) {
    net::NetworkError why = net::NetworkError::none;
    auto network = net::parse_network(v.value, &why);
    if (network) return network;
    std::string message = "'" + v.value + "' is not an address or CIDR";
    if (why == net::NetworkError::too_long) {
        message = "'" + v.value + "' has a prefix length longer than the address";
    } else if (why == net::NetworkError::host_bits) {
        // parse_network read the address and the length before it looked at the bits.
        size_t slash = v.value.find('/');
        auto address = net::parse_ip(std::string_view(v.value).substr(0, slash));
        int prefix = std::atoi(v.value.c_str() + slash + 1);
        message = "'" + v.value + "' has bits set after the prefix length";
        if (address && slash != std::string::npos)
            message += "; did you mean '" +
                       net::format_network({net::mask(*address, prefix), prefix}) + "'?";
    }
    r.report(Pol::invalid_value, v.origin, message,
             "'from' takes networks in CIDR notation (203.0.113.0/24, 2001:db8::/32) or addresses");
    return std::nullopt;
}

std::optional<int> port_value(YamlReader& r, const PolicyValue& v) {
    int port = 0;
    auto [ptr, ec] = std::from_chars(v.value.data(), v.value.data() + v.value.size(), port);
    if (ec == std::errc() && ptr == v.value.data() + v.value.size() && port >= 1 && port <= 65535)
        return port;
    r.report(Pol::invalid_value, v.origin, "'" + v.value + "' is not a port number (1-65535)");
    return std::nullopt;
}

void read_field(YamlReader& r, const KeyValue& kv, const std::string& dir, Entry& e) {
    const std::string& key = kv.first.Scalar();
    if (key == "from") {
        e.has_from = true;
        auto networks = r.names(kv, "a network (CIDR or address)");
        if (!networks) return;
        if (networks->empty()) r.report(Pol::invalid_value, r.at(kv), "'from' lists no network");
        for (const auto& n : *networks)
            if (auto network = network_value(r, n)) e.from.emplace_back(*network, n.origin);
        return;
    }
    auto v = r.scalar(kv, key == "user"   ? "a login name"
                          : key == "port" ? "a port number"
                          : key == "auth" ? "an authentication method"
                                          : "a public key file");
    if (!v) return;
    if (key == "user") {
        if (v->value.empty() || v->value.find_first_of(" \t@") != std::string::npos)
            r.report(Pol::invalid_value, v->origin, "'" + v->value + "' is not a login name");
        else
            e.user = v->value;
    } else if (key == "port") {
        e.port = port_value(r, *v).value_or(0);
    } else if (key == "auth") {
        if (std::find(std::begin(k_auth_methods), std::end(k_auth_methods), v->value) ==
            std::end(k_auth_methods))
            r.report(
                Pol::invalid_value, v->origin,
                "unknown auth method '" + v->value + "'" + did_you_mean(v->value, k_auth_methods),
                "auth is publickey, password or keyboard-interactive");
        else
            e.auth = v->value;
    } else if (v->value.empty()) {
        r.report(Pol::invalid_value, v->origin, "'key' names no file");
    } else {
        // A relative key path is relative to the policy file, like a relative `extends`.
        std::filesystem::path p(v->value);
        if (p.is_relative()) p = std::filesystem::path(dir) / p;
        e.key = PolicyValue{p.lexically_normal().string(), v->origin};
    }
}

/// `user@cidr`, with `:port` (IPv6 bracketed) as `--access` writes it.
std::string intent_text(const std::string& user, const net::Network& n, int port) {
    std::string cidr = net::format_network(n);
    if (!port) return user + "@" + cidr;
    if (n.address.family == 6) return user + "@[" + cidr + "]:" + std::to_string(port);
    return user + "@" + cidr + ":" + std::to_string(port);
}

void add_intents(YamlReader& r, const Entry& e, std::string_view list, bool must_not,
                 Layer& layer) {
    if (e.user.empty()) return;
    if (e.key) {
        layer.key_files.push_back({e.key->value, e.key->origin});
        if (!e.auth.empty() && e.auth != "publickey")
            r.report(Pol::invalid_value, e.key->origin,
                     "'key' needs auth publickey; this entry has auth " + e.auth);
    }
    std::vector<std::pair<net::Network, SourceLocation>> from = e.from;
    if (!e.has_from) {
        if (!must_not) {
            r.report(Pol::missing_key, e.origin, "a " + std::string(list) + " entry needs 'from'",
                     "list the networks the user logs in from, e.g. from: [203.0.113.0/24]");
            return;
        }
        // Refused from anywhere: both families' whole address space.
        from.emplace_back(*net::parse_network("0.0.0.0/0"), e.origin);
        from.emplace_back(*net::parse_network("::/0"), e.origin);
    }
    for (const auto& [network, origin] : from) {
        AccessIntent intent;
        intent.text = intent_text(e.user, network, e.port);
        intent.user = e.user;
        intent.sources = network;
        intent.port = e.port;
        intent.auth = e.key && e.auth.empty() ? "publickey" : e.auth;
        intent.key = e.key ? e.key->value : "";
        intent.must_not = must_not;
        intent.origin = origin;
        layer.intents.push_back(std::move(intent));
    }
}

}  // namespace

void parse_intents(YamlReader& r, const KeyValue& kv, bool must_not, Layer& layer) {
    const std::string& list = kv.first.Scalar();
    if (kv.second.IsNull()) return;
    if (!kv.second.IsSequence()) {
        r.report(Pol::wrong_type, r.at(kv),
                 "'" + list + "' must be a list of entries (user, from, port, auth, key); found " +
                     std::string(kind_name(kv.second)));
        return;
    }
    std::string dir = std::filesystem::path(r.path()).parent_path().string();
    for (const YAML::Node& item : kv.second) {
        if (!item.IsMap()) {
            r.report(Pol::wrong_type, item.IsNull() ? r.at(kv.second) : r.at(item),
                     "an entry of '" + list +
                         "' must be a mapping (user, from, port, auth, key); "
                         "found " +
                         std::string(kind_name(item)));
            continue;
        }
        Entry e;
        e.origin = r.at(item);
        bool has_user = false;
        std::string where = "a " + list + " entry";
        for (const auto& field : r.entries(item, k_intent_keys, where)) {
            has_user |= field.first.Scalar() == "user";
            read_field(r, field, dir, e);
        }
        if (!has_user) {
            r.report(Pol::missing_key, e.origin, "a " + list + " entry needs 'user'");
            continue;
        }
        add_intents(r, e, list, must_not, layer);
    }
}

}  // namespace lifeline::policy_detail

#include "connection.hpp"

#include "values.hpp"

namespace lifeline::sshd {

bool parse_connection_spec(std::string_view spec, Connection& ci, std::string& error) {
    size_t pos = 0;
    while (pos <= spec.size()) {
        size_t comma = spec.find(',', pos);
        std::string_view p = spec.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        // sshd stops at the first empty field.
        if (p.empty()) break;
        auto starts = [&](std::string_view key) { return p.substr(0, key.size()) == key; };
        if (starts("addr=")) {
            ci.addr = std::string(p.substr(5));
        } else if (starts("host=")) {
            ci.host = std::string(p.substr(5));
        } else if (starts("user=")) {
            ci.user = std::string(p.substr(5));
        } else if (starts("laddr=")) {
            ci.laddr = std::string(p.substr(6));
        } else if (starts("rdomain=")) {
            ci.rdomain = std::string(p.substr(8));
        } else if (starts("lport=")) {
            int port = a2port(p.substr(6), default_service_lookup());
            if (port == -1) {
                error = "Invalid port '" + std::string(p.substr(6)) +
                        "' in test mode specification " + std::string(p);
                return false;
            }
            ci.lport = port;
        } else {
            error = "Invalid test mode specification " + std::string(p);
            return false;
        }
        if (comma == std::string_view::npos) break;
        pos = comma + 1;
    }
    return true;
}

std::optional<Connection> parse_connection_spec(std::string_view spec, std::string& error) {
    Connection c;
    if (!parse_connection_spec(spec, c, error)) return std::nullopt;
    return c;
}

std::optional<Connection> parse_connection_specs(const std::vector<std::string>& specs,
                                                 std::string& error) {
    Connection c;
    for (const auto& s : specs)
        if (!parse_connection_spec(s, c, error)) return std::nullopt;
    return c;
}

}  // namespace lifeline::sshd

#include "lifeline/services.hpp"

#include <charconv>
#include <vector>

namespace lifeline {
namespace {

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

/// The blank-separated fields of one line, without its `#` comment.
std::vector<std::string_view> fields(std::string_view line) {
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    std::vector<std::string_view> out;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && blank(line[i])) ++i;
        size_t start = i;
        while (i < line.size() && !blank(line[i])) ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::optional<int> port_number(std::string_view text) {
    int port = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
    if (ec != std::errc() || end != text.data() + text.size() || port < 0 || port > 65535)
        return std::nullopt;
    return port;
}

}  // namespace

ServiceTable ServiceTable::parse(std::string_view text) {
    ServiceTable table;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        auto f = fields(line);
        if (f.size() < 2) continue;
        std::string_view port_text = f[1];
        if (size_t slash = port_text.find('/'); slash != std::string_view::npos) {
            if (port_text.substr(slash + 1) != "tcp") continue;
            port_text = port_text.substr(0, slash);
        }
        auto port = port_number(port_text);
        if (!port) continue;
        for (size_t k = 0; k < f.size(); ++k)
            if (k != 1) table.m_ports.emplace(std::string(f[k]), *port);
    }
    return table;
}

const ServiceTable& ServiceTable::debian() {
    static const ServiceTable k_table = parse(k_debian_tcp_services);
    return k_table;
}

std::optional<int> ServiceTable::find(std::string_view name) const {
    auto it = m_ports.find(name);
    if (it == m_ports.end()) return std::nullopt;
    return it->second;
}

}  // namespace lifeline

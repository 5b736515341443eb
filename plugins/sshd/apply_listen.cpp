#include "apply_ctx.hpp"

namespace lifeline::sshd {
namespace {

constexpr size_t k_max_ports = 256;
constexpr size_t k_max_subsystems = 256;

void port(ApplyCtx& c) {
    if (c.o.ports.size() >= k_max_ports)
        return c.error(k_invalid_value, c.peek(), "too many ports.");
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing port number.");
    int p = a2port(a->text, c.env.services);
    if (p <= 0) return c.error(k_invalid_value, a, "Badly formatted port number.");
    c.o.ports.push_back({p, &c.d});
}

void listen_address(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing address");
    const std::string& s = a->text;
    std::string host;
    int port = 0;
    size_t colon = s.find(':');
    if (s.find('[') == std::string::npos && colon != std::string::npos &&
        s.find(':', colon + 1) != std::string::npos) {
        host = s;  // a bare IPv6 address: no port
    } else {
        // hpdelim: "[host]:port", "host:port" or "host"; '/' is refused.
        size_t i;
        if (s[0] == '[') {
            size_t close = s.find(']');
            if (close == std::string::npos)
                return c.error(k_invalid_value, a, "bad address:port usage");
            i = close + 1;
        } else {
            i = s.find_first_of(":/");
            if (i == std::string::npos) i = s.size();
        }
        if (i < s.size() && s[i] != ':')
            return c.error(k_invalid_value, a, "bad address:port usage");
        host = s.substr(0, i);
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            host = host.substr(1, host.size() - 2);
        if (i < s.size()) {
            port = a2port(std::string_view(s).substr(i + 1), c.env.services);
            if (port <= 0) return c.error(k_invalid_value, a, "bad port number");
        }
    }
    std::optional<std::string> rdomain;
    if (const Arg* r = c.next()) {
        const Arg* name = r->text == "rdomain" ? c.next() : nullptr;
        if (!name) return c.error(k_invalid_value, r, "bad ListenAddress syntax");
        if (!c.env.interface_exists || !c.env.interface_exists(name->text))
            return c.error(k_invalid_value, name, "bad routing domain");
        rdomain = name->text;
    }
    c.o.queued_listens.push_back({host, port, rdomain, &c.d});
}

void host_file(ApplyCtx& c,
               std::vector<std::pair<std::optional<std::string>, const Directive*>>& list) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing file name.");
    if (!c.active) return;
    if (auto p = derelativise(c, a)) list.emplace_back(*p, &c.d);
}

void subsystem(ApplyCtx& c) {
    if (c.o.subsystems.size() >= k_max_subsystems)
        return c.error(k_invalid_value, c.peek(), "too many subsystems defined.");
    const Arg* name = c.next();
    if (!name || name->text.empty())
        return c.error(k_malformed_line, name, c.kw() + " missing argument.");
    if (!c.active) {
        c.next();
        return;
    }
    for (const SubsystemItem& s : c.o.subsystems)
        if (s.name == name->text)
            return c.error(k_duplicate_subsystem, name,
                           "Subsystem '" + name->text + "' already defined.");
    const Arg* cmd = c.next();
    if (!cmd || cmd->text.empty())
        return c.error(k_malformed_line, cmd, "Missing subsystem command.");
    SubsystemItem item{name->text, cmd->text, cmd->text, &c.d};
    while (const Arg* a = c.next()) item.args += " " + a->text;
    c.o.subsystems.push_back(std::move(item));
}

void max_startups(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    // sscanf(arg, "%d:%d:%d") writing straight into the options, as sshd does.
    std::string_view s = a->text;
    size_t pos = 0;
    int n = 0;
    int values[3] = {0, 0, 0};
    for (int k = 0; k < 3; ++k) {
        if (k > 0) {
            if (pos >= s.size() || s[pos] != ':') break;
            ++pos;
        }
        auto v = scan_int(s, pos);
        if (!v) break;
        values[k] = *v;
        ++n;
    }
    auto invalid = [&] { c.error(k_invalid_value, a, "Invalid " + c.kw() + " spec."); };
    if (n >= 1) c.o.max_startups_begin.set(values[0], &c.d);
    if (n >= 2) c.o.max_startups_rate.set(values[1], &c.d);
    if (n == 3) {
        c.o.max_startups.set(values[2], &c.d);
        if (values[0] > values[2] || values[1] > 100 || values[1] < 1) return invalid();
    } else if (n != 1) {
        return invalid();
    } else {
        c.o.max_startups.set(values[0], &c.d);
    }
    if (c.o.max_startups.v <= 0 || c.o.max_startups_begin.v <= 0) return invalid();
}

void per_source_net_block_size(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    std::string_view s = a->text;
    size_t pos = 0;
    int n = 0;
    int v4 = 0, v6 = 0;
    if (auto v = scan_int(s, pos)) {
        v4 = *v;
        n = 1;
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (auto w = scan_int(s, pos)) {
                v6 = *w;
                n = 2;
            }
        }
    }
    if (n == 2 && (v6 < 0 || v6 > 128)) n = -1;
    if ((n == 1 || n == 2) && (v4 < 0 || v4 > 32)) n = -1;
    if (n != 1 && n != 2) return c.error(k_invalid_value, a, "Invalid " + c.kw() + " spec.");
    if (c.active) {
        // With one number sshd 9.2 stores an uninitialised IPv6 length; Debian's build prints 0.
        c.o.per_source_masklen_ipv4.set(v4, &c.d);
        c.o.per_source_masklen_ipv6.set(n == 2 ? v6 : 0, &c.d);
    }
}

}  // namespace

void apply_server_keyword(ApplyCtx& c) {
    switch (c.d.keyword->op) {
        case Op::port:
            port(c);
            break;
        case Op::listen_address:
            listen_address(c);
            break;
        case Op::host_key:
            host_file(c, c.o.host_key_files);
            break;
        case Op::host_certificate:
            host_file(c, c.o.host_cert_files);
            break;
        case Op::subsystem:
            subsystem(c);
            break;
        case Op::max_startups:
            max_startups(c);
            break;
        case Op::per_source_net_block_size:
            per_source_net_block_size(c);
            break;
        default:
            c.consume();
            break;
    }
}

}  // namespace lifeline::sshd

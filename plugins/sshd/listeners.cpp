// Listener resolution: sshd's process_queued_listen_addrs and the wildcard fallback of
// fill_default_server_options, with getaddrinfo replaced by numeric parsing and /etc/hosts.
#include "diag.hpp"
#include "keywords.hpp"
#include "lifeline/net.hpp"
#include "startup.hpp"
#include "values.hpp"

namespace lifeline::sshd {
namespace {

constexpr int k_af_inet = 2;
constexpr int k_af_inet6 = 10;

/// getaddrinfo(host, NULL, family) answered from a hosts file: the addresses, or an error text.
std::vector<net::IpAddress> lookup_hosts(std::string_view hosts, const std::string& name) {
    std::vector<net::IpAddress> out;
    for (const auto& f : table_rows(hosts)) {
        if (f.size() < 2) continue;
        auto addr = net::parse_ip(f[0]);
        if (!addr) continue;
        for (size_t k = 1; k < f.size(); ++k) {
            if (iequals(f[k], name)) {
                bool dup = false;
                for (const auto& a : out) dup = dup || a == *addr;
                if (!dup) out.push_back(*addr);
                break;
            }
        }
    }
    return out;
}

/// getnameinfo(NI_NUMERICHOST) text: a link-local zone is printed as the interface name when
/// it has one (index 1 is the loopback interface "lo" on Linux).
std::string numeric_text(const net::IpAddress& a) {
    std::string text = net::format_ip(a);
    bool link_local = a.family == 6 && a.bytes[0] == 0xfe && (a.bytes[1] & 0xc0) == 0x80;
    if (link_local && a.scope_id == 1) text = text.substr(0, text.find('%')) + "%lo";
    return text;
}

struct Resolved {
    std::vector<net::IpAddress> addresses;
    std::string error;
};

Resolved resolve(Host& host, const std::string& name, long long family) {
    Resolved r;
    if (auto a = net::parse_numeric_host(name)) {
        r.addresses.push_back(*a);
    } else {
        auto text = host.fs().read(host.path("/etc/hosts"));
        // Without a hosts file in the tree, only the name every resolver knows.
        std::string hosts = text.text ? *text.text : "127.0.0.1 localhost\n";
        r.addresses = lookup_hosts(hosts, name);
        if (r.addresses.empty()) {
            r.error =
                name.empty() ? "Name or service not known" : "Temporary failure in name resolution";
            return r;
        }
    }
    std::vector<net::IpAddress> kept;
    for (const auto& a : r.addresses)
        if (family == 0 || (family == k_af_inet && a.family == 4) ||
            (family == k_af_inet6 && a.family == 6))
            kept.push_back(a);
    if (kept.empty()) r.error = "Address family for hostname not supported";
    r.addresses = kept;
    return r;
}

}  // namespace

std::vector<Listener> resolve_listeners(const ServerOptions& o, Host& host,
                                        std::vector<Diagnostic>* errors) {
    std::vector<Listener> out;
    std::vector<PortItem> ports = o.ports;
    if (ports.empty()) ports.push_back({22, nullptr});
    long long family = o.address_family.unset() ? 0 : o.address_family.v;
    for (const QueuedListen& q : o.queued_listens) {
        Resolved r = resolve(host, q.host, family);
        if (!r.error.empty()) {
            if (errors) {
                const Directive* d = q.from;
                int col = d && !d->args.empty() ? d->args[0].column : (d ? d->column : 0);
                errors->push_back(
                    make_diagnostic(k_invalid_value, d ? d->path() : std::string(), d ? d->line : 0,
                                    col, "bad addr or host: " + q.host + " (" + r.error + ")"));
            }
            continue;
        }
        std::vector<PortItem> these = q.port > 0 ? std::vector<PortItem>{{q.port, q.from}} : ports;
        for (const PortItem& p : these)
            for (const auto& a : r.addresses)
                out.push_back({a.family, numeric_text(a), p.port, q.rdomain, q.from,
                               q.port > 0 ? q.from : p.from, false});
    }
    if (o.queued_listens.empty()) {
        for (const PortItem& p : ports) {
            if (family == 0 || family == k_af_inet)
                out.push_back({4, "0.0.0.0", p.port, std::nullopt, nullptr, p.from, true});
            if (family == 0 || family == k_af_inet6)
                out.push_back({6, "::", p.port, std::nullopt, nullptr, p.from, true});
        }
    }
    return out;
}

}  // namespace lifeline::sshd

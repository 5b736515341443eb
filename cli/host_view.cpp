#include "host_view.hpp"

#include <algorithm>

#include "access_run.hpp"

namespace lifeline::cli {
namespace {

net::Network everything(int family) {
    net::Network n;
    n.address.family = family;
    n.prefix = 0;
    return n;
}

bool is_dir(const sys::FileSystem& fs, const std::string& path) {
    auto st = fs.stat(path);
    return st && st->type == sys::FileStat::Type::directory;
}

/// The ports an intent reaches sshd on (its own, or sshd's for its family, or 22).
std::vector<int> intent_ports(const HostFacts& facts, const AccessIntent& intent) {
    if (intent.port) return {intent.port};
    std::vector<int> ports;
    for (const auto& l : facts.ssh_listeners)
        if (l.family == intent.sources.address.family &&
            std::find(ports.begin(), ports.end(), l.port) == ports.end())
            ports.push_back(l.port);
    if (ports.empty()) ports.push_back(22);
    return ports;
}

}  // namespace

HostView::HostView(App& app, const sys::FileSystem& fs, const std::string& root)
    : m_app(app), m_host(root, fs, m_sources), m_present(is_dir(fs, root)) {
    if (m_present) m_facts = app.collect_facts(m_host, m_fact_errors);
}

AccessReport HostView::ask(const AccessQuery& query) {
    DiagnosticSink errors = m_fact_errors;
    return answer_access(m_app, m_host, m_facts, query, errors);
}

std::map<std::pair<int, int>, Reach> HostView::reach() const {
    std::map<std::pair<int, int>, Reach> out;
    if (!m_present) return out;
    for (const auto& l : m_facts.ssh_listeners) {
        auto [it, fresh] = out.try_emplace({l.family, l.port});
        Reach& r = it->second;
        net::IpAddress addr;
        if (!l.address.empty())
            if (auto a = net::parse_ip(l.address)) addr = *a;
        // Several listeners on one port with different addresses: any local address.
        if (fresh)
            r.packet.daddr = addr;
        else if (!(r.packet.daddr == addr))
            r.packet.daddr = net::IpAddress{};
        r.listening = true;
        r.packet.family = l.family;
        r.packet.dport = static_cast<std::uint32_t>(l.port);
    }
    for (auto& [key, r] : out) {
        r.accepted = AddressSet(key.first);
        if (auto* u = m_facts.firewall.unreadable_for(key.first)) {
            r.unreadable = u->reason;
            continue;
        }
        for (const auto& part : nf::partition(m_facts.firewall, r.packet, everything(key.first)))
            if (part.evaluation.outcome == nf::Outcome::accept)
                for (const auto& n : part.networks) r.accepted.add(n);
    }
    return out;
}

std::string HostView::where(const std::string& file, int line) const {
    std::string path =
        !file.empty() && file.front() == '/' && m_host.root() != "/" ? m_host.path(file) : file;
    // Plugins that already show the read path (root joined) keep it.
    if (file.rfind(m_host.root() + "/", 0) == 0) path = file;
    return line > 0 ? path + ":" + std::to_string(line) : path;
}

std::vector<net::IpAddress> probe_addresses(const HostFacts& facts, const AccessIntent& intent) {
    std::vector<net::IpAddress> out;
    auto add = [&](const net::IpAddress& a) {
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    };
    int family = intent.sources.address.family;
    for (int port : intent_ports(facts, intent)) {
        nf::Packet p;
        p.family = family;
        p.dport = static_cast<std::uint32_t>(port);
        // The empty ruleset's single part gives the network's usual witness.
        for (const auto& part : nf::partition(nf::Ruleset{}, p, intent.sources)) add(part.witness);
        if (facts.firewall.unreadable_for(family)) continue;
        for (const auto& part : nf::partition(facts.firewall, p, intent.sources)) add(part.witness);
    }
    return out;
}

std::string explain(const AccessReport& report, const HostView& view) {
    auto located = [&](const LayerResult& l, const std::string& what) {
        std::string s = l.layer + ": " + what;
        for (auto it = l.trace.rbegin(); it != l.trace.rend(); ++it)
            if (!it->file.empty() && it->line > 0)
                return s + " at " + view.where(it->file, it->line);
        return s;
    };
    if (report.verdict == "denied") {
        std::string layer = denying_layer(report);
        for (const auto& l : report.layers)
            if (l.layer == layer) return located(l, l.reason);
    }
    if (report.verdict == "at-risk") {
        for (const auto& l : report.layers)
            if (l.at_risk) return located(l, l.risk);
    }
    if (report.verdict == "unknown") {
        for (const auto& l : report.layers)
            if (l.unknown) return located(l, l.reason);
        for (const auto& d : report.errors)
            if (d.severity == Severity::error) return d.location.path + ": " + d.message;
    }
    return "";
}

}  // namespace lifeline::cli

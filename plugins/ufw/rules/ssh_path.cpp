#include "ssh_path.hpp"

#include <algorithm>

namespace lifeline::ufw {

std::vector<SshTarget> ssh_targets(const HostFacts& facts) {
    std::vector<SshTarget> out;
    for (const auto& l : facts.ssh_listeners) {
        net::IpAddress addr;
        if (!l.address.empty())
            if (auto a = net::parse_ip(l.address)) addr = *a;
        auto it = std::find_if(out.begin(), out.end(), [&](const SshTarget& t) {
            return t.family == l.family && t.port == l.port;
        });
        if (it == out.end()) {
            out.push_back({l.family, l.port, addr, l.origin});
        } else if (!(it->daddr == addr)) {
            it->daddr = net::IpAddress{};
        }
    }
    return out;
}

nf::Packet new_connection(const SshTarget& t) {
    nf::Packet p;
    p.family = t.family;
    p.daddr = t.daddr;
    p.dport = static_cast<std::uint32_t>(t.port);
    return p;
}

nf::Packet established(const SshTarget& t) {
    nf::Packet p = new_connection(t);
    p.ct_state = nf::k_ct_established;
    p.tcp_flags = nf::k_tcp_ack;
    return p;
}

net::Network everything(int family) {
    net::Network n;
    n.address.family = family;
    n.prefix = 0;
    return n;
}

bool loopback_only(const nf::Part& part) {
    if (part.networks.empty()) return false;
    for (const auto& n : part.networks) {
        bool v4 = n.address.family == 4 && n.prefix >= 8 && n.address.bytes[0] == 127;
        bool v6 = n.address.family == 6 && n.prefix == 128 &&
                  n.address == net::parse_ip("::1").value_or(net::IpAddress{});
        if (!v4 && !v6) return false;
    }
    return true;
}

bool governs(const UfwModel& model, int family) {
    if (!model.start.started) return false;
    return family == 4 || model.settings.ipv6_enabled();
}

const Tuple* tuple_at(const UfwModel& model, const std::string& file, int line) {
    for (int family : {4, 6}) {
        const FamilyRules& fr = model.rules(family);
        if (fr.user.path != file) continue;
        for (const Tuple& t : fr.tuples.tuples)
            if (std::find(t.rule_lines.begin(), t.rule_lines.end(), line) != t.rule_lines.end())
                return &t;
    }
    return nullptr;
}

std::string describe(const Tuple& t) {
    std::string s = t.action;
    if (t.direction == "out") s += " out";
    bool any_dest = t.dport.text == "any" && t.dapp.empty();
    if (!any_dest || t.protocol != "any") s += " " + describe_destination(t);
    bool anywhere = t.src == "0.0.0.0/0" || t.src == "::/0" || t.src == "any";
    if (!anywhere) s += " from " + t.src;
    if (!t.iface_in.empty()) s += " in on " + t.iface_in;
    return s;
}

std::string past_tense(nf::Outcome o) {
    switch (o) {
        case nf::Outcome::accept:
            return "accepted";
        case nf::Outcome::drop:
            return "dropped";
        case nf::Outcome::reject:
            return "rejected";
        case nf::Outcome::unknown:
            break;
    }
    return "undecided";
}

const nf::Step* deciding_step(const nf::Evaluation& e) {
    return e.trace.empty() ? nullptr : &e.trace.back();
}

std::string decided_by(const nf::Evaluation& e) {
    const nf::Step* s = deciding_step(e);
    if (!s) return e.reason.empty() ? std::string("no rule") : e.reason;
    std::string where = s->origin.file;
    if (s->origin.line > 0) where += ":" + std::to_string(s->origin.line);
    std::string text = s->note + " at " + where;
    if (!s->origin.text.empty()) text += " (" + s->origin.text + ")";
    return text;
}

bool covers_tcp_port(const Tuple& t, int port) {
    if (t.protocol != "tcp" && t.protocol != "any") return false;
    if (t.dport.text == "any") return true;
    for (const auto& [lo, hi] : port_ranges(t.dport.text))
        if (lo <= port && port <= hi) return true;
    return false;
}

namespace {

nf::Field mirrored(nf::Field f) {
    switch (f) {
        case nf::Field::saddr:
            return nf::Field::daddr;
        case nf::Field::daddr:
            return nf::Field::saddr;
        case nf::Field::sport:
            return nf::Field::dport;
        case nf::Field::dport:
            return nf::Field::sport;
        case nf::Field::iif:
            return nf::Field::oif;
        case nf::Field::oif:
            return nf::Field::iif;
        default:
            return f;
    }
}

}  // namespace

nf::Ruleset reply_view(const nf::Ruleset& ruleset) {
    nf::Ruleset out;
    out.unreadable = ruleset.unreadable;
    for (const nf::Table& t : ruleset.tables) {
        nf::Table copy = t;
        copy.chains.clear();
        for (nf::Chain c : t.chains) {
            if (c.base) {
                if (c.hook != nf::Hook::output) continue;
                c.hook = nf::Hook::input;
            }
            for (nf::Rule& r : c.rules)
                for (nf::Term& term : r.terms) term.field = mirrored(term.field);
            copy.chains.push_back(std::move(c));
        }
        out.tables.push_back(std::move(copy));
    }
    return out;
}

nf::Outcome inbound_outcome(const nf::Evaluation& e) {
    return e.stage == nf::Stage::inbound ? e.outcome : nf::Outcome::accept;
}

}  // namespace lifeline::ufw

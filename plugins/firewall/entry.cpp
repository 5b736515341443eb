// The firewall layer: every firewall plugin's tables (iptables-nft, iptables-legacy, nftables,
// ufw) evaluated together for the packets of an SSH login, against sshd's listeners.
//
// This plugin reads no file itself: it consumes HostFacts (the merged ruleset and sshd's
// listeners) and owns the checks that need both, the access layer and `dump firewall`.

#include <algorithm>
#include <map>
#include <ostream>
#include <set>

#include "firewall_rule_docs.hpp"
#include "lifeline/plugin.hpp"

namespace lifeline::firewall {
namespace {

const RuleInfo k_rules[] = {
    {"FW001", "ssh-port-unreachable", Severity::error,
     "no new connection of an address family sshd listens on reaches sshd's port",
     firewall_rule_doc("ssh-port-unreachable")},
    {"FW002", "ipv6-closed", Severity::error,
     "sshd listens on IPv6 and IPv4 is open, but no new IPv6 connection gets through",
     firewall_rule_doc("ipv6-closed")},
    {"FW003", "ssh-accept-shadowed", Severity::error,
     "an accept of sshd's port is never reached for some sources: an earlier rule drops them",
     firewall_rule_doc("ssh-accept-shadowed")},
    {"FW004", "established-dropped", Severity::error,
     "packets of an established SSH session are dropped: the session applying the change "
     "freezes",
     firewall_rule_doc("established-dropped")},
    {"FW005", "access-intent-blocked", Severity::error,
     "a login given with --access cannot open a new connection through the firewall",
     firewall_rule_doc("access-intent-blocked")},
    {"FW006", "reachability-unknown", Severity::warning,
     "whether sshd's port is reachable cannot be decided from the files",
     firewall_rule_doc("reachability-unknown")},
};

const RuleInfo& rule(std::string_view id) {
    for (const auto& r : k_rules)
        if (r.id == id) return r;
    return k_rules[0];
}

/// Origins carry host paths; diagnostics point at the file read, under the root.
const Host* g_host = nullptr;

Diagnostic finding(std::string_view id, const nf::Origin& at, std::string message,
                   std::string help = {}) {
    const RuleInfo& r = rule(id);
    Diagnostic d;
    d.rule_id = std::string(r.id);
    d.slug = std::string(r.slug);
    d.severity = r.severity;
    std::string file = at.file;
    if (g_host && !file.empty() && file[0] == '/') file = g_host->path(file);
    d.location = {file, at.line, at.column > 0 ? at.column : (at.line > 0 ? 1 : 0)};
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

std::string where(const nf::Origin& o) {
    std::string s = o.file;
    if (o.line > 0) s += ":" + std::to_string(o.line);
    return s;
}

/// "drop by /etc/iptables/rules.v4:7 (-A INPUT -j DROP)".
std::string decided_by(const nf::Evaluation& e) {
    if (e.trace.empty()) return e.reason.empty() ? std::string("(no rule)") : e.reason;
    const nf::Step& s = e.trace.back();
    std::string what = s.note;
    if (s.note == "policy drop") what = "dropped by the policy of " + s.table + " " + s.chain;
    else if (s.note == "drop") what = "dropped";
    else if (s.note.rfind("reject", 0) == 0) what = "rejected" + s.note.substr(6);
    std::string text = what + " at " + where(s.origin);
    if (!s.origin.text.empty()) text += " (" + s.origin.text + ")";
    if (e.stage == nf::Stage::handshake && e.outcome == nf::Outcome::reject)
        text = e.stage_note + " (" + text + "), so the client's connection is refused";
    else if (e.stage == nf::Stage::handshake)
        text = e.stage_note + " (" + text + "): the handshake never completes";
    else if (e.stage != nf::Stage::inbound)
        text = e.stage_note + " (" + text + "), so the client times out";
    return text;
}

std::string cidrs(const std::vector<net::Network>& ns) {
    std::string s;
    for (size_t i = 0; i < ns.size() && i < 3; ++i) s += (i ? ", " : "") + net::format_network(ns[i]);
    if (ns.size() > 3) s += ", … (" + std::to_string(ns.size()) + " networks)";
    return s;
}

net::Network everything(int family) {
    net::Network n;
    n.address.family = family;
    n.prefix = 0;
    return n;
}

/// sshd's (family, port) pairs, with a destination address when every listener of that pair
/// names the same one.
struct Target {
    int family;
    int port;
    net::IpAddress daddr;  ///< family 0 = any local address
    nf::Origin origin;
};

std::vector<Target> ssh_targets(const HostFacts& facts) {
    std::vector<Target> out;
    for (const auto& l : facts.ssh_listeners) {
        auto it = std::find_if(out.begin(), out.end(), [&](const Target& t) {
            return t.family == l.family && t.port == l.port;
        });
        net::IpAddress addr;
        if (!l.address.empty())
            if (auto a = net::parse_ip(l.address)) addr = *a;
        if (it == out.end()) {
            out.push_back({l.family, l.port, addr, l.origin});
        } else if (!(it->daddr == addr)) {
            it->daddr = net::IpAddress{};
        }
    }
    return out;
}

nf::Packet new_packet(const Target& t) {
    nf::Packet p;
    p.family = t.family;
    p.daddr = t.daddr;
    p.dport = static_cast<std::uint32_t>(t.port);
    return p;
}

const char* family_name(int family) { return family == 4 ? "IPv4" : "IPv6"; }

bool has_layers(const HostFacts& facts) { return !facts.firewall_layers.empty(); }

std::string layer_list(const HostFacts& facts) {
    std::string s;
    for (const auto& l : facts.firewall_layers) s += (s.empty() ? "" : ", ") + l;
    return s;
}

/// Result of checking one (family, port): whether some source gets in, and the parts.
struct Reach {
    Target target;
    std::vector<nf::Part> parts;
    bool any_accept = false;
    bool any_unknown = false;
    bool any_syn_in = false;  ///< some part's SYN is accepted (the handshake may still fail)
};

class FirewallPlugin final : public Plugin {
public:
    const PluginInfo& info() const override {
        static const PluginInfo k_info{
            "firewall",
            "0.1.0",
            "the packet path to sshd across iptables, ip6tables, nftables and ufw together",
            {},
            k_rules,
            "FW"};
        return k_info;
    }

    LintStatus lint(const LintRequest& request, DiagnosticSink& out) override {
        const HostFacts& facts = request.facts;
        if (!has_layers(facts) || !request.files.empty()) return LintStatus::absent;
        g_host = &request.host;
        std::vector<Reach> reach;
        for (const Target& t : ssh_targets(facts)) {
            // A family whose rules do not load is reported by its layer; nothing to evaluate.
            if (facts.firewall.unreadable_for(t.family)) continue;
            Reach r{t, nf::partition(facts.firewall, new_packet(t), everything(t.family))};
            for (const auto& p : r.parts) {
                r.any_accept |= p.evaluation.outcome == nf::Outcome::accept;
                r.any_syn_in |= p.evaluation.outcome == nf::Outcome::accept ||
                                p.evaluation.stage == nf::Stage::handshake;
                r.any_unknown |= p.evaluation.outcome == nf::Outcome::unknown;
            }
            reach.push_back(std::move(r));
        }
        check_reachability(reach, out);
        for (const Reach& r : reach) {
            if (r.any_syn_in) check_established(facts, r, out);
            check_shadowed(facts, r, out);
        }
        check_intents(facts, out);
        return LintStatus::checked;
    }

    int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) override {
        if (!request.connection.empty()) return dump_reach(request, out, errors);
        if (!has_layers(request.facts)) {
            out << "# no firewall layer found under this root\n";
            return 0;
        }
        out << "# layers: " << layer_list(request.facts) << '\n';
        nf::dump(request.facts.firewall, request.family, out);
        return request.facts.firewall.unreadable.empty() ? 0 : 1;
    }

    int access_stage() const override { return 10; }

    std::optional<LayerResult> access(const AccessQuery& q, Host& host, const HostFacts& facts,
                                      DiagnosticSink& errors) override {
        (void)errors;
        if (!has_layers(facts)) return std::nullopt;
        LayerResult r;
        r.layer = "firewall";
        nf::Packet p;
        p.family = q.family;
        if (auto a = net::parse_ip(q.address)) p.saddr = *a;
        int port = q.port;
        if (port == 0)
            for (const auto& l : facts.ssh_listeners)
                if (l.family == q.family) {
                    port = l.port;
                    break;
                }
        if (port == 0) port = 22;
        p.dport = static_cast<std::uint32_t>(port);
        if (!q.local_address.empty())
            if (auto a = net::parse_ip(q.local_address)) p.daddr = *a;
        nf::Evaluation e = nf::evaluate(facts.firewall, p);
        r.verdict = nf::to_string(e.outcome);
        r.denies = e.outcome == nf::Outcome::drop || e.outcome == nf::Outcome::reject;
        r.unknown = e.outcome == nf::Outcome::unknown;
        // Lines of files read from the tree are shown as on disk, like every other layer's, so
        // editors can jump to them; generated rules (line 0, e.g. ufw-init's) keep the host path.
        for (const nf::Step& s : e.trace)
            r.trace.push_back({s.origin.line > 0 ? host.path(s.origin.file) : s.origin.file,
                               s.origin.line, s.origin.text,
                               s.table + " " + s.chain + ": " + s.note});
        if (r.unknown) r.reason = e.reason;
        else if (r.denies) r.reason = "a new connection to port " + std::to_string(port) + ": " +
                                      decided_by(e);
        else r.reason = "a new connection to port " + std::to_string(port) + " passes every base chain";
        r.facts.push_back({"port", std::to_string(port)});
        r.facts.push_back({"layers", layer_list(facts)});
        if (e.port_seen != 0 && e.port_seen != port) r.facts.push_back({"redirected-to", std::to_string(e.port_seen)});
        for (const auto& [outcome, step] : e.risks) {
            std::string text = std::string(nf::to_string(outcome)) + " when " + step.note + " (" +
                               where(step.origin) + ")";
            r.facts.push_back({"risk", text});
            // A rate limit or `recent` match that can refuse later connections from the same
            // source: the login works now but the firewall can take it away by itself.
            if (e.outcome == nf::Outcome::accept && !r.at_risk &&
                (outcome == nf::Outcome::drop || outcome == nf::Outcome::reject)) {
                r.at_risk = true;
                r.risk = "later new connections are " + text;
            }
        }
        if (e.outcome == nf::Outcome::accept) {
            nf::Packet est = p;
            est.ct_state = nf::k_ct_established;
            est.tcp_flags = nf::k_tcp_ack;
            nf::Evaluation s = nf::evaluate(facts.firewall, est);
            r.facts.push_back({"established", nf::to_string(s.outcome)});
        }
        return r;
    }

private:
    /// `dump firewall -C addr=CIDR[,laddr=ADDR][,lport=PORT][,iif=NAME]`: the source network
    /// split into the parts that get different verdicts for a new TCP connection, one line each.
    static int dump_reach(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) {
        std::optional<net::Network> sources;
        nf::Packet p;
        int port = 0;
        auto bad = [&](const std::string& why) {
            Diagnostic d;
            d.rule_id = "FW000";
            d.slug = "connection-spec-invalid";
            d.location = {"-C", 0, 0};
            d.message = why;
            errors.report(std::move(d));
            return 1;
        };
        for (const std::string& spec : request.connection) {
            size_t start = 0;
            while (start <= spec.size()) {
                size_t comma = spec.find(',', start);
                std::string item = spec.substr(start, comma - start);
                start = comma == std::string::npos ? spec.size() + 1 : comma + 1;
                size_t eq = item.find('=');
                if (eq == std::string::npos) return bad("expected KEY=VALUE in -C, got '" + item + "'");
                std::string key = item.substr(0, eq), value = item.substr(eq + 1);
                if (key == "addr") {
                    sources = net::parse_network(value);
                    if (!sources) return bad("addr=" + value + ": not an address or CIDR without host bits");
                } else if (key == "laddr") {
                    auto a = net::parse_ip(value);
                    if (!a) return bad("laddr=" + value + ": not an address");
                    p.daddr = *a;
                } else if (key == "lport") {
                    port = std::atoi(value.c_str());
                    if (port < 1 || port > 65535) return bad("lport=" + value + ": not a port");
                } else if (key == "iif") {
                    p.iif = value;
                } else {
                    return bad("unknown -C key '" + key + "' (firewall takes addr, laddr, lport, iif)");
                }
            }
        }
        if (!sources) return bad("-C needs addr=CIDR");
        int family = sources->address.family;
        if (p.daddr.family != 0 && p.daddr.family != family)
            return bad("laddr is not of the same family as addr");
        if (port == 0)
            for (const auto& l : request.facts.ssh_listeners)
                if (l.family == family) {
                    port = l.port;
                    break;
                }
        if (port == 0) port = 22;
        p.family = family;
        p.dport = static_cast<std::uint32_t>(port);
        auto parts = nf::partition(request.facts.firewall, p, *sources);
        out << "# new TCP connections from " << net::format_network(*sources) << " to port "
            << port << ": " << parts.size() << (parts.size() == 1 ? " part" : " parts") << '\n';
        for (const auto& part : parts) {
            out << nf::to_string(part.evaluation.outcome) << '\t';
            for (size_t i = 0; i < part.networks.size(); ++i)
                out << (i ? "," : "") << net::format_network(part.networks[i]);
            out << "\t# e.g. " << net::format_ip(part.witness) << ": " << decided_by(part.evaluation)
                << '\n';
        }
        return 0;
    }

    static void check_reachability(const std::vector<Reach>& reach, DiagnosticSink& out) {
        std::set<int> open_families;
        for (const Reach& r : reach)
            if (r.any_accept) open_families.insert(r.target.family);
        for (const Reach& r : reach) {
            if (r.any_accept) continue;
            const nf::Part* decided = nullptr;
            for (const auto& p : r.parts)
                if (p.evaluation.outcome != nf::Outcome::unknown) {
                    decided = &p;
                    break;
                }
            std::string port = std::to_string(r.target.port);
            if (r.any_unknown) {
                const nf::Part& p = r.parts.front();
                for (const auto& part : r.parts) {
                    if (part.evaluation.outcome != nf::Outcome::unknown) continue;
                    nf::Origin at = part.evaluation.trace.empty() ? r.target.origin
                                                                  : part.evaluation.trace.back().origin;
                    out.report(finding("FW006", at,
                                       std::string("cannot decide whether new ") +
                                           family_name(r.target.family) +
                                           " connections reach sshd's port " + port + ": " +
                                           part.evaluation.reason,
                                       "give the connection's details to `lifeline access` "
                                       "(--to LOCAL_ADDRESS) or simplify the rule"));
                    break;
                }
                (void)p;
                continue;
            }
            if (!decided) continue;
            const nf::Evaluation& e = decided->evaluation;
            nf::Origin at = e.trace.empty() ? r.target.origin : e.trace.back().origin;
            std::string from = " (" + where(r.target.origin) + "): " + decided_by(e);
            if (r.parts.size() > 1) from += ", and every other source is dropped or rejected too";
            bool v6_only_closed = r.target.family == 6 && open_families.count(4);
            if (v6_only_closed) {
                out.report(finding("FW002", at,
                                   "sshd listens on IPv6 and IPv4 reaches port " + port +
                                       ", but no new IPv6 connection does" + from,
                                   "accept tcp dport " + port +
                                       " in the IPv6 ruleset too (rules.v6, an inet table), or "
                                       "set `AddressFamily inet` in sshd_config"));
            } else {
                out.report(finding("FW001", at,
                                   std::string("no new ") + family_name(r.target.family) +
                                       " connection reaches sshd's port " + port + from,
                                   "accept tcp dport " + port +
                                       " for the admins' sources before any drop"));
            }
        }
    }

    static void check_established(const HostFacts& facts, const Reach& r, DiagnosticSink& out) {
        for (const auto& part : r.parts) {
            if (part.evaluation.outcome != nf::Outcome::accept &&
                part.evaluation.stage != nf::Stage::handshake)
                continue;
            nf::Packet p = new_packet(r.target);
            p.saddr = part.witness;
            p.ct_state = nf::k_ct_established;
            p.tcp_flags = nf::k_tcp_ack;
            nf::Evaluation e = nf::evaluate(facts.firewall, p);
            if (e.outcome != nf::Outcome::drop && e.outcome != nf::Outcome::reject) return;
            nf::Origin at = e.trace.empty() ? r.target.origin : e.trace.back().origin;
            out.report(finding(
                "FW004", at,
                std::string("packets of an established ") + family_name(r.target.family) +
                    " SSH session (e.g. from " + net::format_ip(part.witness) + " to port " +
                    std::to_string(r.target.port) + ") are " + decided_by(e) +
                    ": the session applying this ruleset freezes",
                "accept `ct state established,related` (iptables: -m conntrack --ctstate "
                "RELATED,ESTABLISHED -j ACCEPT) before any drop"));
            return;
        }
    }

    /// Accepts of sshd's port that an earlier drop/reject in the same chain hides.
    /// The parts of `all` that meet `sources`, each cut down to its networks inside `sources`.
    static std::vector<nf::Part> restrict_parts(const std::vector<nf::Part>& all,
                                                const net::Network& sources) {
        std::vector<nf::Part> out;
        for (const nf::Part& part : all) {
            std::vector<net::Network> inside;
            for (const net::Network& n : part.networks) {
                if (n.address.family != sources.address.family) continue;
                // Two CIDRs meet only when one contains the other; the meet is the smaller.
                if (n.prefix >= sources.prefix && net::contains(sources, n.address))
                    inside.push_back(n);
                else if (sources.prefix >= n.prefix && net::contains(n, sources.address))
                    inside.push_back(sources);
            }
            if (inside.empty()) continue;
            out.push_back({std::move(inside), part.witness, part.evaluation});
        }
        return out;
    }

    static void check_shadowed(const HostFacts& facts, const Reach& r, DiagnosticSink& out) {
        for (const nf::Table& t : facts.firewall.tables) {
            for (const nf::Chain& c : t.chains) {
                for (size_t i = 0; i < c.rules.size(); ++i) {
                    const nf::Rule& rule = c.rules[i];
                    if (rule.verdict != nf::Verdict::accept) continue;
                    bool port_rule = false, other = false;
                    net::Network sources = everything(r.target.family);
                    bool has_sources = false;
                    for (const auto& term : rule.terms) {
                        if (term.field == nf::Field::dport && !term.negated) {
                            for (const auto& rg : term.values)
                                port_rule |= rg.first <= static_cast<std::uint32_t>(r.target.port) &&
                                             rg.last >= static_cast<std::uint32_t>(r.target.port);
                        } else if (term.field == nf::Field::saddr && !term.negated &&
                                   term.networks.size() == 1 &&
                                   term.networks[0].address.family == r.target.family) {
                            sources = term.networks[0];
                            has_sources = true;
                        } else if (term.field == nf::Field::ct_state) {
                            other |= (term.bits & nf::k_ct_new) == 0 && !term.negated;
                        }
                    }
                    if (!port_rule || other) continue;
                    // A catch-all accept after a targeted drop is the usual "deny these, allow
                    // the rest": reported only when none of its sources reach it. An accept
                    // naming its sources is reported when some of them never reach it.
                    // The partition of every source is already computed (r.parts), and every
                    // address of a part is decided by the same rule: restrict it to `sources`
                    // instead of partitioning again per accept (2.5 s -> 0.1 s on 5,000 rules).
                    std::vector<nf::Part> parts = restrict_parts(r.parts, sources);
                    auto shadowing = [&](const nf::Part& part) -> const nf::Step* {
                        const nf::Evaluation& e = part.evaluation;
                        if (e.outcome != nf::Outcome::drop && e.outcome != nf::Outcome::reject)
                            return nullptr;
                        if (e.trace.empty() || e.stage != nf::Stage::inbound) return nullptr;
                        const nf::Step& s = e.trace.back();
                        if (s.note == "policy drop") return nullptr;
                        bool same_chain = s.chain == c.name &&
                                          s.table == std::string(nf::to_string(t.family)) + " " + t.name;
                        bool earlier = s.origin.file == rule.origin.file && s.origin.line > 0 &&
                                       s.origin.line < rule.origin.line;
                        return same_chain && earlier ? &s : nullptr;
                    };
                    bool all = std::all_of(parts.begin(), parts.end(),
                                           [&](const nf::Part& x) { return shadowing(x) != nullptr; });
                    if (!has_sources && !all) continue;
                    for (const auto& part : parts) {
                        const nf::Step* hit = shadowing(part);
                        if (!hit) continue;
                        const nf::Step& s = *hit;
                        out.report(finding(
                            "FW003", rule.origin,
                            "this accept of port " + std::to_string(r.target.port) +
                                " is never reached for " + cidrs(part.networks) + ": " +
                                where(s.origin) + " (" + s.origin.text + ") " + s.note + "s " +
                                "them first",
                            "move the accept above " + where(s.origin) +
                                ", or narrow that rule"));
                        break;
                    }
                }
            }
        }
    }

    static void check_intents(const HostFacts& facts, DiagnosticSink& out) {
        for (const AccessIntent& intent : facts.intents) {
            // A must_not_login intent is satisfied by a firewall that blocks it.
            if (intent.must_not) continue;
            int family = intent.sources.address.family;
            std::vector<Target> targets;
            if (intent.port) {
                targets.push_back({family, intent.port, {}, {}});
            } else {
                for (const Target& t : ssh_targets(facts))
                    if (t.family == family) targets.push_back(t);
                if (targets.empty()) targets.push_back({family, 22, {}, {}});
            }
            for (const Target& t : targets) {
                if (facts.firewall.unreadable_for(t.family)) continue;
                for (const auto& part : nf::partition(facts.firewall, new_packet(t), intent.sources)) {
                    const nf::Evaluation& e = part.evaluation;
                    if (e.outcome == nf::Outcome::accept) continue;
                    nf::Origin at = e.trace.empty() ? t.origin : e.trace.back().origin;
                    // A policy's intent names its entry; a command-line one its option.
                    bool from_policy = !intent.origin.path.empty();
                    std::string msg = (from_policy ? "must_login " : "--access ") + intent.text +
                                      ": new connections from " +
                                      cidrs(part.networks) + " (e.g. " +
                                      net::format_ip(part.witness) + ") to port " +
                                      std::to_string(t.port) + " are ";
                    Diagnostic d = e.outcome == nf::Outcome::unknown
                                       ? finding("FW005", at, msg + "not proven to pass: " + e.reason)
                                       : finding("FW005", at, msg + decided_by(e));
                    if (e.outcome == nf::Outcome::unknown) d.severity = Severity::warning;
                    if (from_policy) d.related.push_back({intent.origin, "the must_login entry"});
                    d.declared_login = true;
                    out.report(std::move(d));
                }
            }
        }
    }
};

}  // namespace
}  // namespace lifeline::firewall

LIFELINE_PLUGIN(lifeline::firewall::FirewallPlugin)

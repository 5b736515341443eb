// SSHD057 / SSHD058: declared logins walked through the sshd layer from witness addresses.
#include "intent_check.hpp"

#include <algorithm>

#include "config.hpp"
#include "sshd_access.hpp"

namespace lifeline::sshd {
namespace {

/// At most this many addresses are walked per intent (each walk reads the account files).
constexpr size_t k_max_witnesses = 16;

net::IpAddress last_address(const net::Network& n) {
    net::IpAddress a = n.address;
    int bits = a.bit_count();
    for (int b = n.prefix; b < bits; ++b) a.bytes[b / 8] |= static_cast<std::uint8_t>(0x80 >> (b % 8));
    return a;
}

/// The first address a client could have: the network's second address when it has more
/// than two.
net::IpAddress first_host(const net::Network& n) {
    net::IpAddress a = n.address;
    if (n.prefix < a.bit_count() - 1) {
        for (int i = (a.family == 4 ? 3 : 15); i >= 0; --i)
            if (++a.bytes[i] != 0) break;
    }
    return a;
}

/// A pattern of an address list as a network: a CIDR, an address, or an IPv4 wildcard pattern
/// (`10.0.*`) taken at one address it matches.
std::optional<net::Network> pattern_network(std::string pattern) {
    if (!pattern.empty() && pattern[0] == '!') pattern.erase(0, 1);
    if (size_t at = pattern.rfind('@'); at != std::string::npos) pattern.erase(0, at + 1);
    if (pattern.empty()) return std::nullopt;
    if (size_t slash = pattern.find('/'); slash != std::string::npos) {
        auto ip = net::parse_ip(pattern.substr(0, slash));
        int len = 0;
        for (char c : pattern.substr(slash + 1)) {
            if (c < '0' || c > '9') return std::nullopt;
            len = len * 10 + (c - '0');
            if (len > 128) return std::nullopt;
        }
        if (!ip || len > ip->bit_count()) return std::nullopt;
        return net::Network{net::mask(*ip, len), len};
    }
    if (pattern.find_first_of("*?") != std::string::npos) {
        std::string probe;
        for (char c : pattern) probe += (c == '*' || c == '?') ? '1' : c;
        // `10.0.*` stands for addresses with more octets: complete it.
        while (std::count(probe.begin(), probe.end(), '.') < 3 &&
               probe.find(':') == std::string::npos)
            probe += ".1";
        if (auto ip = net::parse_ip(probe)) return net::Network{*ip, ip->bit_count()};
        return std::nullopt;
    }
    if (auto ip = net::parse_ip(pattern)) return net::Network{*ip, ip->bit_count()};
    return std::nullopt;
}

bool overlaps(const net::Network& a, const net::Network& b) {
    if (a.address.family != b.address.family) return false;
    return a.prefix <= b.prefix ? net::contains(a, b.address) : net::contains(b, a.address);
}

void split_list(const std::string& list, std::vector<std::string>& out) {
    size_t p = 0;
    while (p <= list.size()) {
        size_t c = list.find(',', p);
        if (c == std::string::npos) c = list.size();
        if (c > p) out.push_back(list.substr(p, c - p));
        p = c + 1;
    }
}

}  // namespace

std::vector<net::IpAddress> witness_addresses(const Config& cfg, const net::Network& sources) {
    std::vector<net::IpAddress> out;
    auto add = [&](const net::IpAddress& a) {
        if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    };
    add(first_host(sources));
    std::vector<std::string> patterns;
    for (const MatchBlock& b : cfg.blocks)
        for (const MatchCriterion& c : b.criteria)
            if (c.attribute == "address") split_list(c.value, patterns);
    for (const Directive& d : cfg.directives) {
        std::string_view name = d.name();
        if (name != "AllowUsers" && name != "DenyUsers") continue;
        for (const Arg& a : d.args)
            if (a.text.find('@') != std::string::npos) patterns.push_back(a.text);
    }
    for (const std::string& p : patterns) {
        auto n = pattern_network(p);
        if (!n || !overlaps(*n, sources)) continue;
        if (n->prefix >= sources.prefix) {
            add(n->prefix == n->address.bit_count() ? n->address : first_host(*n));
            // An address of the sources outside the pattern's network.
            for (const net::IpAddress& edge : {sources.address, last_address(sources)})
                if (!net::contains(*n, edge)) {
                    add(edge);
                    break;
                }
        }
    }
    if (out.size() > k_max_witnesses) out.resize(k_max_witnesses);
    return out;
}

namespace {

/// True when the walk stopped only because the tree has no account files.
bool account_unchecked(const LayerResult& r) {
    for (const auto& [k, v] : r.facts)
        if (k == "account" && v == "unchecked") return true;
    return false;
}

}  // namespace

void check_intents(Host& host, const Config& cfg, const HostFacts& facts, long today,
                   const RuleInfo& denied_rule, const RuleInfo& admitted_rule,
                   DiagnosticSink& out) {
    for (const AccessIntent& intent : facts.intents) {
        bool from_policy = !intent.origin.path.empty();
        std::string label = std::string(intent.must_not ? "must_not_login "
                                        : from_policy   ? "must_login "
                                                        : "--access ") +
                            intent.text;
        for (const net::IpAddress& w : witness_addresses(cfg, intent.sources)) {
            AccessQuery q;
            q.user = intent.user;
            q.address = net::format_ip(w);
            q.family = w.family;
            q.port = intent.port;
            DiagnosticSink errors;
            auto r = sshd_access(q, host, errors, today);
            if (!r) return;  // no sshd configuration
            // Where to point: the last line on the walk, else the main file.
            SourceLocation at{cfg.main_path, 1, 1};
            for (auto it = r->trace.rbegin(); it != r->trace.rend(); ++it)
                if (it->line > 0) {
                    at = {it->file, it->line, 1};
                    break;
                }
            auto report = [&](const RuleInfo& rule, Severity sev, std::string message,
                              std::string help) {
                Diagnostic d;
                d.rule_id = std::string(rule.id);
                d.slug = std::string(rule.slug);
                d.severity = sev;
                d.location = at;
                d.message = std::move(message);
                d.help = std::move(help);
                d.declared_login = !intent.must_not;
                if (from_policy)
                    d.related.push_back({intent.origin, intent.must_not ? "the must_not_login entry"
                                                                        : "the must_login entry"});
                out.report(std::move(d));
            };
            std::string who = intent.user + " from " + q.address;
            if (intent.must_not) {
                if (r->denies) continue;
                report(admitted_rule, r->unknown ? Severity::warning : admitted_rule.severity,
                       label + ": " + (r->unknown ? "sshd may admit " + who + " (" + r->reason + ")"
                                                  : "sshd admits " + who),
                       "refuse it, e.g. with DenyUsers, PermitRootLogin no or a Match block");
                break;
            }
            if (r->unknown && account_unchecked(*r)) {
                // The configuration admits the name and the address; the tree has no account
                // files to check further (a config repository). Nothing to report.
                continue;
            }
            if (r->unknown) {
                report(denied_rule, Severity::warning,
                       label + ": cannot prove that sshd admits " + who + ": " + r->reason,
                       "give the missing input (--to, the account files), or simplify the "
                       "configuration");
                break;
            }
            if (r->denies) {
                report(denied_rule, denied_rule.severity,
                       label + ": sshd refuses " + who + ": " + r->reason,
                       "admit the login again, or change the declared login in the policy");
                break;
            }
            if (!intent.auth.empty()) {
                std::string methods;
                for (const auto& [k, v] : r->facts)
                    if (k == "methods") methods = v;
                bool found = false;
                size_t p = 0;
                while (p <= methods.size() && !found) {
                    size_t e = methods.find_first_of(" ,", p);
                    if (e == std::string::npos) e = methods.size();
                    found = methods.substr(p, e - p) == intent.auth;
                    p = e + 1;
                }
                if (!found) {
                    report(denied_rule, denied_rule.severity,
                           label + ": sshd admits " + who + " but not with " + intent.auth +
                               " (usable: " + (methods.empty() ? "none" : methods) + ")",
                           "enable " + intent.auth + " for " + intent.user +
                               " (and give the credential), or change the declared method");
                    break;
                }
            }
        }
    }
}

}  // namespace lifeline::sshd

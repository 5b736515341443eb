// Ban actions of fail2ban 1.0.2 (action.d/*.conf as shipped by Debian 12) by what they block.
#include "ban.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "fail2ban/ini.hpp"

namespace lifeline::f2b {
namespace {

enum class Kind { ports, all_ports, none };

/// Actions whose rules take the `type` parameter (`<ipt_<type>/_chain_rule>` of iptables.conf,
/// `<rule_match-<type>>` of nftables.conf). A `type` given in the call overrides the one the
/// action file sets (iptables-allports[type=multiport] bans the jail's ports only).
enum class Typed { no, iptables, nftables };

struct KnownAction {
    std::string_view name;
    Kind kind;
    std::string_view mechanism;
    Typed typed = Typed::no;
};

constexpr std::string_view k_iptables =
    "an iptables rule inserted first in INPUT: open sessions from the address are cut too";
constexpr std::string_view k_nftables =
    "nftables table inet f2b-table, input hook at priority -1: open sessions are cut too";
constexpr std::string_view k_firewalld = "a firewalld rule: open sessions are cut too";

// action.d of fail2ban 1.0.2. Actions that only report or mail block nothing here; hostsdeny
// blocks nothing for sshd because Debian's OpenSSH is built without TCP wrappers.
constexpr KnownAction k_actions[] = {
    {"abuseipdb", Kind::none, "a report to AbuseIPDB"},
    {"apf", Kind::all_ports, "an APF deny rule on every port"},
    {"apprise", Kind::none, "a notification"},
    {"blocklist_de", Kind::none, "a report to blocklist.de"},
    {"bsd-ipfw", Kind::ports, "an ipfw rule"},
    {"cloudflare", Kind::none, "a block at Cloudflare's edge, not on this host"},
    {"cloudflare-token", Kind::none, "a block at Cloudflare's edge, not on this host"},
    {"complain", Kind::none, "a mail to the network's abuse contact"},
    {"dshield", Kind::none, "a report to DShield"},
    {"dummy", Kind::none, "nothing (a test action)"},
    {"firewallcmd-allports", Kind::all_ports, k_firewalld},
    {"firewallcmd-ipset", Kind::ports, k_firewalld},
    {"firewallcmd-multiport", Kind::ports, k_firewalld},
    {"firewallcmd-new", Kind::ports, k_firewalld},
    {"firewallcmd-rich-logging", Kind::ports, k_firewalld},
    {"firewallcmd-rich-rules", Kind::ports, k_firewalld},
    {"hostsdeny", Kind::none, "a hosts.deny line, which Debian's sshd does not read"},
    {"ipfilter", Kind::all_ports, "an ipfilter block rule"},
    {"ipfw", Kind::all_ports, "an ipfw rule"},
    {"iptables", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-allports", Kind::all_ports, k_iptables, Typed::iptables},
    {"iptables-ipset", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-ipset-proto4", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-ipset-proto6", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-ipset-proto6-allports", Kind::all_ports, k_iptables, Typed::iptables},
    {"iptables-multiport", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-multiport-log", Kind::ports, k_iptables},
    {"iptables-new", Kind::ports, k_iptables, Typed::iptables},
    {"iptables-xt_recent-echo", Kind::all_ports, k_iptables},
    {"ipthreat", Kind::none, "a report to IPThreat"},
    {"mail", Kind::none, "a mail"},
    {"mail-buffered", Kind::none, "a mail"},
    {"mail-whois", Kind::none, "a mail"},
    {"mail-whois-common", Kind::none, "a mail"},
    {"mail-whois-lines", Kind::none, "a mail"},
    {"mynetwatchman", Kind::none, "a report to myNetWatchman"},
    {"netscaler", Kind::none, "a block on a NetScaler appliance, not on this host"},
    {"nftables", Kind::ports, k_nftables, Typed::nftables},
    {"nftables-allports", Kind::all_ports, k_nftables, Typed::nftables},
    {"nftables-multiport", Kind::ports, k_nftables, Typed::nftables},
    {"nginx-block-map", Kind::none, "an nginx map entry (HTTP only)"},
    {"npf", Kind::all_ports, "an npf table entry"},
    {"nsupdate", Kind::none, "a DNS update"},
    {"osx-afctl", Kind::all_ports, "an afctl rule"},
    {"osx-ipfw", Kind::all_ports, "an ipfw rule"},
    {"pf", Kind::ports, "a pf table entry"},
    {"route", Kind::all_ports, "a blackhole route: every packet back to the address is lost"},
    {"sendmail", Kind::none, "a mail"},
    {"sendmail-buffered", Kind::none, "a mail"},
    {"sendmail-common", Kind::none, "a mail"},
    {"sendmail-geoip-lines", Kind::none, "a mail"},
    {"sendmail-whois", Kind::none, "a mail"},
    {"sendmail-whois-ipjailmatches", Kind::none, "a mail"},
    {"sendmail-whois-ipmatches", Kind::none, "a mail"},
    {"sendmail-whois-lines", Kind::none, "a mail"},
    {"sendmail-whois-matches", Kind::none, "a mail"},
    {"shorewall", Kind::all_ports, "a shorewall blacklist entry"},
    {"shorewall-ipset-proto6", Kind::ports, "a shorewall ipset entry"},
    {"smtp.py", Kind::none, "a mail"},
    {"symbiosis-blacklist-allports", Kind::all_ports, k_iptables},
    {"ufw", Kind::all_ports,
     "`ufw prepend reject`, after ufw's established accept: open sessions survive, the rule "
     "persists in user.rules"},
    {"xarf-login-attack", Kind::none, "an X-ARF report"},
};

const KnownAction* find_action(std::string_view name) {
    for (const KnownAction& a : k_actions)
        if (a.name == name) return &a;
    return nullptr;
}

std::string_view strip(std::string_view s) {
    return py_strip(s);
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::optional<int> number(std::string_view s) {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < 0 || v > 65535) return std::nullopt;
    return v;
}

std::optional<int> port_of(std::string_view s, const ServiceTable& services) {
    if (auto n = number(s)) return n;
    return services.find(s);
}

/// Adds `ranges` to `into`, merged.
void merge(std::vector<std::pair<int, int>>& into, const std::vector<std::pair<int, int>>& ranges) {
    into.insert(into.end(), ranges.begin(), ranges.end());
    std::sort(into.begin(), into.end());
    std::vector<std::pair<int, int>> out;
    for (const auto& r : into) {
        if (!out.empty() && r.first <= out.back().second + 1)
            out.back().second = std::max(out.back().second, r.second);
        else out.push_back(r);
    }
    into = std::move(out);
}

}  // namespace

const std::string* ActionCall::param(std::string_view key) const {
    for (const auto& [k, v] : params)
        if (k == key) return &v;
    return nullptr;
}

std::vector<ActionCall> parse_actions(std::string_view text) {
    std::vector<ActionCall> out;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        std::string_view line =
            strip(text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        if (line.empty()) continue;
        ActionCall call;
        size_t open = line.find('[');
        call.name = std::string(strip(line.substr(0, open)));
        if (open != std::string_view::npos) {
            std::string_view body = line.substr(open + 1);
            if (!body.empty() && body.back() == ']') body.remove_suffix(1);
            size_t i = 0;
            // fail2ban's OPTION_EXTRACT_CRE (helpers.py): options are separated by ',' or by
            // ']' '[' (jail.conf's action_ appends its own group to %(banaction)s, so
            // `banaction = iptables[type=allports]` reaches the reader as
            // `iptables[type=allports][port="ssh", ...]`); an unquoted value ends at ',' or ']'.
            while (i < body.size()) {
                while (i < body.size() &&
                       (body[i] == ',' || body[i] == ']' || body[i] == '[' || py_isspace(body[i])))
                    ++i;
                size_t eq = body.find('=', i);
                if (eq == std::string_view::npos) break;
                std::string key(strip(body.substr(i, eq - i)));
                i = eq + 1;
                while (i < body.size() && py_isspace(body[i])) ++i;
                std::string value;
                if (i < body.size() && (body[i] == '"' || body[i] == '\'')) {
                    char q = body[i];
                    size_t close = body.find(q, i + 1);
                    if (close == std::string_view::npos) close = body.size();
                    value = std::string(body.substr(i + 1, close - i - 1));
                    i = close + 1;
                } else {
                    size_t end = body.find_first_of(",]", i);
                    if (end == std::string_view::npos) end = body.size();
                    value = std::string(strip(body.substr(i, end - i)));
                    i = end;
                }
                call.params.emplace_back(std::move(key), std::move(value));
            }
        }
        out.push_back(std::move(call));
    }
    return out;
}

bool parse_port_list(std::string_view text, const ServiceTable& services,
                     std::vector<std::pair<int, int>>& out, std::string* bad) {
    std::vector<std::pair<int, int>> ranges;
    size_t pos = 0;
    while (pos <= text.size()) {
        size_t comma = text.find_first_of(", ", pos);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view part = strip(text.substr(pos, comma - pos));
        pos = comma + 1;
        if (part.empty()) continue;
        size_t sep = part.find_first_of(":-");
        std::optional<int> lo, hi;
        if (sep != std::string_view::npos) {
            lo = port_of(strip(part.substr(0, sep)), services);
            hi = port_of(strip(part.substr(sep + 1)), services);
        } else {
            lo = hi = port_of(part, services);
        }
        if (!lo || !hi || *lo > *hi) {
            if (bad) *bad = std::string(part);
            return false;
        }
        ranges.emplace_back(*lo, *hi);
    }
    if (ranges.empty()) {
        if (bad) *bad = std::string(text);
        return false;
    }
    merge(out, ranges);
    return true;
}

bool BanReach::blocks(int port) const {
    if (!tcp) return false;
    switch (scope) {
        case Scope::none: return false;
        case Scope::all_ports:
        case Scope::unknown: return true;
        case Scope::ports:
            for (const auto& [lo, hi] : ports)
                if (port >= lo && port <= hi) return true;
            return false;
    }
    return false;
}

std::string BanReach::describe() const {
    switch (scope) {
        case Scope::none: return "no port";
        case Scope::all_ports: return "every port";
        case Scope::unknown: return "unknown ports";
        case Scope::ports: break;
    }
    std::string out;
    for (const auto& [lo, hi] : ports) {
        if (!out.empty()) out += ',';
        out += std::to_string(lo);
        if (hi != lo) out += ":" + std::to_string(hi);
    }
    return out;
}

BanReach ban_reach(const Jail& jail, const ServiceTable& services) {
    BanReach reach;
    if (!jail.action) return reach;  // no action: a ban changes nothing
    reach.origin = jail.action->origin;
    std::set<std::string> mechanisms;
    bool any_tcp = false;
    for (const ActionCall& call : parse_actions(jail.action->value)) {
        const KnownAction* known = find_action(call.name);
        if (!known) {
            reach.scope = BanReach::Scope::unknown;
            reach.note = "action '" + call.name +
                         "' is not one fail2ban ships: lifeline assumes it can block sshd's port";
            any_tcp = true;
            continue;
        }
        if (known->kind == Kind::none) continue;
        const std::string* proto = call.param("protocol");
        std::string protocol = proto ? lower(*proto) : jail.protocol ? lower(jail.protocol->value) : "tcp";
        bool tcp = protocol.find("tcp") != std::string::npos || protocol == "all";
        if (!tcp) continue;
        any_tcp = true;
        mechanisms.insert(std::string(known->mechanism));
        if (reach.scope == BanReach::Scope::unknown) continue;
        Kind kind = known->kind;
        if (const std::string* type = call.param("type"); type && known->typed != Typed::no) {
            if (*type == "allports") {
                kind = Kind::all_ports;
            } else if (*type == "multiport" ||
                       (*type == "oneport" && known->typed == Typed::iptables)) {
                kind = Kind::ports;
            } else {
                reach.scope = BanReach::Scope::unknown;
                reach.note = "type '" + *type + "' of action " + call.name +
                             " is not one its action file defines";
                continue;
            }
        }
        // ufw bans every port unless an application profile narrows it.
        if (call.name == "ufw" && call.param("application") && !call.param("application")->empty()) {
            reach.scope = BanReach::Scope::unknown;
            reach.note = "ufw's ban is limited to application '" + *call.param("application") +
                         "', whose ports lifeline does not read here";
            continue;
        }
        if (kind == Kind::all_ports) {
            reach.scope = BanReach::Scope::all_ports;
            continue;
        }
        const std::string* port = call.param("port");
        std::string text = port ? *port : jail.port ? jail.port->value : "ssh";
        std::vector<std::pair<int, int>> ranges;
        std::string bad;
        if (!parse_port_list(text, services, ranges, &bad)) {
            reach.scope = BanReach::Scope::unknown;
            reach.note = "port '" + bad + "' of action " + call.name + " is not a port or a known service";
            continue;
        }
        if (reach.scope == BanReach::Scope::all_ports) continue;
        reach.scope = BanReach::Scope::ports;
        merge(reach.ports, ranges);
    }
    reach.tcp = any_tcp;
    if (!any_tcp) reach.scope = BanReach::Scope::none;
    for (const auto& m : mechanisms) reach.mechanism += (reach.mechanism.empty() ? "" : "; ") + m;
    return reach;
}

}  // namespace lifeline::f2b

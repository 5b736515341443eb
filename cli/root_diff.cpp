#include "root_diff.hpp"

#include <ostream>

#include "host_view.hpp"

namespace lifeline::cli {
namespace {

using nlohmann::json;

/// How much access a verdict gives: a login that works (even at risk) counts as access.
bool grants(const std::string& verdict) {
    return verdict == "allowed" || verdict == "at-risk";
}

/// The verdict that sums up an intent's probes: the worst case for the intent (must_login: any
/// refusal; must_not_login: any admission).
std::string summary(const std::vector<std::string>& verdicts, bool must_not) {
    static const char* const k_login_order[] = {"denied", "unknown", "at-risk", "allowed"};
    static const char* const k_refusal_order[] = {"allowed", "at-risk", "unknown", "denied"};
    for (const char* v : must_not ? k_refusal_order : k_login_order)
        if (std::find(verdicts.begin(), verdicts.end(), v) != verdicts.end()) return v;
    return "unknown";
}

std::string origin_text(const AccessIntent& intent) {
    if (intent.origin.path.empty()) return "";
    return intent.origin.path + ":" + std::to_string(intent.origin.line);
}

json diff_intent(const AccessIntent& intent, HostView& a, HostView& b) {
    std::vector<net::IpAddress> probes = probe_addresses(a.facts(), intent);
    for (const auto& p : probe_addresses(b.facts(), intent))
        if (std::find(probes.begin(), probes.end(), p) == probes.end()) probes.push_back(p);
    json j = {{"intent", intent.text},
              {"kind", intent.must_not ? "must_not_login" : "must_login"},
              {"origin", origin_text(intent)}};
    std::vector<std::string> before, after;
    json rows = json::array();
    bool lost = false, gained = false;
    json changed_row;
    for (const auto& address : probes) {
        AccessQuery q;
        q.user = intent.user;
        q.address = net::format_ip(address);
        q.family = address.family;
        q.port = intent.port;
        AccessReport ra = a.ask(q), rb = b.ask(q);
        before.push_back(ra.verdict);
        after.push_back(rb.verdict);
        json row = {{"address", q.address},
                    {"before", ra.verdict},
                    {"after", rb.verdict},
                    {"before_reason", explain(ra, a)},
                    {"after_reason", explain(rb, b)}};
        bool was = grants(ra.verdict), is = grants(rb.verdict);
        lost |= was && rb.verdict == "denied";
        gained |= ra.verdict == "denied" && is;
        if (ra.verdict != rb.verdict && changed_row.is_null()) changed_row = row;
        rows.push_back(std::move(row));
    }
    j["before"] = summary(before, intent.must_not);
    j["after"] = summary(after, intent.must_not);
    j["lost"] = lost;
    j["gained"] = gained;
    j["changed"] = before != after;
    j["example"] = changed_row;
    j["probes"] = std::move(rows);
    return j;
}

json networks_json(const AddressSet& s) {
    json out = json::array();
    for (const auto& n : s.networks()) out.push_back(net::format_network(n));
    return out;
}

/// An example source of `set` and what `view`'s firewall does with it.
json example(const AddressSet& set, const Reach& r, const HostView& view) {
    auto nets = set.networks();
    if (nets.empty() || !r.listening) return nullptr;
    auto parts = nf::partition(view.facts().firewall, r.packet, nets.front());
    if (parts.empty()) return nullptr;
    const nf::Part& p = parts.front();
    json j = {{"address", net::format_ip(p.witness)},
              {"outcome", nf::to_string(p.evaluation.outcome)}};
    if (!p.evaluation.trace.empty()) {
        const nf::Origin& o = p.evaluation.trace.back().origin;
        j["at"] = view.where(o.file, o.line);
        j["rule"] = o.text;
    }
    if (!p.evaluation.reason.empty()) j["reason"] = p.evaluation.reason;
    return j;
}

json diff_reach(const HostView& a, const HostView& b) {
    json out = json::array();
    auto ra = a.reach(), rb = b.reach();
    std::map<std::pair<int, int>, int> keys;
    for (const auto& [k, v] : ra) keys[k] = 0;
    for (const auto& [k, v] : rb) keys[k] = 0;
    for (const auto& [key, unused] : keys) {
        Reach none;
        none.accepted = AddressSet(key.first);
        const Reach& x = ra.count(key) ? ra.at(key) : none;
        const Reach& y = rb.count(key) ? rb.at(key) : none;
        json j = {{"family", key.first}, {"port", key.second}};
        j["before"] = {{"listening", x.listening}, {"from", networks_json(x.accepted)}};
        j["after"] = {{"listening", y.listening}, {"from", networks_json(y.accepted)}};
        if (!x.unreadable.empty() || !y.unreadable.empty()) {
            j["unknown"] = !y.unreadable.empty() ? y.unreadable : x.unreadable;
            j["changed"] = x.unreadable != y.unreadable;
            out.push_back(std::move(j));
            continue;
        }
        AddressSet gained = y.accepted.minus(x.accepted), lost = x.accepted.minus(y.accepted);
        j["gained"] = networks_json(gained);
        j["lost"] = networks_json(lost);
        j["gained_example"] = example(gained, y, b);
        // When sshd stopped listening there is no packet path to show.
        j["lost_example"] = y.listening ? example(lost, y, b) : json(nullptr);
        j["changed"] = x.listening != y.listening || !gained.empty() || !lost.empty();
        out.push_back(std::move(j));
    }
    return out;
}

std::string family_name(int family) {
    return family == 4 ? "IPv4" : "IPv6";
}

std::string cidr_list(const json& list) {
    std::string s;
    size_t shown = 0;
    for (const auto& n : list) {
        if (shown == 4) return s + " and " + std::to_string(list.size() - shown) + " more";
        s += (s.empty() ? "" : ", ") + n.get<std::string>();
        ++shown;
    }
    return s;
}

std::string example_text(const json& e) {
    if (e.is_null()) return "";
    std::string s =
        " (e.g. " + e["address"].get<std::string>() + ": " + e["outcome"].get<std::string>();
    if (e.contains("at")) s += " at " + e["at"].get<std::string>();
    if (e.contains("reason")) s += ", " + e["reason"].get<std::string>();
    return s + ")";
}

}  // namespace

json diff_root(App& app, const RepoState& before, const RepoState& after, const std::string& root,
               const std::vector<AccessIntent>& intents) {
    HostView a(app, *before.fs, root), b(app, *after.fs, root);
    json j = {{"root", root}};
    j["status"] = !a.present() ? "added" : !b.present() ? "removed" : "changed";
    j["intents"] = json::array();
    j["reachability"] = json::array();
    int lost = 0;
    if (a.present() && b.present()) {
        for (const auto& intent : intents) {
            json d = diff_intent(intent, a, b);
            if (!intent.must_not && d["lost"].get<bool>()) ++lost;
            j["intents"].push_back(std::move(d));
        }
        j["reachability"] = diff_reach(a, b);
    }
    j["lost_must_login"] = lost;
    return j;
}

void render_root_diff(const json& root, std::ostream& out) {
    const std::string name = root["root"];
    if (root["status"] != "changed") {
        out << name << ": host root " << root["status"].get<std::string>() << '\n';
        return;
    }
    std::vector<std::string> lines;
    for (const auto& i : root["intents"]) {
        if (!i["changed"].get<bool>()) continue;
        std::string line = i["kind"].get<std::string>() + " " + i["intent"].get<std::string>() +
                           ": " + i["before"].get<std::string>() + " → " +
                           i["after"].get<std::string>();
        const json& e = i["example"];
        if (!e.is_null()) {
            std::string why = e["after_reason"];
            line += " (";
            if (!why.empty()) line += why + "; ";
            line += "e.g. from " + e["address"].get<std::string>() + ")";
        }
        if (i["lost"].get<bool>() && i["kind"] == "must_login") line += " [access lost]";
        lines.push_back(line);
    }
    for (const auto& r : root["reachability"]) {
        if (!r["changed"].get<bool>()) continue;
        std::string head =
            family_name(r["family"]) + " port " + std::to_string(r["port"].get<int>());
        if (r.contains("unknown")) {
            lines.push_back(head + ": reachability unknown: " + r["unknown"].get<std::string>());
            continue;
        }
        bool was = r["before"]["listening"], is = r["after"]["listening"];
        if (was != is)
            lines.push_back(head + (is ? ": sshd listens now" : ": sshd no longer listens"));
        if (!r["lost"].empty())
            lines.push_back(head + ": access lost from " + cidr_list(r["lost"]) +
                            example_text(r["lost_example"]));
        if (!r["gained"].empty())
            lines.push_back(head + ": access gained from " + cidr_list(r["gained"]) +
                            example_text(r["gained_example"]));
    }
    if (lines.empty()) {
        out << name << ": no change in access\n";
        return;
    }
    out << name << ":\n";
    for (const auto& l : lines) out << "  " << l << '\n';
}

}  // namespace lifeline::cli

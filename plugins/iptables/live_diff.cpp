// IPT008's comparison of the live tables with the files' (live_diff.hpp).
#include "iptables/live_diff.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <map>
#include <set>

namespace lifeline::iptables {
namespace {

/// One rule as compared, with where it came from.
struct Keyed {
    std::string key;
    const nf::Origin* origin;
};

bool ignored(const std::string& chain, const std::vector<std::string>& patterns) {
    for (const auto& p : patterns)
        if (::fnmatch(p.c_str(), chain.c_str(), 0) == 0) return true;
    return false;
}

/// The name a history or unmodelled match is known by: "-m recent", or a set match with its
/// set's name (their other options are printed with defaults by iptables-save).
std::string match_name(const std::string& text) {
    if (text.rfind("-m set", 0) == 0) return text.substr(0, text.find(" ("));
    size_t first = text.find(' ');
    if (first == std::string::npos) return text;
    return text.substr(0, text.find(' ', first + 1));
}

/// REJECT's --reject-with as iptables-save prints it (the default and the short aliases).
std::string reject_type(const std::string& detail, int family) {
    static const std::map<std::string, std::string> k_alias = {
        {"net-unreach", "icmp-net-unreachable"},   {"host-unreach", "icmp-host-unreachable"},
        {"proto-unreach", "icmp-proto-unreachable"}, {"port-unreach", "port-unreachable"},
        {"net-prohib", "icmp-net-prohibited"},     {"host-prohib", "icmp-host-prohibited"},
        {"admin-prohib", "icmp-admin-prohibited"}, {"tcp-rst", "tcp-reset"},
        {"no-route", "icmp6-no-route"},            {"adm-prohibited", "icmp6-adm-prohibited"},
        {"addr-unreach", "icmp6-addr-unreachable"}};
    std::string t = detail;
    if (auto it = k_alias.find(t); it != k_alias.end()) t = it->second;
    if (t.empty() || t == "port-unreachable")
        t = family == 6 ? "icmp6-port-unreachable" : "icmp-port-unreachable";
    return t;
}

std::string term_key(const nf::Term& t) {
    std::string k = std::to_string(static_cast<int>(t.field)) + (t.negated ? "!" : "") + ":";
    if (t.field == nf::Field::unknown || t.field == nf::Field::may_match)
        return k + match_name(t.text) + (t.likely ? "+" : "-");
    for (const auto& r : t.values) k += std::to_string(r.first) + "-" + std::to_string(r.last) + ",";
    for (const auto& n : t.networks) k += net::format_network(n) + ",";
    for (const auto& i : t.interfaces) k += i.name + (i.wildcard ? "+," : ",");
    return k + std::to_string(t.bits) + "/" + std::to_string(t.mask);
}

/// The keys of one rule: iptables-restore makes one rule per source and destination address
/// of `-s a,b -d c,d` (sources outermost), so a rule with several is several keys.
std::vector<std::string> rule_keys(const nf::Rule& r, int family) {
    std::string head = std::to_string(static_cast<int>(r.verdict)) + " " + r.target + " " +
                       (r.verdict == nf::Verdict::reject ? reject_type(r.detail, family) : r.detail);
    for (const auto& e : r.effects)
        head += " e" + std::to_string(static_cast<int>(e.kind)) + ":" + std::to_string(e.value) +
                "/" + std::to_string(e.mask);
    std::set<std::string> fixed;
    const nf::Term* saddr = nullptr;
    const nf::Term* daddr = nullptr;
    for (const auto& t : r.terms) {
        bool several = !t.negated && t.networks.size() > 1 && t.text.rfind("-m set", 0) != 0;
        if (several && t.field == nf::Field::saddr && !saddr) saddr = &t;
        else if (several && t.field == nf::Field::daddr && !daddr) daddr = &t;
        else fixed.insert(term_key(t));
    }
    std::vector<std::string> out;
    // Each expanded address joins the other terms in the same sorted order a rule written with
    // one address has, so `-s a,b` keys equal those of the two rules iptables-save prints.
    auto one = [](const nf::Term* t, size_t i, std::set<std::string>& keys) {
        if (!t) return;
        nf::Term single = *t;
        single.networks = {t->networks[i]};
        keys.insert(term_key(single));
    };
    size_t ns = saddr ? saddr->networks.size() : 1, nd = daddr ? daddr->networks.size() : 1;
    for (size_t i = 0; i < ns; ++i)
        for (size_t j = 0; j < nd; ++j) {
            std::set<std::string> keys = fixed;
            one(saddr, i, keys);
            one(daddr, j, keys);
            std::string k = head + "|";
            for (const auto& t : keys) k += t + "|";
            out.push_back(std::move(k));
        }
    return out;
}

std::vector<Keyed> chain_keys(const nf::Chain* c, int family,
                              const std::vector<std::string>& ignore) {
    std::vector<Keyed> out;
    if (!c) return out;
    for (const auto& r : c->rules) {
        bool to_ignored = (r.verdict == nf::Verdict::jump || r.verdict == nf::Verdict::go_to) &&
                          ignored(r.target, ignore);
        if (to_ignored) continue;
        for (auto& k : rule_keys(r, family)) out.push_back({std::move(k), &r.origin});
    }
    return out;
}

/// A table that holds nothing: built-in chains only, no rules, every policy ACCEPT.
bool trivial(const nf::Table& t) {
    for (const auto& c : t.chains)
        if (!c.base || !c.rules.empty() || c.policy != nf::Verdict::accept) return false;
    return true;
}

std::string quoted(const nf::Origin& o) { return "`" + o.text + "`"; }

std::string at_live(const nf::Origin& o) { return o.file + ":" + std::to_string(o.line); }

class Comparer {
  public:
    Comparer(int family, const std::vector<std::string>& ignore) : m_family(family), m_ignore(ignore) {}

    void chain(const std::string& table, const nf::Chain* f, const nf::Chain* l) {
        const std::string& name = f ? f->name : l->name;
        if (ignored(name, m_ignore)) return;
        bool base = f ? f->base : l->base;
        if (!l && !base) {
            add(table, name, f->origin, {}, "chain " + name + " of table " + table +
                                                 " is not in the running kernel");
            return;
        }
        if (!f && !base) {
            add(table, name, {}, l->origin,
                "chain " + name + " of table " + table + " is loaded (" + at_live(l->origin) +
                    ") but no file creates it");
            return;
        }
        auto policy = [](const nf::Chain* c) { return c ? c->policy : nf::Verdict::accept; };
        if (base && policy(f) != policy(l)) {
            const char* live_p = policy(l) == nf::Verdict::drop ? "DROP" : "ACCEPT";
            const char* file_p = policy(f) == nf::Verdict::drop ? "DROP" : "ACCEPT";
            // The live side's `:CHAIN POLICY` line (a built-in chain's declaration has none).
            nf::Origin live_at = !l ? nf::Origin{} : l->policy_origin.line > 0 ? l->policy_origin : l->origin;
            add(table, name, f ? f->policy_origin : nf::Origin{}, live_at,
                "the running kernel's policy of " + table + " " + name + " is " + live_p +
                    ", the file sets " + file_p);
            return;
        }
        rules(table, name, f, l);
    }

    void table(const std::string& name, const nf::Table* f, const nf::Table* l) {
        if (f && (!l || trivial(*l)) && !trivial(*f)) {
            add(name, "", f->origin, {}, "table " + name + " is not loaded in the running kernel");
            return;
        }
        if (l && (!f || trivial(*f))) {
            if (!trivial(*l))
                add(name, "", {}, l->origin,
                    "table " + name + " is loaded (" + at_live(l->origin) +
                        ") but no file creates it");
            return;
        }
        if (!f || !l) return;
        std::vector<std::string> names;
        for (const auto& c : f->chains) names.push_back(c.name);
        for (const auto& c : l->chains)
            if (!f->find_chain(c.name)) names.push_back(c.name);
        for (const auto& n : names) chain(name, f->find_chain(n), l->find_chain(n));
    }

    std::vector<LiveDifference> take() { return std::move(m_out); }

  private:
    void rules(const std::string& table, const std::string& name, const nf::Chain* f,
               const nf::Chain* l) {
        std::vector<Keyed> fk = chain_keys(f, m_family, m_ignore), lk = chain_keys(l, m_family, m_ignore);
        size_t p = 0;
        while (p < fk.size() && p < lk.size() && fk[p].key == lk[p].key) ++p;
        if (p == fk.size() && p == lk.size()) return;
        size_t s = 0;
        while (s < fk.size() - p && s < lk.size() - p &&
               fk[fk.size() - 1 - s].key == lk[lk.size() - 1 - s].key)
            ++s;
        size_t f_mid = fk.size() - p - s, l_mid = lk.size() - p - s;
        std::string where = "chain " + name + " of table " + table;
        auto count = [](size_t n) { return n == 1 ? std::string("1 rule") : std::to_string(n) + " rules"; };
        if (f_mid == 0) {
            const nf::Origin& first = *lk[p].origin;
            // Before the chain's first rule: its declaration, or for a built-in chain (which
            // has none) the `:CHAIN POLICY` line.
            nf::Origin none;
            const nf::Origin& at = p > 0 ? *fk[p - 1].origin
                                   : !f ? none
                                   : f->origin.line > 0 ? f->origin : f->policy_origin;
            add(table, name, at, first,
                "the running kernel has " + count(l_mid) + " in " + where + " that the file " +
                    (p > 0 ? "does not load after this rule" : "does not load") + ", first " +
                    quoted(first) + " (" + at_live(first) + ")");
        } else if (l_mid == 0) {
            add(table, name, *fk[p].origin, {},
                count(f_mid) + " of " + where + " from this one on " +
                    (f_mid == 1 ? "is" : "are") + " not in the running kernel");
        } else {
            const nf::Origin& live = *lk[p].origin;
            add(table, name, *fk[p].origin, live,
                "rule " + std::to_string(p + 1) + " of " + where + " differs in the running " +
                    "kernel: it has " + quoted(live) + " (" + at_live(live) + ") here" +
                    (f_mid != l_mid ? " (" + count(l_mid) + " live where the file has " +
                                          std::to_string(f_mid) + ")"
                                    : std::string()));
        }
    }

    void add(const std::string& table, const std::string& chain, nf::Origin file_at,
             nf::Origin live_at, std::string message) {
        m_out.push_back({table, chain, std::move(file_at), std::move(live_at), std::move(message)});
    }

    int m_family;
    const std::vector<std::string>& m_ignore;
    std::vector<LiveDifference> m_out;
};

}  // namespace

std::vector<std::string> split_patterns(std::string_view text) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

std::vector<LiveDifference> compare_live(const XtablesState& files, const XtablesState& live,
                                         const std::vector<std::string>& ignore_chains) {
    // Set matches are compared by set name: no contents, so both sides translate alike.
    IpsetDb no_sets;
    std::vector<nf::Table> ft = files.to_netfilter("files", no_sets);
    std::vector<nf::Table> lt = live.to_netfilter("live", no_sets);
    auto find = [](const std::vector<nf::Table>& v, const std::string& name) -> const nf::Table* {
        for (const auto& t : v)
            if (t.name == name) return &t;
        return nullptr;
    };
    std::vector<std::string> names;
    for (const auto& t : ft) names.push_back(t.name);
    for (const auto& t : lt)
        if (!find(ft, t.name)) names.push_back(t.name);
    Comparer c(files.family(), ignore_chains);
    for (const auto& n : names) c.table(n, find(ft, n), find(lt, n));
    return c.take();
}

}  // namespace lifeline::iptables

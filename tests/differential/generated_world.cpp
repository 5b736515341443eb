#include "generated_world.hpp"

#include <algorithm>

namespace lifeline::differential {
namespace {

using V = std::vector<std::string>;

// `Alice` next to `alice` checks that user patterns are case-sensitive.
const V k_user_pool = {"alice",  "bob",   "carol", "dave",     "eve",
                       "deploy", "admin", "Alice", "backup-op"};
const V k_group_pool = {"wheel", "sudo", "staff", "devs", "ops", "sftponly", "adm"};

// Addresses chosen around the CIDRs of address_pattern(): inside, outside, v4 and v6.
const V k_client_addrs = {"10.1.2.3",    "10.200.3.4", "192.168.1.50", "192.0.2.77",
                          "203.0.113.9", "127.0.0.1",  "2001:db8::5",  "2001:db8:1::9",
                          "::1",         "172.16.5.5", "10.1.255.255", "198.51.100.1"};
const V k_host_names = {"web1.example.com", "WEB2.Example.COM", "bad.example.com", "localhost",
                        "host.internal"};
const V k_local_addrs = {"192.0.2.1", "10.0.0.1", "127.0.0.1", "::1", "2001:db8::1"};
const V k_local_ports = {"22", "2222", "8022"};
const V k_rdomains = {"vrf0", "vrf1", "lo"};

/// Joins 1-3 entries, each possibly negated, and makes sure a positive entry exists most times.
std::string pattern_list(Rng& rng, const V& positives, int negate_percent) {
    int n = rng.between(1, 3);
    std::string out;
    bool any_positive = false;
    for (int i = 0; i < n; ++i) {
        bool neg = rng.chance(negate_percent);
        any_positive |= !neg;
        if (i) out += ',';
        out += (neg ? "!" : "") + rng.pick(positives);
    }
    // A negation-only list matches nothing; keep that case, but rarer.
    if (!any_positive && rng.chance(70)) out += ",*";
    return out;
}

}  // namespace

UserWorld generate_users(Rng& rng) {
    UserWorld w;
    V pool = k_user_pool;
    int n = rng.between(3, 6);
    for (int i = 0; i < n && !pool.empty(); ++i) {
        std::size_t k = rng.below(pool.size());
        w.users.push_back(pool[k]);
        pool.erase(pool.begin() + static_cast<long>(k));
    }
    w.passwd =
        "root:x:0:0:root:/root:/bin/bash\n"
        "sshd:x:102:65534::/run/sshd:/usr/sbin/nologin\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
    w.group = "root:x:0:\nnogroup:x:65534:\n";
    // Pool groups get random members; some users have a pool group as primary group.
    std::vector<V> members(k_group_pool.size());
    std::vector<bool> used(k_group_pool.size(), false);
    for (std::size_t u = 0; u < w.users.size(); ++u) {
        const std::string& name = w.users[u];
        int uid = 2000 + static_cast<int>(u);
        int gid = uid;
        if (rng.chance(30)) {
            std::size_t g = rng.below(k_group_pool.size());
            gid = 3000 + static_cast<int>(g);
            used[g] = true;
        } else {
            w.group += name + ":x:" + std::to_string(uid) + ":\n";
            w.groups.push_back(name);
        }
        w.passwd += name + ":x:" + std::to_string(uid) + ":" + std::to_string(gid) + "::/home/" +
                    name + ":/bin/bash\n";
        for (std::size_t g = 0; g < k_group_pool.size(); ++g) {
            if (rng.chance(30)) members[g].push_back(name);
        }
    }
    for (std::size_t g = 0; g < k_group_pool.size(); ++g) {
        if (members[g].empty() && !used[g] && rng.chance(50)) continue;
        std::string list;
        for (const auto& m : members[g]) list += (list.empty() ? "" : ",") + m;
        w.group += k_group_pool[g] + ":x:" + std::to_string(3000 + g) + ":" + list + "\n";
        w.groups.push_back(k_group_pool[g]);
    }
    return w;
}

std::vector<std::string> generate_specs(Rng& rng, const UserWorld& world, int count) {
    V users = world.users;
    users.push_back("root");
    users.push_back("ghost");  // not in passwd: Match Group never matches it
    std::vector<std::string> specs;
    for (int i = 0; i < count; ++i) {
        bool full = i == 0;
        std::vector<std::string> fields;
        if (full || rng.chance(90)) fields.push_back("user=" + rng.pick(users));
        std::string addr = rng.pick(k_client_addrs);
        int host_roll = static_cast<int>(rng.below(100));
        if (host_roll < 60) {
            fields.push_back("host=" + addr);  // what the daemon uses with UseDNS no
        } else if (host_roll < 90) {
            fields.push_back("host=" + rng.pick(k_host_names));
        }
        if (full || rng.chance(85)) fields.push_back("addr=" + addr);
        if (full || rng.chance(75)) fields.push_back("laddr=" + rng.pick(k_local_addrs));
        if (full || rng.chance(90)) fields.push_back("lport=" + rng.pick(k_local_ports));
        if (rng.chance(15)) fields.push_back("rdomain=" + rng.pick(k_rdomains));
        std::string spec;
        for (const auto& f : fields) spec += (spec.empty() ? "" : ",") + f;
        if (std::find(specs.begin(), specs.end(), spec) == specs.end()) specs.push_back(spec);
    }
    return specs;
}

std::string user_pattern(Rng& rng, const UserWorld& world) {
    V positives = world.users;
    for (const char* p : {"root", "a*", "?ob", "*", "de*", "ghost"}) positives.push_back(p);
    return pattern_list(rng, positives, 20);
}

std::string group_pattern(Rng& rng, const UserWorld& world) {
    V positives = world.groups;
    for (const char* p : {"s*", "dev?", "*", "wheel"}) positives.push_back(p);
    return pattern_list(rng, positives, 20);
}

std::string host_pattern(Rng& rng) {
    return pattern_list(rng,
                        {"*.example.com", "web?.example.com", "bad.example.com", "10.1.*",
                         "localhost", "192.168.1.50", "*.internal", "2001:db8::*"},
                        20);
}

std::string address_pattern(Rng& rng) {
    return pattern_list(rng,
                        {"10.0.0.0/8", "10.1.0.0/16", "192.168.1.0/24", "192.0.2.0/24",
                         "2001:db8::/32", "2001:db8:1::/48", "127.0.0.1", "::1", "192.0.2.*",
                         "0.0.0.0/0", "198.51.100.1/32", "172.16.0.0/12", "*"},
                        25);
}

std::string local_address_pattern(Rng& rng) {
    return pattern_list(rng, {"192.0.2.1", "10.0.0.0/8", "127.0.0.0/8", "::1", "2001:db8::/64"},
                        20);
}

std::string local_port(Rng& rng) {
    return rng.pick(k_local_ports);
}

std::string rdomain_pattern(Rng& rng) {
    return pattern_list(rng, {"vrf0", "vrf*", "lo", "*"}, 20);
}

}  // namespace lifeline::differential

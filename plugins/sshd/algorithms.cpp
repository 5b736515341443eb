#include "algorithms.hpp"

#include <vector>

#include "keywords.hpp"
#include "match.hpp"

namespace lifeline::sshd {
namespace {

// `ssh -Q cipher|mac|kex|key-sig|sig` of Debian 12's openssh 1:9.2p1-2 (OpenSSL 3).
constexpr std::string_view k_all_ciphers =
    "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,aes128-ctr,aes192-ctr,aes256-ctr,"
    "aes128-gcm@openssh.com,aes256-gcm@openssh.com,chacha20-poly1305@openssh.com";
constexpr std::string_view k_all_macs =
    "hmac-sha1,hmac-sha1-96,hmac-sha2-256,hmac-sha2-512,hmac-md5,hmac-md5-96,"
    "umac-64@openssh.com,umac-128@openssh.com,hmac-sha1-etm@openssh.com,"
    "hmac-sha1-96-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,umac-64-etm@openssh.com,"
    "umac-128-etm@openssh.com";
constexpr std::string_view k_all_kex =
    "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,diffie-hellman-group14-sha256,"
    "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,"
    "diffie-hellman-group-exchange-sha1,diffie-hellman-group-exchange-sha256,"
    "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,curve25519-sha256,"
    "curve25519-sha256@libssh.org,sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com";
constexpr std::string_view k_all_keys =
    "ssh-ed25519,ssh-ed25519-cert-v01@openssh.com,sk-ssh-ed25519@openssh.com,"
    "sk-ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256,"
    "ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384,"
    "ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521,"
    "ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,"
    "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,webauthn-sk-ecdsa-sha2-nistp256@openssh.com,"
    "ssh-dss,ssh-dss-cert-v01@openssh.com,ssh-rsa,ssh-rsa-cert-v01@openssh.com,rsa-sha2-256,"
    "rsa-sha2-256-cert-v01@openssh.com,rsa-sha2-512,rsa-sha2-512-cert-v01@openssh.com";
constexpr std::string_view k_all_sigs =
    "ssh-ed25519,sk-ssh-ed25519@openssh.com,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,"
    "ecdsa-sha2-nistp521,sk-ecdsa-sha2-nistp256@openssh.com,"
    "webauthn-sk-ecdsa-sha2-nistp256@openssh.com,ssh-dss,ssh-rsa,rsa-sha2-256,rsa-sha2-512";

// Defaults as `sshd -T -f /dev/null` prints them.
constexpr std::string_view k_def_ciphers =
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,"
    "aes256-gcm@openssh.com";
constexpr std::string_view k_def_macs =
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,"
    "hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,"
    "umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1";
constexpr std::string_view k_def_kex =
    "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,"
    "curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
    "diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";
constexpr std::string_view k_def_keys =
    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "ecdsa-sha2-nistp384-cert-v01@openssh.com,ecdsa-sha2-nistp521-cert-v01@openssh.com,"
    "sk-ssh-ed25519-cert-v01@openssh.com,sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,"
    "rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,ssh-ed25519,"
    "ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"
    "sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256";
constexpr std::string_view k_def_sigs =
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
    "sk-ssh-ed25519@openssh.com,sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256";

constexpr std::string_view k_gss_kex_prefixes[] = {
    "gss-gex-sha1-",       "gss-group1-sha1-",     "gss-group14-sha1-",      "gss-group14-sha256-",
    "gss-group16-sha512-", "gss-nistp256-sha256-", "gss-curve25519-sha256-",
};
constexpr std::string_view k_def_gss_kex =
    "gss-group14-sha256-,gss-group16-sha512-,gss-nistp256-sha256-,gss-curve25519-sha256-,"
    "gss-group14-sha1-,gss-gex-sha1-";

/// Key implementations (sshkey.c keyimpls): name, short name, certificate flag.
struct KeyImpl {
    std::string_view name;
    std::string_view shortname;
    bool cert;
};
constexpr KeyImpl k_key_impls[] = {
    {"ssh-ed25519", "ED25519", false},
    {"ssh-ed25519-cert-v01@openssh.com", "ED25519-CERT", true},
    {"sk-ssh-ed25519@openssh.com", "ED25519-SK", false},
    {"sk-ssh-ed25519-cert-v01@openssh.com", "ED25519-SK-CERT", true},
    {"ecdsa-sha2-nistp256", "ECDSA", false},
    {"ecdsa-sha2-nistp256-cert-v01@openssh.com", "ECDSA-CERT", true},
    {"ecdsa-sha2-nistp384", "ECDSA", false},
    {"ecdsa-sha2-nistp384-cert-v01@openssh.com", "ECDSA-CERT", true},
    {"ecdsa-sha2-nistp521", "ECDSA", false},
    {"ecdsa-sha2-nistp521-cert-v01@openssh.com", "ECDSA-CERT", true},
    {"sk-ecdsa-sha2-nistp256@openssh.com", "ECDSA-SK", false},
    {"sk-ecdsa-sha2-nistp256-cert-v01@openssh.com", "ECDSA-SK-CERT", true},
    {"webauthn-sk-ecdsa-sha2-nistp256@openssh.com", "ECDSA-SK", false},
    {"ssh-dss", "DSA", false},
    {"ssh-dss-cert-v01@openssh.com", "DSA-CERT", true},
    {"ssh-rsa", "RSA", false},
    {"ssh-rsa-cert-v01@openssh.com", "RSA-CERT", true},
    {"rsa-sha2-256", "RSA", false},
    {"rsa-sha2-256-cert-v01@openssh.com", "RSA-CERT", true},
    {"rsa-sha2-512", "RSA", false},
    {"rsa-sha2-512-cert-v01@openssh.com", "RSA-CERT", true},
    {"null", "null", false},
};

/// strsep(",") pieces until the first empty one, as the validators loop.
template <typename F>
bool each_until_empty(std::string_view list, F&& f) {
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        std::string_view p = list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (p.empty()) return true;
        if (!f(p)) return false;
        if (comma == std::string_view::npos) return true;
        pos = comma + 1;
    }
}

bool in_list(std::string_view list, std::string_view name) {
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        std::string_view p = list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
        if (p == name) return true;
        if (comma == std::string_view::npos) return false;
        pos = comma + 1;
    }
}

bool key_name_valid(std::string_view p) {
    for (const KeyImpl& k : k_key_impls)
        if (p == k.name || (!k.cert && iequals(k.shortname, p))) return true;
    // Wildcards: accepted when any implementation name matches, positively or negatively.
    for (const KeyImpl& k : k_key_impls)
        if (match_pattern_list(k.name, p) != 0) return true;
    return false;
}

bool kex_name_valid(std::string_view p) {
    if (in_list(k_all_kex, p)) return true;
    for (std::string_view g : k_gss_kex_prefixes)
        if (p.substr(0, g.size()) == g) return true;
    return false;
}

std::string_view all_of(AlgoKind kind) {
    switch (kind) {
        case AlgoKind::cipher:
            return k_all_ciphers;
        case AlgoKind::mac:
            return k_all_macs;
        case AlgoKind::kex:
            return k_all_kex;
        case AlgoKind::key:
            return k_all_keys;
        case AlgoKind::signature:
            return k_all_sigs;
    }
    return {};
}

std::vector<std::string_view> split_all(std::string_view list) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (true) {
        size_t comma = list.find(',', pos);
        out.push_back(list.substr(
            pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
        if (comma == std::string_view::npos) return out;
        pos = comma + 1;
    }
}

/// kex_names_cat: `a` followed by the entries of `b` not already in `a`.
std::string names_cat(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    if (b.empty()) return std::string(a);
    std::string out(a);
    each_until_empty(b, [&](std::string_view p) {
        if (!in_list(out, p)) {
            out += ',';
            out += p;
        }
        return true;
    });
    return out;
}

/// filter_list: entries of `proposal` whose pattern-list match against `filter` is (deny) not 1
/// or (allow) 1.
std::string filter_list(std::string_view proposal, std::string_view filter, bool deny) {
    std::string out;
    for (std::string_view p : split_all(proposal)) {
        int r = match_pattern_list(p, filter);
        if ((deny && r != 1) || (!deny && r == 1)) {
            if (!out.empty()) out += ',';
            out += p;
        }
    }
    return out;
}

}  // namespace

bool algorithms_valid(AlgoKind kind, std::string_view list) {
    if (list.empty()) return false;
    switch (kind) {
        case AlgoKind::cipher:
            return each_until_empty(list,
                                    [](std::string_view p) { return in_list(k_all_ciphers, p); });
        case AlgoKind::mac:
            return each_until_empty(list,
                                    [](std::string_view p) { return in_list(k_all_macs, p); });
        case AlgoKind::kex:
            return each_until_empty(list, kex_name_valid);
        case AlgoKind::key:
        case AlgoKind::signature:
            return each_until_empty(list, key_name_valid);
    }
    return false;
}

bool gss_kex_names_valid(std::string_view list) {
    if (list.empty()) return false;
    return each_until_empty(
        list, [](std::string_view p) { return p.substr(0, 4) == "gss-" && kex_name_valid(p); });
}

std::string_view default_algorithms(AlgoKind kind) {
    switch (kind) {
        case AlgoKind::cipher:
            return k_def_ciphers;
        case AlgoKind::mac:
            return k_def_macs;
        case AlgoKind::kex:
            return k_def_kex;
        case AlgoKind::key:
            return k_def_keys;
        case AlgoKind::signature:
            return k_def_sigs;
    }
    return {};
}

std::string_view default_gss_kex_algorithms() {
    return k_def_gss_kex;
}

std::optional<std::string> assemble_algorithms(AlgoKind kind,
                                               const std::optional<std::string>& configured) {
    std::string_view def = default_algorithms(kind);
    if (!configured || configured->empty()) return std::string(def);
    std::string_view value = *configured;
    std::string list;
    if (value[0] == '+') {
        list = names_cat(def, value.substr(1));
    } else if (value[0] == '-') {
        return filter_list(def, value.substr(1), true);
    } else if (value[0] == '^') {
        list = names_cat(value.substr(1), def);
    } else {
        list = std::string(value);
    }
    std::string out;
    for (std::string_view pattern : split_all(list)) {
        if (!pattern.empty() && pattern[0] == '!') return std::nullopt;
        out = names_cat(out, filter_list(all_of(kind), pattern, false));
    }
    if (out.empty()) return std::nullopt;
    return out;
}

}  // namespace lifeline::sshd

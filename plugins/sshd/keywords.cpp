#include "keywords.hpp"

#include <algorithm>
#include <array>
#include <unordered_map>

namespace lifeline::sshd {
namespace {

struct Row {
    std::string_view name;
    Op op;
    bool in_match;
    KeywordStatus status = KeywordStatus::normal;
};

constexpr bool G = false;  // global only
constexpr bool M = true;   // also after Match
constexpr auto dep = KeywordStatus::deprecated;
constexpr auto uns = KeywordStatus::unsupported;
constexpr auto ign = KeywordStatus::ignored;

// sshd 9.2p1 servconf.c keywords[], Debian configuration (USE_PAM, KRB5 without USE_AFS, GSSAPI,
// lastlog). Order matters: the first row of an Op names it in `sshd -T`.
constexpr Row k_rows[] = {
    {"UsePAM", Op::use_pam, G},
    {"PAMAuthenticationViaKbdInt", Op::deprecated, G, dep},
    {"Port", Op::port, G},
    {"HostKey", Op::host_key, G},
    {"HostDSAKey", Op::host_key, G},
    {"HostKeyAgent", Op::host_key_agent, G},
    {"PidFile", Op::pid_file, G},
    {"ModuliFile", Op::moduli_file, G},
    {"ServerKeyBits", Op::deprecated, G, dep},
    {"LoginGraceTime", Op::login_grace_time, G},
    {"KeyRegenerationInterval", Op::deprecated, G, dep},
    {"PermitRootLogin", Op::permit_root_login, M},
    {"SyslogFacility", Op::log_facility, G},
    {"LogLevel", Op::log_level, M},
    {"LogVerbose", Op::log_verbose, M},
    {"RhostsAuthentication", Op::deprecated, G, dep},
    {"RhostsRSAAuthentication", Op::deprecated, M, dep},
    {"HostbasedAuthentication", Op::hostbased_authentication, M},
    {"HostbasedUsesNameFromPacketOnly", Op::hostbased_uses_name_from_packet_only, M},
    {"HostbasedAcceptedAlgorithms", Op::hostbased_accepted_algorithms, M},
    {"HostbasedAcceptedKeyTypes", Op::hostbased_accepted_algorithms, M},
    {"HostKeyAlgorithms", Op::host_key_algorithms, G},
    {"RSAAuthentication", Op::deprecated, M, dep},
    {"PubkeyAuthentication", Op::pubkey_authentication, M},
    {"PubkeyAcceptedAlgorithms", Op::pubkey_accepted_algorithms, M},
    {"PubkeyAcceptedKeyTypes", Op::pubkey_accepted_algorithms, M},
    {"PubkeyAuthOptions", Op::pubkey_auth_options, M},
    {"DSAAuthentication", Op::pubkey_authentication, G},
    {"KerberosAuthentication", Op::kerberos_authentication, M},
    {"KerberosOrLocalPasswd", Op::kerberos_or_local_passwd, G},
    {"KerberosTicketCleanup", Op::kerberos_ticket_cleanup, G},
    {"KerberosGetAFSToken", Op::unsupported, G, uns},
    {"KerberosTgtPassing", Op::unsupported, G, uns},
    {"AFSTokenPassing", Op::unsupported, G, uns},
    {"GSSAPIAuthentication", Op::gss_authentication, M},
    {"GSSAPICleanupCredentials", Op::gss_cleanup_creds, G},
    {"GSSAPICleanupCreds", Op::gss_cleanup_creds, G},
    {"GSSAPIStrictAcceptorCheck", Op::gss_strict_acceptor, G},
    {"GSSAPIKeyExchange", Op::gss_key_exchange, G},
    {"GSSAPIStoreCredentialsOnRekey", Op::gss_store_rekey, G},
    {"GSSAPIKexAlgorithms", Op::gss_kex_algorithms, G},
    {"GSSUseSessionCCache", Op::unsupported, G, uns},
    {"GSSAPIUseSessionCredCache", Op::unsupported, G, uns},
    {"PasswordAuthentication", Op::password_authentication, M},
    {"KbdInteractiveAuthentication", Op::kbd_interactive_authentication, M},
    {"ChallengeResponseAuthentication", Op::kbd_interactive_authentication, M},
    {"SkeyAuthentication", Op::kbd_interactive_authentication, M},
    {"CheckMail", Op::deprecated, G, dep},
    {"ListenAddress", Op::listen_address, G},
    {"AddressFamily", Op::address_family, G},
    {"PrintMotd", Op::print_motd, G},
    {"PrintLastLog", Op::print_last_log, G},
    {"IgnoreRhosts", Op::ignore_rhosts, M},
    {"IgnoreUserKnownHosts", Op::ignore_user_known_hosts, G},
    {"X11Forwarding", Op::x11_forwarding, M},
    {"X11DisplayOffset", Op::x11_display_offset, M},
    {"X11UseLocalhost", Op::x11_use_localhost, M},
    {"XAuthLocation", Op::xauth_location, G},
    {"StrictModes", Op::strict_modes, G},
    {"PermitBlacklistedKeys", Op::deprecated, G, dep},
    {"PermitEmptyPasswords", Op::permit_empty_passwords, M},
    {"PermitUserEnvironment", Op::permit_user_environment, G},
    {"UseLogin", Op::deprecated, G, dep},
    {"Compression", Op::compression, G},
    {"RekeyLimit", Op::rekey_limit, M},
    {"TCPKeepAlive", Op::tcp_keep_alive, G},
    {"KeepAlive", Op::tcp_keep_alive, G},
    {"AllowTcpForwarding", Op::allow_tcp_forwarding, M},
    {"AllowAgentForwarding", Op::allow_agent_forwarding, M},
    {"AllowUsers", Op::allow_users, M},
    {"DenyUsers", Op::deny_users, M},
    {"AllowGroups", Op::allow_groups, M},
    {"DenyGroups", Op::deny_groups, M},
    {"Ciphers", Op::ciphers, G},
    {"MACs", Op::macs, G},
    {"Protocol", Op::ignored, G, ign},
    {"GatewayPorts", Op::gateway_ports, M},
    {"Subsystem", Op::subsystem, G},
    {"MaxStartups", Op::max_startups, G},
    {"PerSourceMaxStartups", Op::per_source_max_startups, G},
    {"PerSourceNetBlockSize", Op::per_source_net_block_size, G},
    {"MaxAuthTries", Op::max_auth_tries, M},
    {"MaxSessions", Op::max_sessions, M},
    {"Banner", Op::banner, M},
    {"UseDNS", Op::use_dns, G},
    {"VerifyReverseMapping", Op::deprecated, G, dep},
    {"ReverseMappingCheck", Op::deprecated, G, dep},
    {"ClientAliveInterval", Op::client_alive_interval, M},
    {"ClientAliveCountMax", Op::client_alive_count_max, M},
    {"AuthorizedKeysFile", Op::authorized_keys_file, M},
    {"AuthorizedKeysFile2", Op::deprecated, M, dep},
    {"UsePrivilegeSeparation", Op::deprecated, G, dep},
    {"AcceptEnv", Op::accept_env, M},
    {"SetEnv", Op::set_env, M},
    {"PermitTunnel", Op::permit_tunnel, M},
    {"PermitTTY", Op::permit_tty, M},
    {"PermitUserRC", Op::permit_user_rc, M},
    {"Match", Op::match, M},
    {"PermitOpen", Op::permit_open, M},
    {"PermitListen", Op::permit_listen, M},
    {"ForceCommand", Op::force_command, M},
    {"ChrootDirectory", Op::chroot_directory, M},
    {"HostCertificate", Op::host_certificate, G},
    {"RevokedKeys", Op::revoked_keys, M},
    {"TrustedUserCAKeys", Op::trusted_user_ca_keys, M},
    {"AuthorizedPrincipalsFile", Op::authorized_principals_file, M},
    {"KexAlgorithms", Op::kex_algorithms, G},
    {"Include", Op::include, M},
    {"IPQoS", Op::ip_qos, M},
    {"AuthorizedKeysCommand", Op::authorized_keys_command, M},
    {"AuthorizedKeysCommandUser", Op::authorized_keys_command_user, M},
    {"AuthorizedPrincipalsCommand", Op::authorized_principals_command, M},
    {"AuthorizedPrincipalsCommandUser", Op::authorized_principals_command_user, M},
    {"VersionAddendum", Op::version_addendum, G},
    {"AuthenticationMethods", Op::authentication_methods, M},
    {"StreamLocalBindMask", Op::stream_local_bind_mask, M},
    {"StreamLocalBindUnlink", Op::stream_local_bind_unlink, M},
    {"AllowStreamLocalForwarding", Op::allow_stream_local_forwarding, M},
    {"FingerprintHash", Op::fingerprint_hash, G},
    {"DisableForwarding", Op::disable_forwarding, M},
    {"ExposeAuthInfo", Op::expose_auth_info, M},
    {"RDomain", Op::rdomain, M},
    {"CASignatureAlgorithms", Op::ca_signature_algorithms, M},
    {"SecurityKeyProvider", Op::security_key_provider, G},
    {"RequiredRSASize", Op::required_rsa_size, M},
    {"ChannelTimeout", Op::channel_timeout, M},
    {"UnusedConnectionTimeout", Op::unused_connection_timeout, M},
    {"DebianBanner", Op::debian_banner, G},
};
constexpr size_t k_count = sizeof k_rows / sizeof k_rows[0];

struct Table {
    std::array<std::string, k_count> lower;
    std::vector<KeywordSpec> specs;
    std::vector<std::pair<std::string_view, size_t>> sorted;  ///< by lower-case name
    std::unordered_map<int, size_t> primary;

    Table() {
        specs.reserve(k_count);
        for (size_t i = 0; i < k_count; ++i) lower[i] = to_lower(k_rows[i].name);
        for (size_t i = 0; i < k_count; ++i) {
            const Row& r = k_rows[i];
            auto [it, fresh] = primary.emplace(int(r.op), i);
            std::string_view dump = lower[it->second];
            specs.push_back({r.name, lower[i], r.op, r.in_match, r.status, dump, !fresh});
            sorted.emplace_back(lower[i], i);
        }
        std::sort(sorted.begin(), sorted.end());
    }
};

const Table& table() {
    static const Table t;
    return t;
}

size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

}  // namespace

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = char(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::span<const KeywordSpec> all_keywords() {
    return table().specs;
}

const KeywordSpec* find_keyword(std::string_view written) {
    const Table& t = table();
    // Lower-case into a stack buffer: this runs once per config line.
    char buf[64];
    if (written.size() > sizeof buf) return nullptr;
    for (size_t i = 0; i < written.size(); ++i) {
        char c = written[i];
        buf[i] = c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    }
    std::string_view key(buf, written.size());
    auto it = std::lower_bound(t.sorted.begin(), t.sorted.end(), key,
                               [](const auto& e, std::string_view k) { return e.first < k; });
    return it != t.sorted.end() && it->first == key ? &t.specs[it->second] : nullptr;
}

const KeywordSpec& primary_keyword(Op op) {
    const Table& t = table();
    return t.specs[t.primary.at(int(op))];
}

std::vector<std::string_view> suggest_keywords(std::string_view written) {
    if (written.size() > 64) return {};
    std::string w = to_lower(written);
    size_t limit = std::max<size_t>(2, w.size() / 4);
    std::vector<std::pair<size_t, std::string_view>> scored;
    for (const KeywordSpec& k : all_keywords()) {
        if (k.status != KeywordStatus::normal) continue;
        size_t d = edit_distance(w, k.lower);
        if (d <= limit) scored.emplace_back(d, k.name);
    }
    std::stable_sort(scored.begin(), scored.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string_view> out;
    for (const auto& s : scored) out.push_back(s.second);
    return out;
}

bool is_raw_line(Op op) {
    return op == Op::force_command || op == Op::authorized_keys_command ||
           op == Op::authorized_principals_command || op == Op::version_addendum;
}

}  // namespace lifeline::sshd

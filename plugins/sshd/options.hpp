#pragma once
/// sshd's option set, field by field, each value with the directive it came from. The same
/// struct holds the startup pass (global lines + `Match all`), the fresh set of the per-connection
/// Match pass, and the merged result.

#include <optional>
#include <string>
#include <vector>

namespace lifeline::sshd {

struct Directive;

/// An integer option; -1 = not set (sshd's convention).
struct IntOpt {
    long long v = -1;
    const Directive* from = nullptr;
    bool unset() const { return v == -1; }
    void set(long long value, const Directive* d) { v = value, from = d; }
};

/// A string option; nullopt = not set.
struct StrOpt {
    std::optional<std::string> v;
    const Directive* from = nullptr;
    bool unset() const { return !v; }
    void set(std::string value, const Directive* d) { v = std::move(value), from = d; }
};

/// One element of a list option, with the line that added it.
struct Item {
    std::string text;
    const Directive* from = nullptr;
};
using ListOpt = std::vector<Item>;

struct PortItem {
    int port = 0;
    const Directive* from = nullptr;
};

struct SubsystemItem {
    std::string name;
    std::string command;
    std::string args;  ///< command and arguments joined by spaces, as sshd -T prints them
    const Directive* from = nullptr;
};

/// A ListenAddress waiting for the Port lines (sshd resolves them after the whole file).
struct QueuedListen {
    std::string host;
    int port = 0;  ///< 0 = every Port
    std::optional<std::string> rdomain;
    const Directive* from = nullptr;
};

/// One listening socket sshd would open.
struct Listener {
    int family = 4;       ///< 4 or 6
    std::string address;  ///< numeric, without brackets
    int port = 22;
    std::optional<std::string> rdomain;
    const Directive* origin = nullptr;       ///< the ListenAddress line; nullptr = wildcard
    const Directive* port_origin = nullptr;  ///< the Port line; nullptr = default 22
    bool wildcard = false;                   ///< no ListenAddress: 0.0.0.0 / ::
};

/// IPQoS/MaxStartups/... keep two or three numbers; they are separate fields as in sshd.
struct ServerOptions {
    IntOpt use_pam, address_family, login_grace_time, permit_root_login, ignore_rhosts,
        ignore_user_known_hosts, print_motd, print_lastlog, x11_forwarding, x11_display_offset,
        x11_use_localhost, permit_tty, permit_user_rc, strict_modes, tcp_keep_alive, log_facility,
        log_level, hostbased_authentication, hostbased_uses_name_from_packet_only,
        pubkey_authentication, pubkey_auth_options, kerberos_authentication,
        kerberos_or_local_passwd, kerberos_ticket_cleanup, gss_authentication, gss_keyex,
        gss_cleanup_creds, gss_strict_acceptor, gss_store_rekey, password_authentication,
        kbd_interactive_authentication, permit_empty_passwd, permit_user_env, compression,
        rekey_limit, rekey_interval, allow_tcp_forwarding, allow_streamlocal_forwarding,
        allow_agent_forwarding, gateway_ports, streamlocal_bind_mask, streamlocal_bind_unlink,
        max_startups_begin, max_startups_rate, max_startups, per_source_max_startups,
        per_source_masklen_ipv4, per_source_masklen_ipv6, max_authtries, max_sessions, use_dns,
        client_alive_interval, client_alive_count_max, permit_tun, ip_qos_interactive, ip_qos_bulk,
        fingerprint_hash, disable_forwarding, expose_userauth_info, required_rsa_size,
        unused_connection_timeout, debian_banner;

    StrOpt routing_domain, host_key_agent, pid_file, moduli_file, xauth_location,
        permit_user_env_allowlist, ciphers, macs, kex_algorithms, ca_sign_algorithms,
        hostbased_accepted_algos, hostkeyalgorithms, pubkey_accepted_algos, gss_kex_algorithms,
        banner, adm_forced_command, chroot_directory, authorized_keys_command,
        authorized_keys_command_user, revoked_keys_file, sk_provider, trusted_user_ca_keys,
        authorized_principals_file, authorized_principals_command,
        authorized_principals_command_user, version_addendum;

    std::vector<PortItem> ports;
    /// HostKey/HostCertificate paths; nullopt text = "none" (printed "(null)").
    std::vector<std::pair<std::optional<std::string>, const Directive*>> host_key_files,
        host_cert_files;
    ListOpt allow_users, deny_users, allow_groups, deny_groups, accept_env, setenv,
        authorized_keys_files, auth_methods, permitted_opens, permitted_listens, channel_timeouts,
        log_verbose;
    std::vector<SubsystemItem> subsystems;
    std::vector<QueuedListen> queued_listens;
};

}  // namespace lifeline::sshd

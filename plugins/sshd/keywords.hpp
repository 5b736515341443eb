#pragma once
/// The sshd_config keyword table of OpenSSH 9.2p1 as built by Debian 12 (GSSAPI key exchange,
/// Kerberos, PAM, DebianBanner; no AFS).

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lifeline::sshd {

/// What a keyword does (sshd's opcodes). Aliases share an Op.
enum class Op {
    use_pam,
    port,
    host_key,
    host_key_agent,
    pid_file,
    moduli_file,
    login_grace_time,
    permit_root_login,
    log_facility,
    log_level,
    log_verbose,
    hostbased_authentication,
    hostbased_uses_name_from_packet_only,
    hostbased_accepted_algorithms,
    host_key_algorithms,
    pubkey_authentication,
    pubkey_accepted_algorithms,
    pubkey_auth_options,
    kerberos_authentication,
    kerberos_or_local_passwd,
    kerberos_ticket_cleanup,
    gss_authentication,
    gss_cleanup_creds,
    gss_strict_acceptor,
    gss_key_exchange,
    gss_store_rekey,
    gss_kex_algorithms,
    password_authentication,
    kbd_interactive_authentication,
    listen_address,
    address_family,
    print_motd,
    print_last_log,
    ignore_rhosts,
    ignore_user_known_hosts,
    x11_forwarding,
    x11_display_offset,
    x11_use_localhost,
    xauth_location,
    strict_modes,
    permit_empty_passwords,
    permit_user_environment,
    compression,
    rekey_limit,
    tcp_keep_alive,
    allow_tcp_forwarding,
    allow_agent_forwarding,
    allow_users,
    deny_users,
    allow_groups,
    deny_groups,
    ciphers,
    macs,
    gateway_ports,
    subsystem,
    max_startups,
    per_source_max_startups,
    per_source_net_block_size,
    max_auth_tries,
    max_sessions,
    banner,
    use_dns,
    client_alive_interval,
    client_alive_count_max,
    authorized_keys_file,
    accept_env,
    set_env,
    permit_tunnel,
    permit_tty,
    permit_user_rc,
    match,
    permit_open,
    permit_listen,
    force_command,
    chroot_directory,
    host_certificate,
    revoked_keys,
    trusted_user_ca_keys,
    authorized_principals_file,
    kex_algorithms,
    include,
    ip_qos,
    authorized_keys_command,
    authorized_keys_command_user,
    authorized_principals_command,
    authorized_principals_command_user,
    version_addendum,
    authentication_methods,
    stream_local_bind_mask,
    stream_local_bind_unlink,
    allow_stream_local_forwarding,
    fingerprint_hash,
    disable_forwarding,
    expose_auth_info,
    rdomain,
    ca_signature_algorithms,
    security_key_provider,
    required_rsa_size,
    channel_timeout,
    unused_connection_timeout,
    debian_banner,
    deprecated,
    ignored,
    unsupported,
};

/// Whether a keyword is handled, or only logged and skipped.
enum class KeywordStatus { normal, deprecated, unsupported, ignored };

/// One row of the keyword table.
struct KeywordSpec {
    std::string_view name;   ///< as documented, e.g. "PasswordAuthentication"
    std::string_view lower;  ///< lower-case, as sshd's table spells it
    Op op;
    bool in_match;  ///< allowed after `Match` (G+M); otherwise global only
    KeywordStatus status;
    std::string_view dump_name;  ///< what `sshd -T` prints for this Op (the first table entry)
    bool is_alias;               ///< not the first name of its Op
};

/// All rows, in sshd's table order.
std::span<const KeywordSpec> all_keywords();

/// The row for `written` (case-insensitive), or nullptr for an unknown keyword.
const KeywordSpec* find_keyword(std::string_view written);

/// The primary (first) row of an Op.
const KeywordSpec& primary_keyword(Op op);

/// Known keyword names close to `written` (edit distance), best first; empty when none is close.
std::vector<std::string_view> suggest_keywords(std::string_view written);

/// True for the keywords whose argument is the rest of the line, verbatim.
bool is_raw_line(Op op);

/// ASCII lower-case copy.
std::string to_lower(std::string_view s);
/// ASCII case-insensitive equality (strcasecmp == 0).
bool iequals(std::string_view a, std::string_view b);

}  // namespace lifeline::sshd

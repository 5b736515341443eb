// fill_default_server_options and copy_set_server_options of sshd 9.2 (Debian).
#include <climits>

#include "algorithms.hpp"
#include "diag.hpp"
#include "keywords.hpp"
#include "startup.hpp"

namespace lifeline::sshd {
namespace {

void def(IntOpt& o, long long v) {
    if (o.unset()) o.v = v;
}
void def(StrOpt& o, std::string v) {
    if (o.unset()) o.v = std::move(v);
}
void clear_none(StrOpt& o) {
    if (o.v && iequals(*o.v, "none")) o.v.reset();
}

void assemble_one(StrOpt& opt, AlgoKind kind, const char* name, std::vector<Diagnostic>* errors) {
    auto r = assemble_algorithms(kind, opt.v);
    if (r) {
        opt.v = std::move(*r);
        return;
    }
    if (errors) {
        const Directive* d = opt.from;
        errors->push_back(
            make_diagnostic(k_invalid_value, d ? d->path() : std::string(), d ? d->line : 0,
                            d && !d->args.empty() ? d->args[0].column : (d ? d->column : 0),
                            std::string("assemble_algorithms: ") + name + ": invalid argument",
                            "the list selects no supported algorithm (or uses '!')"));
    }
    opt.v = std::string();
}

template <typename T>
void copy_int(T& dst, const T& src) {
    if (!src.unset()) dst = src;
}

}  // namespace

void assemble_all(ServerOptions& o, std::vector<Diagnostic>* errors) {
    assemble_one(o.ciphers, AlgoKind::cipher, "ciphers", errors);
    assemble_one(o.macs, AlgoKind::mac, "macs", errors);
    assemble_one(o.kex_algorithms, AlgoKind::kex, "kex_algorithms", errors);
    assemble_one(o.hostkeyalgorithms, AlgoKind::key, "hostkeyalgorithms", errors);
    assemble_one(o.hostbased_accepted_algos, AlgoKind::key, "hostbased_accepted_algos", errors);
    assemble_one(o.pubkey_accepted_algos, AlgoKind::key, "pubkey_accepted_algos", errors);
    assemble_one(o.ca_sign_algorithms, AlgoKind::signature, "ca_sign_algorithms", errors);
}

void fill_defaults(ServerOptions& o, std::vector<Diagnostic>* errors) {
    def(o.use_pam, 0);
    if (o.host_key_files.empty())
        for (const char* k : {"/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key",
                              "/etc/ssh/ssh_host_ed25519_key"})
            o.host_key_files.emplace_back(std::string(k), nullptr);
    if (o.ports.empty()) o.ports.push_back({22, nullptr});
    def(o.address_family, 0);
    def(o.pid_file, "/run/sshd.pid");
    def(o.moduli_file, "/etc/ssh/moduli");
    def(o.login_grace_time, 120);
    def(o.permit_root_login, 2);
    def(o.ignore_rhosts, 1);
    def(o.ignore_user_known_hosts, 0);
    def(o.print_motd, 1);
    def(o.print_lastlog, 1);
    def(o.x11_forwarding, 0);
    def(o.x11_display_offset, 10);
    def(o.x11_use_localhost, 1);
    def(o.xauth_location, "/usr/bin/xauth");
    def(o.permit_tty, 1);
    def(o.permit_user_rc, 1);
    def(o.strict_modes, 1);
    def(o.tcp_keep_alive, 1);
    def(o.log_facility, 2);  // AUTH
    def(o.log_level, 3);     // INFO
    def(o.hostbased_authentication, 0);
    def(o.hostbased_uses_name_from_packet_only, 0);
    def(o.pubkey_authentication, 1);
    def(o.pubkey_auth_options, 0);
    def(o.kerberos_authentication, 0);
    def(o.kerberos_or_local_passwd, 1);
    def(o.kerberos_ticket_cleanup, 1);
    def(o.gss_authentication, 0);
    def(o.gss_keyex, 0);
    def(o.gss_cleanup_creds, 1);
    def(o.gss_strict_acceptor, 1);
    def(o.gss_store_rekey, 0);
    def(o.gss_kex_algorithms, std::string(default_gss_kex_algorithms()));
    def(o.password_authentication, 1);
    def(o.kbd_interactive_authentication, 1);
    def(o.permit_empty_passwd, 0);
    if (o.permit_user_env.unset()) {
        o.permit_user_env.v = 0;
        o.permit_user_env_allowlist = {};
    }
    def(o.compression, 2);
    def(o.rekey_limit, 0);
    def(o.rekey_interval, 0);
    def(o.allow_tcp_forwarding, 3);
    def(o.allow_streamlocal_forwarding, 3);
    def(o.allow_agent_forwarding, 1);
    def(o.gateway_ports, 0);
    def(o.max_startups, 100);
    def(o.max_startups_rate, 30);
    def(o.max_startups_begin, 10);
    def(o.per_source_max_startups, INT_MAX);
    def(o.per_source_masklen_ipv4, 32);
    def(o.per_source_masklen_ipv6, 128);
    def(o.max_authtries, 6);
    def(o.max_sessions, 10);
    def(o.use_dns, 0);
    def(o.client_alive_interval, 0);
    def(o.client_alive_count_max, 3);
    if (o.authorized_keys_files.empty()) {
        o.authorized_keys_files.push_back({".ssh/authorized_keys", nullptr});
        o.authorized_keys_files.push_back({".ssh/authorized_keys2", nullptr});
    }
    def(o.permit_tun, 0);
    def(o.ip_qos_interactive, 0x10);  // lowdelay (Debian keeps the pre-9.0 defaults)
    def(o.ip_qos_bulk, 0x08);         // throughput
    def(o.version_addendum, "");
    def(o.streamlocal_bind_mask, 0177);
    def(o.streamlocal_bind_unlink, 0);
    def(o.fingerprint_hash, 2);  // SHA256
    def(o.disable_forwarding, 0);
    def(o.expose_userauth_info, 0);
    def(o.sk_provider, "internal");
    def(o.required_rsa_size, 1024);
    def(o.unused_connection_timeout, 0);
    def(o.debian_banner, 1);
    assemble_all(o, errors);
    for (StrOpt* s :
         {&o.pid_file, &o.xauth_location, &o.banner, &o.trusted_user_ca_keys, &o.revoked_keys_file,
          &o.sk_provider, &o.authorized_principals_file, &o.adm_forced_command, &o.chroot_directory,
          &o.routing_domain, &o.host_key_agent})
        clear_none(*s);
    for (auto* files : {&o.host_key_files, &o.host_cert_files})
        for (auto& f : *files)
            if (f.first && iequals(*f.first, "none")) f.first.reset();
    if (o.channel_timeouts.size() == 1 && iequals(o.channel_timeouts[0].text, "none"))
        o.channel_timeouts.clear();
    if (o.auth_methods.size() == 1 && iequals(o.auth_methods[0].text, "any"))
        o.auth_methods.clear();
}

void copy_set_options(ServerOptions& dst, const ServerOptions& src,
                      std::vector<Diagnostic>* errors) {
    for (auto member : {&ServerOptions::password_authentication,
                        &ServerOptions::gss_authentication,
                        &ServerOptions::pubkey_authentication,
                        &ServerOptions::pubkey_auth_options,
                        &ServerOptions::kerberos_authentication,
                        &ServerOptions::hostbased_authentication,
                        &ServerOptions::hostbased_uses_name_from_packet_only,
                        &ServerOptions::kbd_interactive_authentication,
                        &ServerOptions::permit_root_login,
                        &ServerOptions::permit_empty_passwd,
                        &ServerOptions::ignore_rhosts,
                        &ServerOptions::allow_tcp_forwarding,
                        &ServerOptions::allow_streamlocal_forwarding,
                        &ServerOptions::allow_agent_forwarding,
                        &ServerOptions::disable_forwarding,
                        &ServerOptions::expose_userauth_info,
                        &ServerOptions::permit_tun,
                        &ServerOptions::gateway_ports,
                        &ServerOptions::streamlocal_bind_unlink,
                        &ServerOptions::x11_display_offset,
                        &ServerOptions::x11_forwarding,
                        &ServerOptions::x11_use_localhost,
                        &ServerOptions::permit_tty,
                        &ServerOptions::permit_user_rc,
                        &ServerOptions::max_sessions,
                        &ServerOptions::max_authtries,
                        &ServerOptions::client_alive_count_max,
                        &ServerOptions::client_alive_interval,
                        &ServerOptions::ip_qos_interactive,
                        &ServerOptions::ip_qos_bulk,
                        &ServerOptions::rekey_limit,
                        &ServerOptions::rekey_interval,
                        &ServerOptions::log_level,
                        &ServerOptions::required_rsa_size,
                        &ServerOptions::unused_connection_timeout,
                        &ServerOptions::streamlocal_bind_mask})
        copy_int(dst.*member, src.*member);
    for (auto member :
         {&ServerOptions::banner, &ServerOptions::trusted_user_ca_keys,
          &ServerOptions::revoked_keys_file, &ServerOptions::authorized_keys_command,
          &ServerOptions::authorized_keys_command_user, &ServerOptions::authorized_principals_file,
          &ServerOptions::authorized_principals_command,
          &ServerOptions::authorized_principals_command_user,
          &ServerOptions::hostbased_accepted_algos, &ServerOptions::pubkey_accepted_algos,
          &ServerOptions::ca_sign_algorithms, &ServerOptions::routing_domain,
          &ServerOptions::permit_user_env_allowlist})
        copy_int(dst.*member, src.*member);
    for (auto member :
         {&ServerOptions::authorized_keys_files, &ServerOptions::allow_users,
          &ServerOptions::deny_users, &ServerOptions::allow_groups, &ServerOptions::deny_groups,
          &ServerOptions::accept_env, &ServerOptions::setenv, &ServerOptions::auth_methods,
          &ServerOptions::permitted_opens, &ServerOptions::permitted_listens,
          &ServerOptions::channel_timeouts, &ServerOptions::log_verbose})
        if (!(src.*member).empty()) dst.*member = src.*member;
    // sshd re-assembles every algorithm list here. Assembling a final list is the identity,
    // except for an empty one (`Ciphers -*`), which becomes the default again: only those and
    // the lists the Match set replaced need the work (this keeps 2,000-block configs fast).
    bool algorithms_set = false;
    for (auto member :
         {&ServerOptions::ciphers, &ServerOptions::macs, &ServerOptions::kex_algorithms,
          &ServerOptions::hostkeyalgorithms, &ServerOptions::hostbased_accepted_algos,
          &ServerOptions::pubkey_accepted_algos, &ServerOptions::ca_sign_algorithms})
        algorithms_set |= !(src.*member).unset() || !(dst.*member).v || (dst.*member).v->empty();
    if (algorithms_set) assemble_all(dst, errors);
    copy_int(dst.adm_forced_command, src.adm_forced_command);
    clear_none(dst.adm_forced_command);
    copy_int(dst.chroot_directory, src.chroot_directory);
    clear_none(dst.chroot_directory);
}

}  // namespace lifeline::sshd

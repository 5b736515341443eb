#include "apply.hpp"

#include <climits>

#include "algorithms.hpp"
#include "apply_ctx.hpp"
#include "multistate.hpp"

namespace lifeline::sshd {
namespace {

void multistate(ApplyCtx& c, IntOpt& opt, const Multistate& table) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing argument.");
    int v = multistate_value(table, a->text);
    if (v == -1) return c.error(k_invalid_value, a, "unsupported option \"" + a->text + "\".");
    if (c.takes(opt.unset())) opt.set(v, &c.d);
}

void flag(ApplyCtx& c, IntOpt& opt) {
    multistate(c, opt, k_flag_states);
}

void parse_time(ApplyCtx& c, IntOpt& opt) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing time value.");
    int v = convtime(a->text);
    if (v == -1) return c.error(k_invalid_value, a, "invalid time value.");
    if (c.takes(opt.unset())) opt.set(v, &c.d);
}

void parse_int(ApplyCtx& c, IntOpt& opt) {
    const Arg* a = c.next();
    const char* err = nullptr;
    auto v = atoi_err(a ? &a->text : nullptr, &err);
    if (!v) {
        const RuleRef& rule =
            std::string_view(err) == "missing" ? k_malformed_line : k_invalid_value;
        return c.error(rule, a, c.kw() + " integer value " + err + ".");
    }
    if (c.takes(opt.unset())) opt.set(*v, &c.d);
}

void parse_filename(ApplyCtx& c, StrOpt& opt) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing file name.");
    if (!c.takes(opt.unset())) return;
    if (auto p = derelativise(c, a)) opt.set(*p, &c.d);
}

void key_algorithms(ApplyCtx& c, StrOpt& opt) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "Missing argument.");
    const std::string& s = a->text;
    if (s[0] != '-' &&
        !algorithms_valid(AlgoKind::key,
                          s[0] == '+' || s[0] == '^' ? std::string_view(s).substr(1) : s))
        return c.error(k_invalid_value, a, "Bad key types '" + s + "'.");
    if (c.takes(opt.unset())) opt.set(s, &c.d);
}

void global_algorithms(ApplyCtx& c, StrOpt& opt, AlgoKind kind, const char* what) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    const std::string& s = a->text;
    if (s[0] != '-' &&
        !algorithms_valid(kind, s[0] == '+' || s[0] == '^' ? std::string_view(s).substr(1) : s))
        return c.error(k_invalid_value, a, std::string("Bad SSH2 ") + what + " '" + s + "'.");
    if (c.takes(opt.unset())) opt.set(s, &c.d);
}

void pubkey_auth_options(ApplyCtx& c) {
    long long value = 0;
    while (const Arg* a = c.next()) {
        if (iequals(a->text, "none")) continue;
        if (iequals(a->text, "touch-required"))
            value |= 1;
        else if (iequals(a->text, "verify-required"))
            value |= 2;
        else
            return c.error(k_invalid_value, a, "unsupported " + c.kw() + " option " + a->text);
    }
    if (c.takes(c.o.pubkey_auth_options.unset())) c.o.pubkey_auth_options.set(value, &c.d);
}

void permit_user_environment(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    if (!c.takes(c.o.permit_user_env.unset())) return;
    if (a->text == "yes" || a->text == "no") {
        c.o.permit_user_env.set(a->text == "yes" ? 1 : 0, &c.d);
    } else {
        c.o.permit_user_env.set(1, &c.d);
        c.o.permit_user_env_allowlist.set(a->text, &c.d);
    }
}

void rekey_limit(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    long long v = 0;
    if (a->text != "default") {
        const char* err = nullptr;
        auto s = scan_scaled(a->text, &err);
        if (!s)
            return c.error(k_invalid_value, a,
                           "Bad " + c.kw() + " number '" + a->text + "': " + err);
        if (*s != 0 && *s < 16) return c.error(k_invalid_value, a, c.kw() + " too small");
        v = *s;
    }
    if (c.takes(c.o.rekey_limit.unset())) c.o.rekey_limit.set(v, &c.d);
    if (c.remaining() == 0) return;
    if (c.peek()->text == "none") {
        c.next();
        return;
    }
    parse_time(c, c.o.rekey_interval);
}

void log_facility(ApplyCtx& c) {
    const Arg* a = c.next();
    int v = a ? log_facility_number(a->text) : -1;
    if (v == -1)
        return c.error(a ? k_invalid_value : k_malformed_line, a,
                       "unsupported log facility '" + (a ? a->text : std::string("<NONE>")) + "'");
    if (c.o.log_facility.unset()) c.o.log_facility.set(v, &c.d);
}

void log_level(ApplyCtx& c) {
    const Arg* a = c.next();
    int v = a ? log_level_number(a->text) : -1;
    if (v == -1)
        return c.error(a ? k_invalid_value : k_malformed_line, a,
                       "unsupported log level '" + (a ? a->text : std::string("<NONE>")) + "'");
    if (c.takes(c.o.log_level.unset())) c.o.log_level.set(v, &c.d);
}

void gss_kex(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "Missing argument.");
    if (!gss_kex_names_valid(a->text))
        return c.error(k_invalid_value, a, "Bad GSSAPI KexAlgorithms '" + a->text + "'.");
    if (c.takes(c.o.gss_kex_algorithms.unset())) c.o.gss_kex_algorithms.set(a->text, &c.d);
}

void permit_tunnel(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    int v = multistate_value(k_tunnel_states, a->text, /*case_sensitive=*/true);
    if (v == -1) return c.error(k_invalid_value, a, "bad " + c.kw() + " argument " + a->text);
    if (c.takes(c.o.permit_tun.unset())) c.o.permit_tun.set(v, &c.d);
}

void string_arg(ApplyCtx& c, StrOpt& opt, const std::string& missing_message) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, missing_message);
    if (c.takes(opt.unset())) opt.set(a->text, &c.d);
}

void security_key_provider(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    if (!c.takes(c.o.sk_provider.unset())) return;
    if (iequals(a->text, "internal")) return c.o.sk_provider.set(a->text, &c.d);
    if (auto p = derelativise(c, a)) c.o.sk_provider.set(*p, &c.d);
}

void host_key_agent(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, "missing socket name.");
    if (!c.takes(c.o.host_key_agent.unset())) return;
    if (a->text == "SSH_AUTH_SOCK") return c.o.host_key_agent.set(a->text, &c.d);
    if (auto p = derelativise(c, a)) c.o.host_key_agent.set(*p, &c.d);
}

void ip_qos(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    int v1 = parse_ipqos(a->text);
    if (v1 == -1) return c.error(k_invalid_value, a, "Bad " + c.kw() + " value: " + a->text);
    const Arg* b = c.next();
    int v2 = v1;
    if (b) {
        v2 = parse_ipqos(b->text);
        if (v2 == -1) return c.error(k_invalid_value, b, "Bad " + c.kw() + " value: " + b->text);
    }
    if (c.active) {
        c.o.ip_qos_interactive.set(v1, &c.d);
        c.o.ip_qos_bulk.set(v2, &c.d);
    }
}

void stream_local_bind_mask(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    size_t used = 0;
    long long v = c_strtol(a->text, 8, &used);
    if (used == 0 || v < 0 || v > 0777)
        return c.error(k_invalid_value, a, "Invalid " + c.kw() + ".");
    if (c.active) c.o.streamlocal_bind_mask.set(v, &c.d);
}

void fingerprint_hash(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    int v = digest_number(a->text);
    if (v == -1)
        return c.error(k_invalid_value, a, "Invalid " + c.kw() + " algorithm \"" + a->text + "\".");
    if (c.active) c.o.fingerprint_hash.set(v, &c.d);
}

void unused_connection_timeout(ApplyCtx& c) {
    const Arg* a = c.peek();
    if (a && iequals(a->text, "none")) {
        c.next();
        if (c.active) c.o.unused_connection_timeout.set(0, &c.d);
        return;
    }
    parse_time(c, c.o.unused_connection_timeout);
}

void per_source_max_startups(ApplyCtx& c) {
    const Arg* a = c.next();
    if (!a || a->text.empty()) return c.error(k_malformed_line, a, c.kw() + " missing argument.");
    long long v = INT_MAX;
    if (a->text != "none") {
        const char* err = nullptr;
        auto n = atoi_err(&a->text, &err);
        if (!n) return c.error(k_invalid_value, a, c.kw() + " integer value " + err + ".");
        v = *n;
    }
    if (c.active) c.o.per_source_max_startups.set(v, &c.d);
}

/// The keywords handled in this file; false when the Op belongs to another handler file.
bool apply_scalar(ApplyCtx& c) {
    ServerOptions& o = c.o;
    switch (c.d.keyword->op) {
        case Op::use_pam:
            flag(c, o.use_pam);
            break;
        case Op::login_grace_time:
            parse_time(c, o.login_grace_time);
            break;
        case Op::address_family:
            multistate(c, o.address_family, k_address_family_states);
            break;
        case Op::host_key_agent:
            host_key_agent(c);
            break;
        case Op::pid_file:
            parse_filename(c, o.pid_file);
            break;
        case Op::moduli_file:
            parse_filename(c, o.moduli_file);
            break;
        case Op::permit_root_login:
            multistate(c, o.permit_root_login, k_root_login_states);
            break;
        case Op::ignore_rhosts:
            multistate(c, o.ignore_rhosts, k_ignore_rhosts_states);
            break;
        case Op::ignore_user_known_hosts:
            flag(c, o.ignore_user_known_hosts);
            break;
        case Op::hostbased_authentication:
            flag(c, o.hostbased_authentication);
            break;
        case Op::hostbased_uses_name_from_packet_only:
            flag(c, o.hostbased_uses_name_from_packet_only);
            break;
        case Op::hostbased_accepted_algorithms:
            key_algorithms(c, o.hostbased_accepted_algos);
            break;
        case Op::host_key_algorithms:
            key_algorithms(c, o.hostkeyalgorithms);
            break;
        case Op::ca_signature_algorithms:
            key_algorithms(c, o.ca_sign_algorithms);
            break;
        case Op::pubkey_authentication:
            flag(c, o.pubkey_authentication);
            break;
        case Op::pubkey_accepted_algorithms:
            key_algorithms(c, o.pubkey_accepted_algos);
            break;
        case Op::pubkey_auth_options:
            pubkey_auth_options(c);
            break;
        case Op::kerberos_authentication:
            flag(c, o.kerberos_authentication);
            break;
        case Op::kerberos_or_local_passwd:
            flag(c, o.kerberos_or_local_passwd);
            break;
        case Op::kerberos_ticket_cleanup:
            flag(c, o.kerberos_ticket_cleanup);
            break;
        case Op::gss_authentication:
            flag(c, o.gss_authentication);
            break;
        case Op::gss_key_exchange:
            flag(c, o.gss_keyex);
            break;
        case Op::gss_cleanup_creds:
            flag(c, o.gss_cleanup_creds);
            break;
        case Op::gss_strict_acceptor:
            flag(c, o.gss_strict_acceptor);
            break;
        case Op::gss_store_rekey:
            flag(c, o.gss_store_rekey);
            break;
        case Op::gss_kex_algorithms:
            gss_kex(c);
            break;
        case Op::password_authentication:
            flag(c, o.password_authentication);
            break;
        case Op::kbd_interactive_authentication:
            flag(c, o.kbd_interactive_authentication);
            break;
        case Op::print_motd:
            flag(c, o.print_motd);
            break;
        case Op::print_last_log:
            flag(c, o.print_lastlog);
            break;
        case Op::x11_forwarding:
            flag(c, o.x11_forwarding);
            break;
        case Op::x11_display_offset:
            parse_int(c, o.x11_display_offset);
            break;
        case Op::x11_use_localhost:
            flag(c, o.x11_use_localhost);
            break;
        case Op::xauth_location:
            parse_filename(c, o.xauth_location);
            break;
        case Op::permit_tty:
            flag(c, o.permit_tty);
            break;
        case Op::permit_user_rc:
            flag(c, o.permit_user_rc);
            break;
        case Op::strict_modes:
            flag(c, o.strict_modes);
            break;
        case Op::tcp_keep_alive:
            flag(c, o.tcp_keep_alive);
            break;
        case Op::permit_empty_passwords:
            flag(c, o.permit_empty_passwd);
            break;
        case Op::permit_user_environment:
            permit_user_environment(c);
            break;
        case Op::compression:
            multistate(c, o.compression, k_compression_states);
            break;
        case Op::rekey_limit:
            rekey_limit(c);
            break;
        case Op::gateway_ports:
            multistate(c, o.gateway_ports, k_gateway_ports_states);
            break;
        case Op::use_dns:
            flag(c, o.use_dns);
            break;
        case Op::log_facility:
            log_facility(c);
            break;
        case Op::log_level:
            log_level(c);
            break;
        case Op::allow_tcp_forwarding:
            multistate(c, o.allow_tcp_forwarding, k_forwarding_states);
            break;
        case Op::allow_stream_local_forwarding:
            multistate(c, o.allow_streamlocal_forwarding, k_forwarding_states);
            break;
        case Op::allow_agent_forwarding:
            flag(c, o.allow_agent_forwarding);
            break;
        case Op::disable_forwarding:
            flag(c, o.disable_forwarding);
            break;
        case Op::ciphers:
            global_algorithms(c, o.ciphers, AlgoKind::cipher, "cipher spec");
            break;
        case Op::macs:
            global_algorithms(c, o.macs, AlgoKind::mac, "mac spec");
            break;
        case Op::kex_algorithms:
            global_algorithms(c, o.kex_algorithms, AlgoKind::kex, "KexAlgorithms");
            break;
        case Op::per_source_max_startups:
            per_source_max_startups(c);
            break;
        case Op::max_auth_tries:
            parse_int(c, o.max_authtries);
            break;
        case Op::max_sessions:
            parse_int(c, o.max_sessions);
            break;
        case Op::banner:
            parse_filename(c, o.banner);
            break;
        case Op::client_alive_interval:
            parse_time(c, o.client_alive_interval);
            break;
        case Op::client_alive_count_max:
            parse_int(c, o.client_alive_count_max);
            break;
        case Op::permit_tunnel:
            permit_tunnel(c);
            break;
        case Op::chroot_directory:
            string_arg(c, o.chroot_directory, c.kw() + " missing argument.");
            break;
        case Op::revoked_keys:
            parse_filename(c, o.revoked_keys_file);
            break;
        case Op::trusted_user_ca_keys:
            parse_filename(c, o.trusted_user_ca_keys);
            break;
        case Op::ip_qos:
            ip_qos(c);
            break;
        case Op::authorized_keys_command_user:
            string_arg(c, o.authorized_keys_command_user, "missing " + c.kw() + " argument.");
            break;
        case Op::authorized_principals_command_user:
            string_arg(c, o.authorized_principals_command_user, "missing " + c.kw() + " argument.");
            break;
        case Op::stream_local_bind_mask:
            stream_local_bind_mask(c);
            break;
        case Op::stream_local_bind_unlink:
            flag(c, o.streamlocal_bind_unlink);
            break;
        case Op::fingerprint_hash:
            fingerprint_hash(c);
            break;
        case Op::expose_auth_info:
            flag(c, o.expose_userauth_info);
            break;
        case Op::security_key_provider:
            security_key_provider(c);
            break;
        case Op::required_rsa_size:
            parse_int(c, o.required_rsa_size);
            break;
        case Op::unused_connection_timeout:
            unused_connection_timeout(c);
            break;
        case Op::debian_banner:
            flag(c, o.debian_banner);
            break;
        case Op::rdomain:
            c.error(k_invalid_value, nullptr, "setting RDomain not supported on this platform.");
            break;
        case Op::deprecated:
            c.warn(k_deprecated_keyword, "Deprecated option " + c.kw());
            c.consume();
            break;
        case Op::unsupported:
            c.warn(k_unsupported_keyword, "Unsupported option " + c.kw());
            c.consume();
            break;
        case Op::ignored:
            c.consume();
            break;
        default:
            return false;
    }
    return true;
}

}  // namespace

void apply_directive(ServerOptions& o, const Directive& d, bool active, Pass pass,
                     const Environment& env, std::vector<Diagnostic>& errors) {
    ApplyCtx c{o, d, active, pass, env, errors};
    if (!active && !d.keyword->in_match) {
        if (pass == Pass::startup)
            c.error(k_global_keyword_in_match, nullptr,
                    "Directive '" + d.written + "' is not allowed within a Match block");
        return;
    }
    if (d.keyword->op == Op::match || d.keyword->op == Op::include) return;
    if (!apply_scalar(c)) apply_list_keyword(c);
    if (!c.failed && c.remaining() > 0)
        c.error(k_malformed_line, c.peek(),
                "keyword " + d.written + " extra arguments at end of line");
}

}  // namespace lifeline::sshd

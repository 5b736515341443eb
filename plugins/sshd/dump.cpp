// The lines `sshd -T` prints (sshd 9.2 dump_config, Debian build), built from an option set.
#include <climits>
#include <cstdio>

#include "effective.hpp"
#include "multistate.hpp"
#include "values.hpp"

namespace lifeline::sshd {
namespace {

class Builder {
  public:
    Builder(std::vector<std::string>& lines, std::map<std::string, Setting, std::less<>>& settings)
        : m_lines(lines), m_settings(settings) {}

    /// One printed line `keyword item item...`, recorded as the keyword's setting (appended
    /// when the keyword prints several lines).
    void line(std::string_view keyword, const std::vector<std::string>& items,
              const std::vector<const Directive*>& sources, const Directive* from,
              bool print = true) {
        Setting& s = m_settings[std::string(keyword)];
        if (s.values.empty()) s.from = from;
        for (size_t i = 0; i < items.size(); ++i) {
            s.values.push_back(items[i]);
            s.sources.push_back(i < sources.size() ? sources[i] : from);
        }
        if (!print) return;
        std::string text(keyword);
        for (const auto& it : items) text += " " + it;
        m_lines.push_back(std::move(text));
    }
    void single(std::string_view keyword, std::string value, const Directive* from) {
        line(keyword, {std::move(value)}, {from}, from);
    }
    void integer(std::string_view kw, const IntOpt& v) { single(kw, std::to_string(v.v), v.from); }
    void multistate(std::string_view kw, const IntOpt& v, Multistate table) {
        single(kw, std::string(multistate_name(table, v.v)), v.from);
    }
    void flag(std::string_view kw, const IntOpt& v) {
        single(kw, v.v == 0 ? "no" : v.v == 1 ? "yes" : "UNKNOWN", v.from);
    }
    void string(std::string_view kw, const StrOpt& v) { single(kw, v.v ? *v.v : "none", v.from); }
    /// One line per item (dump_cfg_strarray).
    void lines_of(std::string_view kw, const ListOpt& list) {
        for (const Item& i : list) line(kw, {i.text}, {i.from}, i.from);
        if (list.empty()) m_settings[std::string(kw)];
    }
    /// All items on one line (dump_cfg_strarray_oneline); nothing when empty.
    void oneline(std::string_view kw, const ListOpt& list) {
        if (list.empty()) {
            m_settings[std::string(kw)];
            return;
        }
        std::vector<std::string> items;
        std::vector<const Directive*> from;
        for (const Item& i : list) items.push_back(i.text), from.push_back(i.from);
        line(kw, items, from, list.front().from);
    }

  private:
    std::vector<std::string>& m_lines;
    std::map<std::string, Setting, std::less<>>& m_settings;
};

std::string listen_text(const Listener& l) {
    std::string s = l.family == 6 ? "[" + l.address + "]" : l.address;
    s += ":" + std::to_string(l.port);
    if (l.rdomain) s += " rdomain " + *l.rdomain;
    return s;
}

void dump_head(Builder& b, const ServerOptions& o, const std::vector<Listener>& listeners) {
    for (const PortItem& p : o.ports) b.line("port", {std::to_string(p.port)}, {p.from}, p.from);
    b.multistate("addressfamily", o.address_family, k_address_family_states);
    for (const Listener& l : listeners) {
        const Directive* from = l.origin ? l.origin : l.port_origin;
        b.line("listenaddress", {listen_text(l)}, {from}, from);
    }
    b.flag("usepam", o.use_pam);
    b.integer("logingracetime", o.login_grace_time);
    b.integer("x11displayoffset", o.x11_display_offset);
    b.integer("maxauthtries", o.max_authtries);
    b.integer("maxsessions", o.max_sessions);
    b.integer("clientaliveinterval", o.client_alive_interval);
    b.integer("clientalivecountmax", o.client_alive_count_max);
    b.integer("requiredrsasize", o.required_rsa_size);
    char oct[16];
    std::snprintf(oct, sizeof oct, "0%llo", (unsigned long long)o.streamlocal_bind_mask.v);
    b.single("streamlocalbindmask", oct, o.streamlocal_bind_mask.from);
    if (o.unused_connection_timeout.v == 0)
        b.single("unusedconnectiontimeout", "none", o.unused_connection_timeout.from);
    else
        b.integer("unusedconnectiontimeout", o.unused_connection_timeout);
}

void dump_flags(Builder& b, const ServerOptions& o) {
    b.multistate("permitrootlogin", o.permit_root_login, k_root_login_states);
    b.multistate("ignorerhosts", o.ignore_rhosts, k_ignore_rhosts_states);
    b.flag("ignoreuserknownhosts", o.ignore_user_known_hosts);
    b.flag("hostbasedauthentication", o.hostbased_authentication);
    b.flag("hostbasedusesnamefrompacketonly", o.hostbased_uses_name_from_packet_only);
    b.flag("pubkeyauthentication", o.pubkey_authentication);
    b.flag("kerberosauthentication", o.kerberos_authentication);
    b.flag("kerberosorlocalpasswd", o.kerberos_or_local_passwd);
    b.flag("kerberosticketcleanup", o.kerberos_ticket_cleanup);
    b.flag("gssapiauthentication", o.gss_authentication);
    b.flag("gssapicleanupcredentials", o.gss_cleanup_creds);
    b.flag("gssapikeyexchange", o.gss_keyex);
    b.flag("gssapistrictacceptorcheck", o.gss_strict_acceptor);
    b.flag("gssapistorecredentialsonrekey", o.gss_store_rekey);
    b.string("gssapikexalgorithms", o.gss_kex_algorithms);
    b.flag("passwordauthentication", o.password_authentication);
    b.flag("kbdinteractiveauthentication", o.kbd_interactive_authentication);
    b.flag("printmotd", o.print_motd);
    b.flag("printlastlog", o.print_lastlog);
    b.flag("x11forwarding", o.x11_forwarding);
    b.flag("x11uselocalhost", o.x11_use_localhost);
    b.flag("permittty", o.permit_tty);
    b.flag("permituserrc", o.permit_user_rc);
    b.flag("strictmodes", o.strict_modes);
    b.flag("tcpkeepalive", o.tcp_keep_alive);
    b.flag("permitemptypasswords", o.permit_empty_passwd);
    b.multistate("compression", o.compression, k_compression_states);
    b.multistate("gatewayports", o.gateway_ports, k_gateway_ports_states);
    b.flag("usedns", o.use_dns);
    b.multistate("allowtcpforwarding", o.allow_tcp_forwarding, k_forwarding_states);
    b.flag("allowagentforwarding", o.allow_agent_forwarding);
    b.flag("disableforwarding", o.disable_forwarding);
    b.multistate("allowstreamlocalforwarding", o.allow_streamlocal_forwarding, k_forwarding_states);
    b.flag("streamlocalbindunlink", o.streamlocal_bind_unlink);
    b.single("fingerprinthash", std::string(digest_name(int(o.fingerprint_hash.v))),
             o.fingerprint_hash.from);
    b.flag("exposeauthinfo", o.expose_userauth_info);
}

void dump_strings(Builder& b, const ServerOptions& o) {
    b.string("pidfile", o.pid_file);
    b.string("modulifile", o.moduli_file);
    b.string("xauthlocation", o.xauth_location);
    b.string("ciphers", o.ciphers);
    b.string("macs", o.macs);
    b.string("banner", o.banner);
    b.string("forcecommand", o.adm_forced_command);
    b.string("chrootdirectory", o.chroot_directory);
    b.string("trustedusercakeys", o.trusted_user_ca_keys);
    b.string("revokedkeys", o.revoked_keys_file);
    b.string("securitykeyprovider", o.sk_provider);
    b.string("authorizedprincipalsfile", o.authorized_principals_file);
    b.single(
        "versionaddendum",
        o.version_addendum.v && !o.version_addendum.v->empty() ? *o.version_addendum.v : "none",
        o.version_addendum.from);
    b.string("authorizedkeyscommand", o.authorized_keys_command);
    b.string("authorizedkeyscommanduser", o.authorized_keys_command_user);
    b.string("authorizedprincipalscommand", o.authorized_principals_command);
    b.string("authorizedprincipalscommanduser", o.authorized_principals_command_user);
    b.string("hostkeyagent", o.host_key_agent);
    b.string("kexalgorithms", o.kex_algorithms);
    b.string("casignaturealgorithms", o.ca_sign_algorithms);
    b.string("hostbasedacceptedalgorithms", o.hostbased_accepted_algos);
    b.string("hostkeyalgorithms", o.hostkeyalgorithms);
    b.string("pubkeyacceptedalgorithms", o.pubkey_accepted_algos);
    b.single("loglevel", std::string(log_level_name(int(o.log_level.v))), o.log_level.from);
    b.single("syslogfacility", std::string(log_facility_name(int(o.log_facility.v))),
             o.log_facility.from);
}

void dump_lists(Builder& b, const ServerOptions& o) {
    b.oneline("authorizedkeysfile", o.authorized_keys_files);
    for (const auto* files : {&o.host_key_files, &o.host_cert_files}) {
        std::string_view kw = files == &o.host_key_files ? "hostkey" : "hostcertificate";
        for (const auto& [path, from] : *files) b.line(kw, {path ? *path : "(null)"}, {from}, from);
    }
    b.lines_of("allowusers", o.allow_users);
    b.lines_of("denyusers", o.deny_users);
    b.lines_of("allowgroups", o.allow_groups);
    b.lines_of("denygroups", o.deny_groups);
    b.lines_of("acceptenv", o.accept_env);
    b.lines_of("setenv", o.setenv);
    if (o.auth_methods.empty())
        b.single("authenticationmethods", "any", nullptr);
    else
        b.oneline("authenticationmethods", o.auth_methods);
    b.oneline("logverbose", o.log_verbose);
    b.oneline("channeltimeout", o.channel_timeouts);
    for (const SubsystemItem& s : o.subsystems)
        b.line("subsystem", {s.name + " " + s.args}, {s.from}, s.from);
}

void dump_tail(Builder& b, const ServerOptions& o) {
    b.single("maxstartups",
             std::to_string(o.max_startups_begin.v) + ":" + std::to_string(o.max_startups_rate.v) +
                 ":" + std::to_string(o.max_startups.v),
             o.max_startups.from);
    b.single("persourcemaxstartups",
             o.per_source_max_startups.v == INT_MAX ? "none"
                                                    : std::to_string(o.per_source_max_startups.v),
             o.per_source_max_startups.from);
    b.single("persourcenetblocksize",
             std::to_string(o.per_source_masklen_ipv4.v) + ":" +
                 std::to_string(o.per_source_masklen_ipv6.v),
             o.per_source_masklen_ipv4.from);
    b.multistate("permittunnel", o.permit_tun, k_tunnel_states);
    b.line("ipqos", {ipqos_name(int(o.ip_qos_interactive.v)), ipqos_name(int(o.ip_qos_bulk.v))},
           {o.ip_qos_interactive.from, o.ip_qos_bulk.from}, o.ip_qos_interactive.from);
    b.line(
        "rekeylimit",
        {std::to_string((unsigned long long)o.rekey_limit.v), std::to_string(o.rekey_interval.v)},
        {o.rekey_limit.from, o.rekey_interval.from}, o.rekey_limit.from);
    for (const auto* list : {&o.permitted_opens, &o.permitted_listens}) {
        std::string_view kw = list == &o.permitted_opens ? "permitopen" : "permitlisten";
        if (list->empty())
            b.single(kw, "any", nullptr);
        else
            b.oneline(kw, *list);
    }
    if (o.permit_user_env_allowlist.v)
        b.single("permituserenvironment", *o.permit_user_env_allowlist.v,
                 o.permit_user_env_allowlist.from);
    else
        b.flag("permituserenvironment", o.permit_user_env);
    std::vector<std::string> opts;
    if (o.pubkey_auth_options.v == 0) opts.push_back("none");
    if (o.pubkey_auth_options.v & 1) opts.push_back("touch-required");
    if (o.pubkey_auth_options.v & 2) opts.push_back("verify-required");
    b.line("pubkeyauthoptions", opts, {}, o.pubkey_auth_options.from);
    // Not printed by sshd -T, but part of the model.
    b.line("debianbanner", {o.debian_banner.v == 1 ? "yes" : "no"}, {}, o.debian_banner.from,
           /*print=*/false);
}

}  // namespace

void build_dump(const ServerOptions& o, const std::vector<Listener>& listeners,
                std::vector<std::string>& lines,
                std::map<std::string, Setting, std::less<>>& settings) {
    Builder b(lines, settings);
    dump_head(b, o, listeners);
    dump_flags(b, o);
    dump_strings(b, o);
    dump_lists(b, o);
    dump_tail(b, o);
}

}  // namespace lifeline::sshd

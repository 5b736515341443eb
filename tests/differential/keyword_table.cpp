#include "keyword_table.hpp"

namespace lifeline::differential {
namespace {

using V = std::vector<std::string>;

const V k_flag_invalid = {"maybe", "on", "true", "1", "yes no", "y"};

KeywordSpec flag(std::string name, bool match_ok, V aliases = {}) {
    KeywordSpec k;
    k.name = std::move(name);
    k.match_ok = match_ok;
    k.fold_case = true;
    k.valid = {"yes", "no"};
    k.invalid = k_flag_invalid;
    k.aliases = std::move(aliases);
    return k;
}

KeywordSpec single(std::string name, bool match_ok, bool fold, V valid, V invalid, V aliases = {}) {
    KeywordSpec k;
    k.name = std::move(name);
    k.match_ok = match_ok;
    k.fold_case = fold;
    k.valid = std::move(valid);
    k.invalid = std::move(invalid);
    k.aliases = std::move(aliases);
    return k;
}

KeywordSpec words(std::string name, bool match_ok, V valid, V items, V invalid) {
    KeywordSpec k;
    k.name = std::move(name);
    k.match_ok = match_ok;
    k.shape = ValueShape::words;
    k.valid = std::move(valid);
    k.items = std::move(items);
    k.invalid = std::move(invalid);
    return k;
}

KeywordSpec algorithms(std::string name, bool match_ok, V items, V invalid, V aliases = {}) {
    KeywordSpec k;
    k.name = std::move(name);
    k.match_ok = match_ok;
    k.shape = ValueShape::algorithms;
    k.items = std::move(items);
    k.invalid = std::move(invalid);
    k.aliases = std::move(aliases);
    return k;
}

KeywordSpec raw(std::string name, bool match_ok, V valid, V invalid) {
    KeywordSpec k = single(std::move(name), match_ok, false, std::move(valid), std::move(invalid));
    k.raw = true;
    return k;
}

// Number spellings are part of the surface: leading zeros and `+` are accepted (strtonum).
const V k_time_valid = {"0",  "30",  "90s",   "2m",  "1h30m",  "1H", "1d",
                        "1w", "45S", "10m5s", "010", "1m010s", "+5"};
const V k_time_invalid = {"1x", "-5", "1h 30m", "soon", "1.5h"};
const V k_int_invalid = {"abc", "-1", "3x", "3 4", "2147483648", "0x10", "99999999999"};
const V k_key_types = {"ssh-ed25519",
                       "ecdsa-sha2-nistp256",
                       "rsa-sha2-256",
                       "rsa-sha2-512",
                       "ssh-rsa",
                       "ssh-dss",
                       "ssh-ed25519-cert-v01@openssh.com",
                       "sk-ssh-ed25519@openssh.com",
                       "ecdsa-sha2-nistp384",
                       "ssh-ed25519*",
                       "*"};
const V k_key_types_invalid = {"ssh-foo", "rsa-sha2-1024", "+ssh-nope", "ed25519"};
// A CA signature list made of certificate types only ends up empty, which is fatal: the
// generator leaves certificate types out of it (cases/quirk-casignature-certs-only covers it).
const V k_ca_types = {"ssh-ed25519", "ecdsa-sha2-nistp256",        "rsa-sha2-256", "rsa-sha2-512",
                      "ssh-rsa",     "sk-ssh-ed25519@openssh.com", "ssh-ed25519*", "*"};

std::vector<KeywordSpec> build_table() {
    std::vector<KeywordSpec> t;
    // yes/no flags (the authentication method flags are generated separately)
    for (const char* n : {"AllowAgentForwarding", "DisableForwarding", "ExposeAuthInfo",
                          "HostbasedUsesNameFromPacketOnly", "KerberosAuthentication",
                          "PermitEmptyPasswords", "PermitTTY", "PermitUserRC",
                          "StreamLocalBindUnlink", "X11Forwarding", "X11UseLocalhost"}) {
        t.push_back(flag(n, true));
    }
    for (const char* n :
         {"GSSAPIStrictAcceptorCheck", "IgnoreUserKnownHosts", "KerberosOrLocalPasswd",
          "KerberosTicketCleanup", "PrintLastLog", "PrintMotd", "StrictModes", "UsePAM", "UseDNS",
          "GSSAPIKeyExchange", "GSSAPIStoreCredentialsOnRekey", "DebianBanner"}) {
        t.push_back(flag(n, false));
    }
    t.push_back(flag("GSSAPICleanupCredentials", false, {"GSSAPICleanupCreds"}));
    t.push_back(flag("TCPKeepAlive", false, {"KeepAlive"}));
    // multistate values (case-insensitive)
    t.push_back(
        single("PermitRootLogin", true, true,
               {"yes", "no", "prohibit-password", "without-password", "forced-commands-only"},
               {"maybe", "prohibit_password", "root"}));
    t.push_back(single("Compression", false, true, {"yes", "no", "delayed"}, {"maybe", "zlib"}));
    t.push_back(
        single("GatewayPorts", true, true, {"yes", "no", "clientspecified"}, {"any", "client"}));
    for (const char* n : {"AllowTcpForwarding", "AllowStreamLocalForwarding"}) {
        t.push_back(
            single(n, true, true, {"yes", "all", "no", "local", "remote"}, {"both", "none"}));
    }
    t.push_back(single("IgnoreRhosts", true, true, {"yes", "no", "shosts-only"}, {"shosts"}));
    // case-sensitive values
    t.push_back(single("PermitTunnel", true, false, {"yes", "no", "point-to-point", "ethernet"},
                       {"YES", "Point-To-Point", "tun"}));
    t.push_back(single("PermitUserEnvironment", false, false,
                       {"yes", "no", "LANG,LC_*", "YES", "TZ", "No"}, {}));
    // integers
    t.push_back(single("MaxAuthTries", true, false, {"1", "3", "6", "10", "0", "010", "+3"},
                       k_int_invalid));
    t.push_back(single("MaxSessions", true, false, {"0", "1", "10", "64", "007"}, k_int_invalid));
    t.push_back(single("ClientAliveCountMax", true, false, {"0", "3", "5"}, k_int_invalid));
    t.push_back(single("X11DisplayOffset", true, false, {"10", "20", "0", "010"}, k_int_invalid));
    t.push_back(single("RequiredRSASize", true, false, {"1024", "2048"}, k_int_invalid));
    // times
    t.push_back(single("LoginGraceTime", false, false, k_time_valid, k_time_invalid));
    t.push_back(single("ClientAliveInterval", true, false, k_time_valid, k_time_invalid));
    V unused = k_time_valid;
    unused.push_back("none");
    t.push_back(single("UnusedConnectionTimeout", true, false, unused, k_time_invalid));
    t.push_back(single("RekeyLimit", true, false,
                       {"default", "1G", "512M 1h", "default none", "64K 30m", "0", "4G 2h30m",
                        "100 none", "1024K", "1g", "1k 1h", "1.5M", "1T"},
                       {"8", "1X", "DEFAULT", "1G 1x", "-1"}));
    // log settings
    t.push_back(single(
        "LogLevel", true, true,
        {"QUIET", "FATAL", "ERROR", "INFO", "VERBOSE", "DEBUG", "DEBUG1", "DEBUG2", "DEBUG3"},
        {"LOUD", "TRACE", "warn"}));
    t.push_back(single("SyslogFacility", false, true,
                       {"DAEMON", "USER", "AUTH", "AUTHPRIV", "LOCAL0", "LOCAL3", "LOCAL7"},
                       {"KERN", "LOCAL8", "SYSLOG"}));
    t.push_back(words("LogVerbose", true, {"none", "NONE"},
                      {"kex.c:*:*", "sshd.c:main:*", "*:*:1000", "packet.c:*,auth.c:*"},
                      {"kex.c:*:* none"}));
    // paths and strings
    t.push_back(single("Banner", true, false,
                       {"/etc/issue.net", "none", "\"/etc/ssh/my banner\"", "/etc/ssh/banner-%u",
                        "banner.txt", "NONE"},
                       {"\"/etc/issue.net"}));
    t.push_back(single("ChrootDirectory", true, false,
                       {"none", "/srv/chroot/%u", "%h", "/var/empty", "\"/srv/with space\""},
                       {"/a /b"}));
    t.push_back(
        single("TrustedUserCAKeys", true, false, {"/etc/ssh/user_ca.pub", "none"}, {"/a /b"}));
    t.push_back(single("RevokedKeys", true, false, {"/etc/ssh/revoked_keys", "none"}, {"/a /b"}));
    t.push_back(single("AuthorizedPrincipalsFile", true, false,
                       {"none", "/etc/ssh/principals/%u", ".ssh/principals", "~/.ssh/p"},
                       {"/a /b"}));
    t.push_back(single("PidFile", false, false, {"/run/sshd.pid", "/var/run/other.pid", "none"},
                       {"/a /b"}));
    t.push_back(single("ModuliFile", false, false, {"/etc/ssh/moduli", "/usr/share/ssh/moduli"},
                       {"/a /b"}));
    t.push_back(single("XAuthLocation", false, false, {"/usr/bin/xauth", "none", "/opt/x/xauth"},
                       {"/a /b"}));
    t.push_back(single("SecurityKeyProvider", false, false, {"internal", "/usr/lib/sk-helper.so"},
                       {"/a /b"}));
    t.push_back(single("HostKeyAgent", false, false, {"none", "SSH_AUTH_SOCK", "/run/agent.sock"},
                       {"/a /b"}));
    t.push_back(raw("ForceCommand", true,
                    {"internal-sftp", "/bin/echo hello", "none", "/usr/bin/rsync --server # c",
                     "internal-sftp -d /%u", "/bin/sh -c \"echo 'quoted'\""},
                    {}));
    t.push_back(
        raw("VersionAddendum", false, {"none", "hardened", "build 1.0 # comment", "NONE"}, {}));
    t.push_back(single("AuthorizedKeysCommandUser", true, false, {"nobody", "root"}, {}));
    t.push_back(single("AuthorizedPrincipalsCommandUser", true, false, {"nobody", "daemon"}, {}));
    // algorithm lists
    t.push_back(algorithms("Ciphers", false,
                           {"aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-gcm@openssh.com",
                            "aes256-gcm@openssh.com", "chacha20-poly1305@openssh.com", "aes128-cbc",
                            "aes256-cbc", "3des-cbc", "*-ctr", "*"},
                           {"aes128-foo", "+blowfish-cbc", "rc4"}));
    t.push_back(algorithms(
        "MACs", false,
        {"hmac-sha2-256", "hmac-sha2-512", "hmac-sha1", "umac-64@openssh.com",
         "umac-128@openssh.com", "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com",
         "hmac-md5", "hmac-sha1-96", "*etm@openssh.com", "*"},
        {"hmac-sha3", "+hmac-ripemd160", "sha1"}));
    t.push_back(algorithms(
        "KexAlgorithms", false,
        {"curve25519-sha256", "curve25519-sha256@libssh.org", "diffie-hellman-group14-sha256",
         "diffie-hellman-group16-sha512", "diffie-hellman-group1-sha1",
         "diffie-hellman-group14-sha1", "ecdh-sha2-nistp256", "sntrup761x25519-sha512@openssh.com",
         "diffie-hellman-group-exchange-sha1", "ecdh-*", "*"},
        {"curve448-sha512", "+dh-group99", "x25519"}));
    t.push_back(algorithms("GSSAPIKexAlgorithms", false,
                           {"gss-group14-sha256-", "gss-group16-sha512-", "gss-nistp256-sha256-",
                            "gss-curve25519-sha256-", "gss-group14-sha1-", "gss-gex-sha1-"},
                           {"gss-foo-", "gss-group99-sha1-"}));
    t.back().prefixes = false;
    t.push_back(algorithms("HostKeyAlgorithms", false, k_key_types, k_key_types_invalid));
    t.back().wildcards = true;
    t.push_back(algorithms("PubkeyAcceptedAlgorithms", true, k_key_types, k_key_types_invalid,
                           {"PubkeyAcceptedKeyTypes"}));
    t.back().wildcards = true;
    t.push_back(algorithms("HostbasedAcceptedAlgorithms", true, k_key_types, k_key_types_invalid,
                           {"HostbasedAcceptedKeyTypes"}));
    t.back().wildcards = true;
    t.push_back(algorithms("CASignatureAlgorithms", true, k_ca_types, k_key_types_invalid));
    t.back().wildcards = true;
    // lists
    t.push_back(words("AcceptEnv", true, {"LANG LC_*"},
                      {"LANG", "LC_*", "TZ", "XMODIFIERS", "GIT_*", "COLOR?ERM", "'EDITOR'", "*"},
                      {"FOO=bar", "LANG \"\""}));
    t.push_back(words("SetEnv", true, {"FOO=bar"},
                      {"FOO=bar", "\"GREETING=hello world\"", "EMPTY=", "LANG=C", "A=1", "FOO=baz"},
                      {"FOO", "=bar x"}));
    for (const char* n : {"AllowUsers", "DenyUsers"}) {
        t.push_back(words(n, true, {"alice"},
                          {"alice", "bob", "ca*", "?ob", "deploy@10.0.0.0/8", "alice@192.168.1.*",
                           "bob@!10.1.0.0/16,10.0.0.0/8", "root@127.0.0.1", "*",
                           "admin@*.example.com", "alice,bob", "carol#dave", "Alice"},
                          {"bob@10.0.0.1/8", "\"\"", "x@10.0.0.0/33"}));
    }
    for (const char* n : {"AllowGroups", "DenyGroups"}) {
        t.push_back(words(n, true, {"wheel"},
                          {"wheel", "sudo", "staff", "adm*", "sftp?nly", "devs", "!wheel", "ops"},
                          {"\"\""}));
    }
    t.push_back(words("AuthorizedKeysFile", true, {"none", ".ssh/authorized_keys"},
                      {".ssh/authorized_keys", ".ssh/authorized_keys2", "%h/.ssh/keys",
                       "/etc/ssh/keys/%u", "/etc/ssh/keys/%%u", "~/.ssh/extra", "my\\ keys"},
                      {"\"\"", "\"/etc/ssh/keys"}));
    t.push_back(
        words("PermitOpen", true, {"any", "none"},
              {"localhost:8080", "10.0.0.1:*", "[::1]:22", "*:443", "db.internal:5432", "*:*"},
              {"localhost", "host:99999", "ANY", "any none", "host:0"}));
    t.push_back(words("PermitListen", true, {"any", "none"},
                      {"8080", "localhost:8080", "*:9000", "[::1]:2222", "0.0.0.0:2022"},
                      {"localhost:abc", "99999", "NONE", "0"}));
    t.push_back(words("ChannelTimeout", true, {"none"},
                      {"session=5m", "agent-connection=1h", "direct-tcpip=30s",
                       "forwarded-tcpip=1d", "x11-connection=10", "session=0"},
                      {"session", "=5m", "session=5x", "none session=5m"}));
    t.push_back(words("PubkeyAuthOptions", true, {"none", "touch-required", "verify-required"},
                      {"touch-required", "verify-required", "none", "TOUCH-REQUIRED"},
                      {"presence-required", "touch"}));
    t.push_back(words("IPQoS", true, {"lowdelay throughput", "none", "af21 cs1"},
                      {"af11", "af42", "cs0", "cs7", "ef", "le", "lowdelay", "throughput",
                       "reliability", "0x20", "0x2e", "046", "AF11"},
                      {"af99", "fast", "lowdelay throughput reliability"}));
    t.back().max_items = 2;  // a third value is an error
    // last-wins settings
    t.push_back(single("MaxStartups", false, false,
                       {"10:30:100", "5", "20:50:60", "3:100:3", "1:1:1", "10:30:100:5"},
                       {"10:0:100", "100:30:10", "0", "abc", "10:101:100", "10:30"}));
    t.push_back(
        single("PerSourceMaxStartups", false, false, {"none", "1", "10"}, {"NONE", "-1", "x"}));
    t.push_back(single("PerSourceNetBlockSize", false, false,
                       {"32:128", "24", "24:56", "16", "0:0", "8:64", "24:"},
                       {"33", "24:129", "x"}));
    t.push_back(single("StreamLocalBindMask", true, false,
                       {"0177", "077", "0", "0777", "0022", "7", "0999"}, {"999", "01777", "x"}));
    t.push_back(single("FingerprintHash", false, true, {"md5", "sha256", "SHA256", "sha1", "SHA1"},
                       {"md4", "crc32"}));
    t.push_back(single("HostCertificate", false, false,
                       {"/etc/ssh/ssh_host_ed25519_key-cert.pub", "/etc/ssh/host-cert.pub"},
                       {"/a /b"}));
    return t;
}

}  // namespace

const std::vector<KeywordSpec>& keyword_table() {
    static const std::vector<KeywordSpec> table = build_table();
    return table;
}

const std::vector<KeywordSpec>& deprecated_keywords() {
    static const std::vector<KeywordSpec> table = [] {
        std::vector<KeywordSpec> t;
        for (const char* n :
             {"Protocol", "UsePrivilegeSeparation", "KeyRegenerationInterval", "ServerKeyBits",
              "UseLogin", "PAMAuthenticationViaKbdInt", "CheckMail", "VerifyReverseMapping",
              "ReverseMappingCheck", "RhostsAuthentication", "KerberosGetAFSToken",
              "KerberosTgtPassing", "AFSTokenPassing"}) {
            t.push_back(single(n, false, false, {"yes", "2", "sandbox 1", "no"}, {}));
        }
        for (const char* n :
             {"RhostsRSAAuthentication", "RSAAuthentication", "AuthorizedKeysFile2"}) {
            t.push_back(single(n, true, false, {"yes", "no", ".ssh/keys2"}, {}));
        }
        return t;
    }();
    return table;
}

const std::vector<std::string>& unknown_keywords() {
    static const std::vector<std::string> names = {"PasswordAuthenticaton",
                                                   "PermitRootlogn",
                                                   "AllowUser",
                                                   "PerSourcePenalties",
                                                   "PerSourcePenaltyExemptList",
                                                   "RefuseConnection",
                                                   "PAMServiceName",
                                                   "SshdSessionPath",
                                                   "ListenAdress",
                                                   "Ciphers2",
                                                   "GSSAPIDelegateCredentials",
                                                   "MaxAuthTry"};
    return names;
}

}  // namespace lifeline::differential

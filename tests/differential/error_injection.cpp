// The one controlled error of an invalid generated configuration. Every kind here is fatal for
// sshd 9.2 wherever it lands; the corpus check fails the suite if sshd ever accepts one.

#include "config_generator.hpp"
#include "line_style.hpp"

namespace lifeline::differential {
namespace {

using V = std::vector<std::string>;

/// A value sshd rejects for some keyword of the table.
std::pair<std::string, std::string> bad_value(Rng& rng) {
    std::vector<const KeywordSpec*> pool;
    for (const auto& k : keyword_table()) {
        if (!k.invalid.empty()) pool.push_back(&k);
    }
    const KeywordSpec& k = *pool[rng.below(pool.size())];
    return {k.name, rng.pick(k.invalid)};
}

}  // namespace

std::string ConfigGenerator::inject_error() {
    auto live = live_files();
    DraftFile& main = *m_files.front();
    auto anywhere = [&](const std::string& line) {
        DraftFile& f = *live[m_rng.below(live.size())];
        f.lines.insert(f.lines.begin() + static_cast<long>(m_rng.below(f.lines.size() + 1)), line);
    };
    auto at_top = [&](const V& lines) {
        main.lines.insert(main.lines.begin(), lines.begin(), lines.end());
    };
    auto appended = [&](const V& lines) {
        DraftFile& f = *live[m_rng.below(live.size())];
        f.lines.insert(f.lines.end(), lines.begin(), lines.end());
    };
    switch (m_rng.below(20)) {
        case 0: {
            std::string kw = m_rng.pick(unknown_keywords());
            anywhere(kw + " yes");
            return "unknown keyword " + kw;
        }
        case 1:
        case 2: {
            auto [kw, value] = bad_value(m_rng);
            anywhere(kw + " " + value);
            return "invalid value: " + kw + " " + value;
        }
        case 3: {
            const auto& table = keyword_table();
            std::string kw = table[m_rng.below(table.size())].name;
            anywhere(kw);
            return "missing argument: " + kw;
        }
        case 4: {
            std::string line = m_rng.pick(V{"PermitRootLogin no yes", "MaxAuthTries 3 4",
                                            "Banner /etc/issue /etc/motd", "LoginGraceTime 30 60",
                                            "X11Forwarding yes yes", "ChrootDirectory /a /b"});
            anywhere(line);
            return "extra argument: " + line;
        }
        case 5: {
            std::string line = m_rng.pick(V{"Banner \"/etc/issue", "AllowUsers \"alice",
                                            "AcceptEnv 'LANG", "PermitRootLogin \"no"});
            anywhere(line);
            return "unterminated quote: " + line;
        }
        case 6: {
            std::string line = m_rng.pick(
                V{"PasswordAuthentication no\\", "PermitRootLogin no\\", "MaxAuthTries 3\\"});
            anywhere(line);
            return "trailing backslash: " + line;
        }
        case 7: {
            std::string line =
                m_rng.pick(V{"X11Forwarding no#x", "PermitRootLogin no#comment", "Port 22#x"});
            anywhere(line);
            return "# inside a token: " + line;
        }
        case 8: {
            std::string line = m_rng.pick(V{"Port == 22", "PermitRootLogin == no"});
            anywhere(line);
            return "double equals: " + line;
        }
        case 9: {
            std::vector<const KeywordSpec*> g_only;
            for (const auto& k : keyword_table()) {
                if (!k.match_ok) g_only.push_back(&k);
            }
            const KeywordSpec& k = *g_only[m_rng.below(g_only.size())];
            std::string line = k.name + " " + (k.valid.empty() ? "x" : m_rng.pick(k.valid));
            appended({"Match User " + m_rng.pick(V{"alice", "*", "nobody"}), line});
            return "global-only keyword in Match: " + line;
        }
        case 10:
            appended({"Match Address 10.0.0.0/8", m_rng.pick(V{"UsePrivilegeSeparation sandbox",
                                                               "Port 2222", "Subsystem ftp /x"})});
            return "deprecated/global-only keyword in Match";
        case 11:
        case 12: {
            std::string line = m_rng.pick(
                V{"Match Usr alice", "Match User", "Match all User alice",
                  "Match Address 10.0.0.1/8", "Match LocalPort abc", "Match Address 2001:db8::1/64",
                  "Match", "Match User alice, bob", "Match Address 192.168.1.0/33"});
            anywhere(line);
            return "bad Match line: " + line;
        }
        case 13:
            at_top({"Subsystem sftp /usr/lib/openssh/sftp-server", "Subsystem sftp internal-sftp"});
            return "duplicate Subsystem";
        case 14:
            new_file("etc/ssh/loop.conf", true).lines = {"Include /etc/ssh/loop.conf"};
            at_top({"Include loop.conf"});
            return "recursive Include";
        case 15:
            at_top({"PasswordAuthentication no", "AuthenticationMethods password"});
            return "AuthenticationMethods needs a disabled method";
        case 16:
            at_top({"PubkeyAuthentication yes", "AuthenticationMethods publickey"});
            main.lines.push_back("Match User nosuchuser");
            main.lines.push_back("AuthenticationMethods any");
            return "bz3657: AuthenticationMethods any after a global list";
        case 17:
            anywhere("RDomain vrf0");
            return "RDomain keyword (unsupported on Linux)";
        case 18:
            at_top(m_rng.chance(50) ? V{"AddressFamily inet6", "ListenAddress 0.0.0.0"}
                                    : V{"AddressFamily inet", "ListenAddress ::1"});
            return "ListenAddress of the wrong family";
        default: {
            std::string line = m_rng.pick(V{"AuthorizedKeysCommand bin/keys %u", "Include",
                                            "AuthorizedPrincipalsCommand ./x"});
            anywhere(line);
            return "bad command/include: " + line;
        }
    }
}

}  // namespace lifeline::differential

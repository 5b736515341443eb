// Differential test: ufw's start sequence as lifeline replays it, against real ufw 0.36.2.
//
// For each configuration: a scratch copy of the machine's /etc/ufw and /etc/default/ufw, edited
// (or written by the real `ufw` command run in a throw-away namespace); then the real
// `/lib/ufw/ufw-init start` in a throw-away mount and network namespace (`unshare -m -n`, the
// copies bind-mounted over /etc/ufw and /etc/default/ufw, so the host's files and firewall are
// never touched), and `iptables-save` / `ip6tables-save`. The dumps are restored into a fresh
// XtablesState and compared chain by chain (policy and every rule, through to_netfilter, so
// canonical-form differences such as `-m tcp` or `--reject-with icmp-port-unreachable` do not
// count) with the state lifeline's model builds from the same files.
//
// Needs root, unshare, ufw and iptables-nft; skips otherwise. CTest label: differential.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "iptables/parser.hpp"
#include "iptables/restore.hpp"
#include "lifeline/host.hpp"
#include "lifeline/sys/fs.hpp"
#include "run_command.hpp"
#include "ufw/model.hpp"

namespace fs = std::filesystem;

namespace lifeline::ufw {
namespace {

/// A scratch copy of the ufw configuration, removed at the end.
class Scratch {
  public:
    Scratch() {
        char tmpl[] = "/tmp/lifeline-ufw-diff-XXXXXX";
        m_dir = ::mkdtemp(tmpl);
        fs::create_directories(m_dir / "etc/default");
        fs::copy("/etc/ufw", m_dir / "etc/ufw", fs::copy_options::recursive);
        fs::copy_file("/etc/default/ufw", m_dir / "etc/default/ufw");
        set("etc/ufw/ufw.conf", "ENABLED", "yes");
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    const fs::path& dir() const { return m_dir; }

    std::string read(const std::string& rel) const {
        std::ifstream in(m_dir / rel);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    void write(const std::string& rel, const std::string& text) const {
        std::ofstream(m_dir / rel, std::ios::trunc) << text;
    }
    /// Replaces the line assigning `name` (or appends one).
    void set(const std::string& rel, const std::string& name, const std::string& value) const {
        std::istringstream in(read(rel));
        std::string line, out;
        bool done = false;
        while (std::getline(in, line)) {
            if (line.rfind(name + "=", 0) == 0) {
                line = name + "=" + value;
                done = true;
            }
            out += line + "\n";
        }
        if (!done) out += name + "=" + value + "\n";
        write(rel, out);
    }
    /// Runs `script` in a private mount and network namespace with the copies mounted.
    test::CommandResult in_namespace(const std::string& script) const {
        std::string d = m_dir.string();
        return test::run_command(
            {"unshare", "-m", "-n", "sh", "-c",
             "mount --make-rprivate / && mount --bind " + d + "/etc/ufw /etc/ufw && mount --bind " +
                 d + "/etc/default/ufw /etc/default/ufw && " + script},
            std::chrono::seconds(60));
    }

  private:
    fs::path m_dir;
};

const char* verdict_name(nf::Verdict v) {
    return nf::to_string(v);
}

/// One rule as a comparable line (origins and source texts left out).
std::string describe(const nf::Rule& r, int family) {
    std::ostringstream s;
    s << verdict_name(r.verdict);
    if (r.verdict == nf::Verdict::jump || r.verdict == nf::Verdict::go_to) s << ' ' << r.target;
    if (r.verdict == nf::Verdict::reject) {
        std::string d = r.detail.empty()
                            ? (family == 4 ? "icmp-port-unreachable" : "icmp6-port-unreachable")
                            : r.detail;
        s << ' ' << d;
    }
    for (const nf::Term& t : r.terms) {
        s << " [" << static_cast<int>(t.field) << (t.negated ? "!" : "");
        for (const auto& v : t.values) s << ' ' << v.first << '-' << v.last;
        for (const auto& n : t.networks) s << ' ' << net::format_network(n);
        for (const auto& i : t.interfaces) s << ' ' << i.name << (i.wildcard ? "+" : "");
        if (t.bits || t.mask) s << " b" << t.bits << " m" << t.mask;
        if (t.field == nf::Field::may_match) s << (t.likely ? " likely" : " unlikely");
        if (t.field == nf::Field::unknown) s << ' ' << t.text;
        s << ']';
    }
    for (const auto& e : r.effects)
        s << " {" << static_cast<int>(e.kind) << ' ' << e.value << ' ' << e.mask << '}';
    return s.str();
}

/// Chain name → its policy and rules, for every table of `state`.
std::map<std::string, std::vector<std::string>> chains_of(const iptables::XtablesState& state) {
    std::map<std::string, std::vector<std::string>> out;
    for (const nf::Table& t : state.to_netfilter("compare", {})) {
        for (const nf::Chain& c : t.chains) {
            auto& lines = out[t.name + " " + c.name];
            if (c.base) lines.push_back(std::string("policy ") + verdict_name(c.policy));
            for (const nf::Rule& r : c.rules) lines.push_back(describe(r, state.family()));
        }
    }
    return out;
}

/// The real dumps after `ufw-init start`, restored into states.
struct RealRun {
    iptables::XtablesState v4{4, true}, v6{6, true};
    std::string output;
};

std::optional<RealRun> run_real(const Scratch& s) {
    auto r = s.in_namespace(
        "/lib/ufw/ufw-init start >/dev/null 2>&1; echo '#### v4'; iptables-save; "
        "echo '#### v6'; ip6tables-save");
    if (r.timed_out || r.exit_code != 0) {
        ADD_FAILURE() << "the namespace run failed: " << r.err;
        return std::nullopt;
    }
    auto split = r.out.find("#### v6");
    RealRun out;
    out.output = r.out;
    std::string v4 = r.out.substr(0, split), v6 = r.out.substr(split);
    auto f4 = iptables::parse_save_file(v4, "real-v4", 4);
    auto f6 = iptables::parse_save_file(v6, "real-v6", 6);
    EXPECT_TRUE(f4.errors.empty()) << f4.errors.front().message;
    EXPECT_TRUE(f6.errors.empty()) << f6.errors.front().message;
    EXPECT_TRUE(out.v4.restore(f4, "real-v4").ok);
    EXPECT_TRUE(out.v6.restore(f6, "real-v6").ok);
    return out;
}

void compare(const iptables::XtablesState& real, const iptables::XtablesState& ours,
             const std::string& family) {
    auto want = chains_of(real), got = chains_of(ours);
    for (const auto& [chain, lines] : want) {
        auto it = got.find(chain);
        if (it == got.end()) {
            ADD_FAILURE() << family << ": lifeline lacks chain " << chain;
            continue;
        }
        EXPECT_EQ(it->second, lines) << family << ": chain " << chain << " differs";
    }
    for (const auto& [chain, lines] : got)
        EXPECT_TRUE(want.count(chain)) << family << ": lifeline has an extra chain " << chain;
}

bool can_run() {
    return ::geteuid() == 0 && fs::exists("/lib/ufw/ufw-init") && fs::exists("/etc/ufw") &&
           fs::exists("/etc/default/ufw") && fs::exists("/usr/bin/unshare");
}

/// One configuration: a name and how to edit the scratch copy.
struct Case {
    std::string name;
    std::function<void(const Scratch&)> setup;
    bool runs = true;  ///< ufw-init gets to the sequence (else both sides hold no table)
};

std::string with_line_after(const std::string& text, const std::string& anchor,
                            const std::string& line) {
    auto at = text.find(anchor);
    if (at == std::string::npos) return text;
    auto eol = text.find('\n', at);
    return text.substr(0, eol + 1) + line + "\n" + text.substr(eol + 1);
}

std::string without_line(const std::string& text, const std::string& needle) {
    std::istringstream in(text);
    std::string line, out;
    while (std::getline(in, line))
        if (line.find(needle) == std::string::npos) out += line + "\n";
    return out;
}

const std::vector<Case>& cases() {
    static const std::vector<Case> k_cases = {
        {"stock_enabled", [](const Scratch&) {}},
        {"rules_written_by_ufw",
         [](const Scratch& s) {
             // The real ufw command writes user.rules/user6.rules (tuples, logging section).
             auto r = s.in_namespace(
                 "ufw --force enable && ufw allow OpenSSH && ufw limit 2222/tcp && "
                 "ufw allow from 192.0.2.0/24 to any port 22 proto tcp && ufw deny 23 && "
                 "ufw allow in on eth0 to any port 80 && ufw reject 25/tcp && "
                 "ufw allow 6000:6010/tcp && ufw allow 80,443/tcp && ufw allow log 8080/tcp && "
                 "ufw limit log-all 2200/tcp && ufw deny out 25 && "
                 "ufw route allow in on eth0 out on eth1 && "
                 "ufw allow from 10.0.0.0/8 to 10.1.2.3 port 5000:5010 proto udp && "
                 "ufw reject from 203.0.113.5 port 53 proto udp && "
                 "ufw allow 9000/tcp comment 'web ui' && "
                 "ufw allow proto tcp from any port 1024:65535 to any port 80,443 && "
                 "ufw deny log-all from 198.51.100.0/24 && ufw reject 111 && "
                 "ufw allow in on eth1 to any app OpenSSH && "
                 "ufw insert 1 deny from 203.0.113.0/24 to any port 22 proto tcp && "
                 "ufw allow from 2001:db8::/32 to any port 22 proto tcp && "
                 "ufw route deny out on eth2 && ufw allow out 53/udp && "
                 "ufw logging medium >/dev/null");
             ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
         }},
        {"policies_reject_drop_accept",
         [](const Scratch& s) {
             s.set("etc/default/ufw", "DEFAULT_INPUT_POLICY", "\"REJECT\"");
             s.set("etc/default/ufw", "DEFAULT_OUTPUT_POLICY", "\"DROP\"");
             s.set("etc/default/ufw", "DEFAULT_FORWARD_POLICY", "\"ACCEPT\"");
         }},
        {"input_accept",
         [](const Scratch& s) { s.set("etc/default/ufw", "DEFAULT_INPUT_POLICY", "ACCEPT"); }},
        {"ipv6_no", [](const Scratch& s) { s.set("etc/default/ufw", "IPV6", "no"); }},
        {"ipv6_capitalised", [](const Scratch& s) { s.set("etc/default/ufw", "IPV6", "Yes"); }},
        {"lowercase_policy",
         [](const Scratch& s) { s.set("etc/default/ufw", "DEFAULT_INPUT_POLICY", "\"drop\""); }},
        {"empty_forward_policy",
         [](const Scratch& s) { s.set("etc/default/ufw", "DEFAULT_FORWARD_POLICY", "\"\""); }},
        {"two_word_output_policy",
         [](const Scratch& s) {
             s.set("etc/default/ufw", "DEFAULT_OUTPUT_POLICY", "\"ACCEPT DROP\"");
         }},
        {"broken_user_rules",
         [](const Scratch& s) {
             std::string u = s.read("etc/ufw/user.rules");
             u = with_line_after(u, "### RULES ###",
                                 "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
                                 "-A ufw-user-input --dport 2222 -j ACCEPT");
             s.write("etc/ufw/user.rules", u);
         }},
        {"user_rules_jump_to_missing_chain",
         [](const Scratch& s) {
             std::string u = s.read("etc/ufw/user.rules");
             u = with_line_after(u, "### RULES ###",
                                 "-A ufw-user-input -p tcp --dport 22 -j ACCPT");
             s.write("etc/ufw/user.rules", u);
         }},
        {"broken_before_rules",
         [](const Scratch& s) {
             std::string b = s.read("etc/ufw/before.rules");
             b = with_line_after(b, "-A ufw-before-input -i lo -j ACCEPT",
                                 "-A ufw-before-input -p tcp --dport 70000 -j ACCEPT");
             s.write("etc/ufw/before.rules", b);
         }},
        {"before_rules_edited",
         [](const Scratch& s) {
             std::string b = s.read("etc/ufw/before.rules");
             b = without_line(b, "-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED");
             b = with_line_after(b, "-A ufw-before-input -i lo -j ACCEPT",
                                 "-A ufw-before-input -p tcp --dport 22 -j DROP");
             s.write("etc/ufw/before.rules", b);
         }},
        {"empty_user6_rules", [](const Scratch& s) { s.write("etc/ufw/user6.rules", ""); }},
        {"missing_after_rules",
         [](const Scratch& s) { fs::remove(s.dir() / "etc/ufw/after.rules"); }},
        {"settings_line_stops_ufw_init",
         [](const Scratch& s) {
             s.write("etc/default/ufw", s.read("etc/default/ufw") + "IPV6 = yes\n");
         },
         false},
        {"not_enabled", [](const Scratch& s) { s.set("etc/ufw/ufw.conf", "ENABLED", "no"); },
         false},
    };
    return k_cases;
}

void PrintTo(const Case& c, std::ostream* os) {
    *os << c.name;
}

class UfwDifferential : public ::testing::TestWithParam<Case> {};

TEST_P(UfwDifferential, StartSequenceMatchesRealUfw) {
    if (!can_run()) GTEST_SKIP() << "needs root, unshare and ufw";
    Scratch s;
    GetParam().setup(s);
    if (::testing::Test::HasFatalFailure()) return;
    auto real = run_real(s);
    ASSERT_TRUE(real);
    auto fsys = sys::make_real_file_system();
    SourceManager sources;
    Host host(s.dir().string(), *fsys, sources);
    auto model = load_model(host);
    ASSERT_TRUE(model->present);
    // Guards against a vacuous pass: the real run must have loaded ufw exactly when expected.
    bool real_runs = chains_of(real->v4).count("filter ufw-before-input") > 0;
    ASSERT_EQ(real_runs, GetParam().runs) << real->output;
    EXPECT_EQ(model->start.started, GetParam().runs);
    compare(real->v4, model->start.v4.state, "IPv4");
    compare(real->v6, model->start.v6.state, "IPv6");
    if (HasFailure()) ADD_FAILURE() << "real dumps:\n" << real->output;
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
    return info.param.name;
}

INSTANTIATE_TEST_SUITE_P(Configurations, UfwDifferential, ::testing::ValuesIn(cases()), case_name);

}  // namespace
}  // namespace lifeline::ufw

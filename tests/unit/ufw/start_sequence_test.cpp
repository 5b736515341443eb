// ufw's start sequence replayed on the iptables model. The expected chains and rule orders are
// those of the real ufw 0.36.2, captured with
//   unshare -m -n sh -c 'mount --make-rprivate /; mount --bind LAB/etc/ufw /etc/ufw;
//     mount --bind LAB/etc/default/ufw /etc/default/ufw; /lib/ufw/ufw-init start; iptables-save'
// (LAB a copy of Debian 12's /etc/ufw and /etc/default/ufw with ENABLED=yes). For the stock
// files that printed, among others:
//   :INPUT DROP  :FORWARD DROP  :OUTPUT ACCEPT
//   -A INPUT -j ufw-before-logging-input      -A INPUT -j ufw-before-input
//   -A INPUT -j ufw-after-input               -A INPUT -j ufw-after-logging-input
//   -A INPUT -j ufw-reject-input              -A INPUT -j ufw-track-input
//   -A ufw-before-input -j ufw-user-input     (the last rule of ufw-before-input)
//   -A ufw-skip-to-policy-input -j DROP       -A ufw-skip-to-policy-output -j ACCEPT
//   -A ufw-track-output -p tcp -m conntrack --ctstate NEW -j ACCEPT (and udp)
// The full comparison, chain by chain, for 17 configurations is ufw_differential.cpp.
#include "ufw/start_sequence.hpp"

#include <gtest/gtest.h>

#include "iptables/parser.hpp"

namespace lifeline::ufw {
namespace {

constexpr const char* k_before =
    "*filter\n"
    ":ufw-before-input - [0:0]\n"
    ":ufw-before-output - [0:0]\n"
    ":ufw-before-forward - [0:0]\n"
    "-A ufw-before-input -i lo -j ACCEPT\n"
    "-A ufw-before-input -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
    "COMMIT\n";
constexpr const char* k_after =
    "*filter\n"
    ":ufw-after-input - [0:0]\n"
    "-A ufw-after-input -p udp --dport 137 -j ufw-skip-to-policy-input\n"
    "COMMIT\n";
constexpr const char* k_user =
    "*filter\n"
    ":ufw-user-input - [0:0]\n"
    "### tuple ### allow tcp 22 0.0.0.0/0 any 0.0.0.0/0 in\n"
    "-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
    "COMMIT\n";

struct Files {
    std::string defaults =
        "IPV6=yes\nDEFAULT_INPUT_POLICY=\"DROP\"\nDEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n"
        "DEFAULT_FORWARD_POLICY=\"DROP\"\n";
    std::string before = k_before, after = k_after, user = k_user;
    bool user_present = true, before_present = true;
};

/// Runs the sequence; v6 uses the same texts with the ufw6- prefix.
StartResult run(const Files& s) {
    std::vector<Diagnostic> ignored;
    UfwSettings settings =
        read_settings({k_conf_path, "ENABLED=yes\n"}, {k_defaults_path, s.defaults}, ignored);
    auto six = [](std::string t) {
        for (size_t at = t.find("ufw-"); at != std::string::npos; at = t.find("ufw-", at + 5))
            t.replace(at, 4, "ufw6-");
        return t;
    };
    iptables::SaveFile files[6];  // only read during run_start_sequence
    files[0] = iptables::parse_save_file(s.before, "/etc/ufw/before.rules", 4);
    files[1] = iptables::parse_save_file(s.after, "/etc/ufw/after.rules", 4);
    files[2] = iptables::parse_save_file(s.user, "/etc/ufw/user.rules", 4);
    files[3] = iptables::parse_save_file(six(s.before), "/etc/ufw/before6.rules", 6);
    files[4] = iptables::parse_save_file(six(s.after), "/etc/ufw/after6.rules", 6);
    files[5] = iptables::parse_save_file(six(s.user), "/etc/ufw/user6.rules", 6);
    FamilyFiles v4{{"/etc/ufw/before.rules", s.before_present ? &files[0] : nullptr},
                   {"/etc/ufw/after.rules", &files[1]},
                   {"/etc/ufw/user.rules", s.user_present ? &files[2] : nullptr}};
    FamilyFiles v6{{"/etc/ufw/before6.rules", &files[3]},
                   {"/etc/ufw/after6.rules", &files[4]},
                   {"/etc/ufw/user6.rules", &files[5]}};
    return run_start_sequence(settings, v4, v6);
}

const iptables::LiveChain& chain(const FamilyStart& f, const std::string& name) {
    static const iptables::LiveChain k_none{};
    const auto& tables = f.state.tables();
    auto t = tables.find("filter");
    if (t == tables.end()) return k_none;
    const iptables::LiveChain* c = t->second.find(name);
    return c ? *c : k_none;
}

std::vector<std::string> specs(const iptables::LiveChain& c) {
    std::vector<std::string> out;
    for (const auto& r : c.rules) out.push_back(r.spec);
    return out;
}

TEST(UfwStartSequence, HooksInUfwInitsOrder) {
    StartResult r = run({});
    ASSERT_TRUE(r.started);
    EXPECT_TRUE(r.v4.failures.empty());
    EXPECT_EQ(specs(chain(r.v4, "INPUT")),
              (std::vector<std::string>{"-j ufw-before-logging-input", "-j ufw-before-input",
                                        "-j ufw-after-input", "-j ufw-after-logging-input",
                                        "-j ufw-reject-input", "-j ufw-track-input"}));
    EXPECT_EQ(specs(chain(r.v4, "OUTPUT")).front(), "-j ufw-before-logging-output");
    EXPECT_EQ(specs(chain(r.v4, "FORWARD")).back(), "-j ufw-track-forward");
    EXPECT_EQ(specs(chain(r.v6, "INPUT")).front(), "-j ufw6-before-logging-input");
    // before.rules' rules, then the jump to the user chain appended after user.rules.
    EXPECT_EQ(specs(chain(r.v4, "ufw-before-input")),
              (std::vector<std::string>{"-i lo -j ACCEPT",
                                        "-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                                        "-j ufw-user-input"}));
    EXPECT_EQ(specs(chain(r.v4, "ufw-user-input")),
              std::vector<std::string>{"-p tcp --dport 22 -j ACCEPT"});
    EXPECT_EQ(specs(chain(r.v4, "ufw-skip-to-policy-input")), std::vector<std::string>{"-j DROP"});
    EXPECT_EQ(specs(chain(r.v4, "ufw-skip-to-policy-output")),
              std::vector<std::string>{"-j ACCEPT"});
    EXPECT_EQ(specs(chain(r.v4, "ufw-track-output")),
              (std::vector<std::string>{"-p tcp -m conntrack --ctstate NEW -j ACCEPT",
                                        "-p udp -m conntrack --ctstate NEW -j ACCEPT"}));
    EXPECT_TRUE(specs(chain(r.v4, "ufw-track-input")).empty());
    EXPECT_TRUE(specs(chain(r.v4, "ufw-reject-input")).empty());
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "DROP");
    EXPECT_EQ(chain(r.v4, "FORWARD").policy, "DROP");
    EXPECT_EQ(chain(r.v4, "OUTPUT").policy, "ACCEPT");
}

TEST(UfwStartSequence, GeneratedRulesNameTheFileThatCausedThem) {
    StartResult r = run({});
    const auto& input = chain(r.v4, "INPUT");
    EXPECT_EQ(input.rules[0].origin.file, "/lib/ufw/ufw-init");
    EXPECT_EQ(input.rules[0].origin.line, 0);
    EXPECT_EQ(input.rules[0].origin.text,
              "ufw start sequence: -A INPUT -j ufw-before-logging-input");
    // Each built-in chain's policy points at the setting it comes from.
    EXPECT_EQ(input.policy_origin.file, "/etc/default/ufw");
    EXPECT_EQ(input.policy_origin.line, 2);  // DEFAULT_INPUT_POLICY="DROP"
    EXPECT_EQ(input.policy_origin.column, 22);
    EXPECT_EQ(input.policy_origin.text, "ufw start sequence: :INPUT DROP [0:0]");
    EXPECT_EQ(chain(r.v4, "OUTPUT").policy_origin.line, 3);  // DEFAULT_OUTPUT_POLICY="ACCEPT"
    const auto& hook = chain(r.v4, "ufw-before-input").rules.back();
    EXPECT_EQ(hook.origin.file, "/etc/ufw/user.rules");
    EXPECT_EQ(hook.origin.text, "ufw start sequence: -A ufw-before-input -j ufw-user-input");
    const auto& from_file = chain(r.v4, "ufw-user-input").rules.front();
    EXPECT_EQ(from_file.origin.file, "/etc/ufw/user.rules");
    EXPECT_EQ(from_file.origin.line, 4);
}

TEST(UfwStartSequence, RejectPolicyIsDropPlusARejectRule) {
    Files s;
    s.defaults =
        "IPV6=yes\nDEFAULT_INPUT_POLICY=REJECT\nDEFAULT_OUTPUT_POLICY=ACCEPT\n"
        "DEFAULT_FORWARD_POLICY=ACCEPT\n";
    StartResult r = run(s);
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "DROP");
    EXPECT_EQ(chain(r.v4, "FORWARD").policy, "ACCEPT");
    EXPECT_EQ(specs(chain(r.v4, "ufw-reject-input")), std::vector<std::string>{"-j REJECT"});
    EXPECT_EQ(chain(r.v4, "ufw-reject-input").rules[0].origin.text,
              "ufw start sequence: -A ufw-reject-input -j REJECT");
    EXPECT_EQ(chain(r.v4, "ufw-reject-input").rules[0].origin.file, "/etc/default/ufw");
    EXPECT_EQ(specs(chain(r.v4, "ufw-skip-to-policy-input")),
              std::vector<std::string>{"-j REJECT"});
    EXPECT_EQ(specs(chain(r.v4, "ufw-track-forward")).size(), 2u);
}

TEST(UfwStartSequence, BrokenUserRulesStillEndsWithPolicyDrop) {
    Files s;
    s.user =
        "*filter\n:ufw-user-input - [0:0]\n-A ufw-user-input -p tcp --dport 22 -j ACCEPT\n"
        "-A ufw-user-input --dport 2222 -j ACCEPT\nCOMMIT\n";
    StartResult r = run(s);
    ASSERT_EQ(r.v4.failures.size(), 1u);
    const StepFailure& f = r.v4.failures[0];
    EXPECT_EQ(f.file, "/etc/ufw/user.rules");
    EXPECT_EQ(f.line, 4);
    EXPECT_EQ(f.message.substr(0, 42), "Problem running '/etc/ufw/user.rules': unk");
    EXPECT_TRUE(chain(r.v4, "ufw-user-input").rules.empty());
    EXPECT_EQ(specs(chain(r.v4, "ufw-before-input")).back(), "-j ufw-user-input");
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "DROP");
}

TEST(UfwStartSequence, MissingFilesAreSkipped) {
    Files s;
    s.before_present = false;
    s.user_present = false;
    StartResult r = run(s);
    ASSERT_EQ(r.v4.failures.size(), 2u);
    EXPECT_EQ(r.v4.failures[0].message, "Couldn't find '/etc/ufw/before.rules'");
    EXPECT_EQ(r.v4.failures[0].line, 0);
    EXPECT_EQ(r.v4.failures[1].message, "Couldn't find '/etc/ufw/user.rules'");
    // Without user.rules ufw-init neither creates the user chains nor hooks them.
    EXPECT_TRUE(chain(r.v4, "ufw-user-input").name.empty());
    EXPECT_TRUE(specs(chain(r.v4, "ufw-before-input")).empty());
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "DROP");
}

TEST(UfwStartSequence, Ipv6DisabledLocksIpv6Down) {
    Files s;
    s.defaults =
        "IPV6=no\nDEFAULT_INPUT_POLICY=DROP\nDEFAULT_OUTPUT_POLICY=ACCEPT\n"
        "DEFAULT_FORWARD_POLICY=DROP\n";
    StartResult r = run(s);
    EXPECT_TRUE(r.v6.lockdown);
    EXPECT_EQ(chain(r.v6, "INPUT").policy, "DROP");
    EXPECT_EQ(chain(r.v6, "OUTPUT").policy, "DROP");
    EXPECT_EQ(chain(r.v6, "FORWARD").policy, "DROP");
    EXPECT_EQ(specs(chain(r.v6, "INPUT")), std::vector<std::string>{"-i lo -j ACCEPT"});
    EXPECT_EQ(specs(chain(r.v6, "OUTPUT")), std::vector<std::string>{"-o lo -j ACCEPT"});
    EXPECT_TRUE(chain(r.v6, "ufw6-before-input").name.empty());
    EXPECT_EQ(chain(r.v6, "INPUT").rules[0].origin.file, "/etc/default/ufw");
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "DROP");  // IPv4 as usual
}

TEST(UfwStartSequence, LowerCasePolicyLeavesInputOpen) {
    // Real ufw: "Chain 'drop' does not exist", after.rules fails on ufw-skip-to-policy-input,
    // "Bad policy name", and INPUT keeps ACCEPT.
    Files s;
    s.defaults =
        "IPV6=yes\nDEFAULT_INPUT_POLICY=drop\nDEFAULT_OUTPUT_POLICY=ACCEPT\n"
        "DEFAULT_FORWARD_POLICY=DROP\n";
    StartResult r = run(s);
    EXPECT_EQ(chain(r.v4, "INPUT").policy, "ACCEPT");
    EXPECT_EQ(chain(r.v4, "FORWARD").policy, "ACCEPT");
    EXPECT_TRUE(chain(r.v4, "ufw-skip-to-policy-input").name.empty());
    ASSERT_EQ(r.v4.failures.size(), 3u);
    EXPECT_EQ(r.v4.failures[0].generated, "-A ufw-skip-to-policy-input -j drop");
    EXPECT_EQ(r.v4.failures[1].file, "/etc/ufw/after.rules");
    EXPECT_EQ(r.v4.failures[2].generated, ":INPUT drop [0:0]");
}

TEST(UfwStartSequence, NotEnabledDoesNothing) {
    std::vector<Diagnostic> ignored;
    UfwSettings settings =
        read_settings({k_conf_path, "ENABLED=no\n"}, {k_defaults_path, "IPV6=yes\n"}, ignored);
    StartResult r = run_start_sequence(settings, {}, {});
    EXPECT_FALSE(r.started);
    EXPECT_TRUE(r.v4.state.tables().empty());
}

}  // namespace
}  // namespace lifeline::ufw

// ufw-init's reading of /etc/ufw/ufw.conf and /etc/default/ufw (/lib/ufw/ufw-init and
// ufw-init-functions of ufw 0.36.2): ufw.conf, then /etc/default/ufw, then ufw.conf again;
// values compared case-sensitively.
#include "ufw/settings.hpp"

#include <gtest/gtest.h>

namespace lifeline::ufw {
namespace {

constexpr const char* k_debian_defaults =
    "# /etc/default/ufw\n"
    "IPV6=yes\n"
    "DEFAULT_INPUT_POLICY=\"DROP\"\n"
    "DEFAULT_OUTPUT_POLICY=\"ACCEPT\"\n"
    "DEFAULT_FORWARD_POLICY=\"DROP\"\n"
    "DEFAULT_APPLICATION_POLICY=\"SKIP\"\n"
    "MANAGE_BUILTINS=no\n"
    "IPT_SYSCTL=/etc/ufw/sysctl.conf\n"
    "IPT_MODULES=\"\"\n";

UfwSettings read(std::string conf, std::string defaults, std::vector<Diagnostic>& findings) {
    return read_settings({k_conf_path, std::move(conf)}, {k_defaults_path, std::move(defaults)},
                         findings);
}

std::vector<std::string> texts(const std::vector<Diagnostic>& ds) {
    std::vector<std::string> out;
    for (const auto& d : ds)
        out.push_back(d.rule_id + " " + d.location.path + ":" + std::to_string(d.location.line) +
                      ":" + std::to_string(d.location.column) + " " + d.message);
    return out;
}

TEST(UfwSettings, DebianDefaultsEnabled) {
    std::vector<Diagnostic> findings;
    UfwSettings s = read("ENABLED=yes\nLOGLEVEL=low\n", k_debian_defaults, findings);
    EXPECT_TRUE(findings.empty());
    EXPECT_TRUE(s.starts());
    EXPECT_TRUE(s.ipv6_enabled());
    EXPECT_EQ(s.default_input.value, "DROP");
    EXPECT_EQ(s.default_input.file, k_defaults_path);
    EXPECT_EQ(s.default_input.line, 3);
    EXPECT_EQ(s.default_input.column, 22);
    EXPECT_EQ(s.default_output.value, "ACCEPT");
    EXPECT_EQ(s.default_forward.value, "DROP");
    EXPECT_EQ(s.default_application.value, "SKIP");
    EXPECT_EQ(s.manage_builtins.value, "no");
    EXPECT_EQ(s.loglevel.value, "low");
    EXPECT_EQ(s.enabled.file, k_conf_path);
    EXPECT_EQ(s.enabled.line, 1);
    EXPECT_EQ(s.enabled.column, 9);
}

TEST(UfwSettings, Ufw_confIsSourcedLastAndWins) {
    std::vector<Diagnostic> findings;
    UfwSettings s = read("ENABLED=YES\nIPV6=no\n", k_debian_defaults, findings);
    EXPECT_TRUE(s.starts());  // YES counts as well as yes
    EXPECT_FALSE(s.ipv6_enabled());
    EXPECT_EQ(s.ipv6.file, k_conf_path);
    EXPECT_EQ(s.ipv6.line, 2);
}

TEST(UfwSettings, CapitalisedEnabledDoesNotStart) {
    std::vector<Diagnostic> findings;
    UfwSettings s = read("ENABLED=Yes\n", k_debian_defaults, findings);
    EXPECT_FALSE(s.starts());
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(texts(findings)[0],
              "UFW002 /etc/ufw/ufw.conf:1:9 ENABLED=\"Yes\": ufw-init starts the firewall only "
              "for \"yes\" or \"YES\", so ufw is not started at boot, while the ufw command "
              "(which lower-cases it) treats it as enabled");
}

TEST(UfwSettings, PoliciesUfwInitRefuses) {
    std::vector<Diagnostic> findings;
    std::string d = k_debian_defaults;
    d.replace(d.find("\"DROP\""), 6, "\"drop\"");
    d.replace(d.find("IPV6=yes"), 8, "IPV6=1");
    d += "DEFAULT_FORWARD_POLICY=\n";
    UfwSettings s = read("ENABLED=yes\n", d, findings);
    EXPECT_TRUE(s.starts());
    EXPECT_EQ(texts(findings),
              (std::vector<std::string>{
                  "UFW002 /etc/default/ufw:2:6 IPV6=\"1\": ufw-init applies the IPv6 rules only "
                  "for \"yes\" or \"YES\"; any other value drops all IPv6 traffic except on "
                  "loopback",
                  "UFW002 /etc/default/ufw:3:22 DEFAULT_INPUT_POLICY=\"drop\" is not ACCEPT, DROP "
                  "or REJECT (upper case): iptables-restore refuses the input policy ufw-init "
                  "builds from it, so the policy is never set and after.rules, which jumps to "
                  "ufw-skip-to-policy-input, fails to load",
                  "UFW002 /etc/default/ufw:10:24 DEFAULT_FORWARD_POLICY=\"\" is not ACCEPT, DROP "
                  "or REJECT (upper case): iptables-restore refuses the forward policy ufw-init "
                  "builds from it, so the policy is never set and after.rules, which jumps to "
                  "ufw-skip-to-policy-forward, fails to load"}));
}

TEST(UfwSettings, UnsetPolicyPointsAtTheDefaultsFile) {
    std::vector<Diagnostic> findings;
    read("ENABLED=yes\n", "IPV6=yes\nDEFAULT_INPUT_POLICY=DROP\nDEFAULT_FORWARD_POLICY=DROP\n",
         findings);
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].location.path, k_defaults_path);
    EXPECT_EQ(findings[0].location.line, 0);
    EXPECT_EQ(findings[0].message.substr(0, 34), "DEFAULT_OUTPUT_POLICY is not set: ");
}

TEST(UfwSettings, AFailingLineStopsUfwInit) {
    std::vector<Diagnostic> findings;
    std::string d = std::string(k_debian_defaults) + "IPV6 = yes\n";
    UfwSettings s = read("ENABLED=yes\n", d, findings);
    EXPECT_TRUE(s.aborts);
    EXPECT_FALSE(s.starts());
    EXPECT_EQ(s.abort_reason,
              "/etc/default/ufw:10: `IPV6` is not a variable assignment: sh runs it as a "
              "command, which fails, and ufw-init (set -e) stops before the firewall starts");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].rule_id, "UFW001");
}

TEST(UfwSettings, MissingDefaultsFileStopsUfwInit) {
    std::vector<Diagnostic> findings;
    UfwSettings s =
        read_settings({k_conf_path, "ENABLED=yes\n"}, {k_defaults_path, std::nullopt}, findings);
    EXPECT_FALSE(s.starts());
    EXPECT_EQ(s.abort_reason, "/etc/default/ufw is missing or empty (\"Could not find\")");
    EXPECT_TRUE(findings.empty());
}

}  // namespace
}  // namespace lifeline::ufw

// Where bans hit: action names and parameters of fail2ban 1.0.2's action.d (iptables-multiport
// blocks the jail's ports, *-allports and ufw every port, mail actions nothing).
#include <gtest/gtest.h>

#include "fail2ban/ban.hpp"

namespace lifeline::f2b {
namespace {

Jail jail_with(std::string action, std::string port = "ssh", std::string protocol = "tcp") {
    Jail j;
    j.name = "sshd";
    j.enabled = true;
    j.action = Setting{std::move(action), {"/etc/fail2ban/jail.conf", 10, 1}};
    j.port = Setting{std::move(port), {"/etc/fail2ban/jail.conf", 12, 1}};
    j.protocol = Setting{std::move(protocol), {}};
    return j;
}

TEST(BanReach, ParsesActionLinesAndParameters) {
    auto calls = parse_actions(
        "iptables-multiport[port=\"ssh,2222\", protocol=\"tcp\", chain=\"INPUT\"]\n"
        "           sendmail-whois[name=sshd, dest=root]");
    ASSERT_EQ(calls.size(), 2u);
    EXPECT_EQ(calls[0].name, "iptables-multiport");
    ASSERT_NE(calls[0].param("port"), nullptr);
    EXPECT_EQ(*calls[0].param("port"), "ssh,2222");
    EXPECT_EQ(*calls[1].param("dest"), "root");
}

TEST(BanReach, PortActionsBlockTheirPorts) {
    const auto& services = ServiceTable::debian();
    BanReach r = ban_reach(jail_with("iptables-multiport[port=\"ssh,2200:2210\", protocol=\"tcp\"]"),
                           services);
    EXPECT_EQ(r.scope, BanReach::Scope::ports);
    EXPECT_TRUE(r.blocks(22));
    EXPECT_TRUE(r.blocks(2205));
    EXPECT_FALSE(r.blocks(2222));
    EXPECT_EQ(r.describe(), "22,2200:2210");
    // Without a port parameter the jail's port is used.
    EXPECT_TRUE(ban_reach(jail_with("nftables-multiport", "2222"), services).blocks(2222));
    // A UDP-only ban never blocks sshd.
    EXPECT_FALSE(ban_reach(jail_with("iptables-multiport[protocol=udp]"), services).blocks(22));
}

TEST(BanReach, AllPortsAndNonBlockingActions) {
    const auto& services = ServiceTable::debian();
    EXPECT_EQ(ban_reach(jail_with("iptables-allports[name=recidive]"), services).scope,
              BanReach::Scope::all_ports);
    EXPECT_TRUE(ban_reach(jail_with("ufw"), services).blocks(2222));
    BanReach mail = ban_reach(jail_with("sendmail-whois[name=sshd]\nhostsdeny"), services);
    EXPECT_EQ(mail.scope, BanReach::Scope::none);
    EXPECT_FALSE(mail.blocks(22));
    // An action lifeline does not know is assumed to block: never a wrong "not applicable".
    BanReach custom = ban_reach(jail_with("my-site-blocker"), services);
    EXPECT_EQ(custom.scope, BanReach::Scope::unknown);
    EXPECT_TRUE(custom.blocks(22));
    // A port name no services table knows makes the reach unknown too.
    EXPECT_EQ(ban_reach(jail_with("iptables-multiport", "sshh"), services).scope,
              BanReach::Scope::unknown);
}

// jail.conf's action_ is `%(banaction)s[port="%(port)s", protocol=..., chain=...]`: a banaction
// with its own parameters reaches the reader as two groups, which fail2ban reads as one list
// (helpers.py OPTION_EXTRACT_CRE separates options by ',' or '][').
TEST(BanReach, ChainedParameterGroups) {
    auto calls = parse_actions("iptables[type=allports][port=\"ssh\", protocol=\"tcp\", chain=\"INPUT\"]");
    ASSERT_EQ(calls.size(), 1u);
    EXPECT_EQ(calls[0].name, "iptables");
    ASSERT_EQ(calls[0].params.size(), 4u);
    EXPECT_EQ(*calls[0].param("type"), "allports");
    EXPECT_EQ(*calls[0].param("port"), "ssh");
    EXPECT_EQ(*calls[0].param("chain"), "INPUT");
    auto spaced = parse_actions("nftables[type=multiport] [port=2222]");
    EXPECT_EQ(*spaced[0].param("type"), "multiport");
    EXPECT_EQ(*spaced[0].param("port"), "2222");
}

// The `type` parameter of iptables.conf and nftables.conf decides the reach, over the type the
// action file sets (checked against fail2ban-client -d of 1.0.2 and, for iptables[type=allports]
// and nftables[type=allports], against the real server in tests/e2e_fail2ban).
TEST(BanReach, TypeParameterOverridesTheActionFile) {
    const auto& services = ServiceTable::debian();
    auto scope = [&](const char* action) { return ban_reach(jail_with(action), services).scope; };
    EXPECT_EQ(scope("iptables[type=allports][port=\"ssh\", protocol=\"tcp\"]"),
              BanReach::Scope::all_ports);
    EXPECT_EQ(scope("iptables-multiport[type=allports]"), BanReach::Scope::all_ports);
    EXPECT_EQ(scope("iptables-ipset-proto6[type=\"allports\"]"), BanReach::Scope::all_ports);
    EXPECT_EQ(scope("nftables[type=allports][port=\"ssh\"]"), BanReach::Scope::all_ports);
    EXPECT_EQ(scope("nftables-multiport[type=allports]"), BanReach::Scope::all_ports);
    // ... and narrows an allports action down to the jail's ports.
    BanReach narrowed = ban_reach(jail_with("iptables-allports[type=multiport]"), services);
    EXPECT_EQ(narrowed.scope, BanReach::Scope::ports);
    EXPECT_TRUE(narrowed.blocks(22));
    EXPECT_FALSE(narrowed.blocks(2222));
    EXPECT_EQ(scope("iptables-allports[type=oneport]"), BanReach::Scope::ports);
    EXPECT_EQ(scope("nftables-allports[type=multiport]"), BanReach::Scope::ports);
    // nftables.conf has no `oneport` rule: lifeline cannot tell what the action does.
    EXPECT_EQ(scope("nftables[type=oneport]"), BanReach::Scope::unknown);
    // Actions whose rules do not use <type> ignore the parameter.
    EXPECT_EQ(scope("iptables-multiport-log[type=allports]"), BanReach::Scope::ports);
    EXPECT_EQ(scope("iptables-xt_recent-echo[type=multiport]"), BanReach::Scope::all_ports);
}

}  // namespace
}  // namespace lifeline::f2b

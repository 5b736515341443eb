// The preflight script's report read into layers and the probe budget. The report lines are the
// ones gate/scripts/lib.sh's ll_layers prints (`layer NAME`, `maxauthtries N`, `maxretry JAIL N`).
#include <gtest/gtest.h>

#include "local.hpp"

namespace lifeline::gate {
namespace {

TEST(Preflight, LayersKeepTheirWholeNameAndAnInactiveUfwSaysSo) {
    auto pf = parse_preflight(
        "layer sshd\nlayer nftables\nlayer ufw (inactive)\nlayer fail2ban\noperator 10.0.0.2\n");
    EXPECT_EQ(pf.layers, (std::vector<std::string>{"sshd", "nftables", "ufw (inactive)", "fail2ban"}));
}

TEST(Preflight, ProbesStayOneBelowTheTightestLimit) {
    // MaxAuthTries 6 and two jails: sshd's maxretry 3 is the tightest, so 2 failed probes at most.
    auto pf = parse_preflight("maxauthtries 6\nmaxretry sshd 3\nmaxretry recidive 5\n");
    EXPECT_EQ(pf.probe_budget, 2);
    // A jail that bans on the first failure still leaves one probe (the one that must succeed).
    EXPECT_EQ(parse_preflight("maxauthtries 6\nmaxretry sshd 1\n").probe_budget, 1);
}

TEST(Preflight, PerSourcePenaltiesOfOpenSsh98CountTowardsTheLimit) {
    // `sshd -T` of OpenSSH 9.8's defaults: 5 s per failed authentication, a source is blocked
    // from 15 s on, so the third failure blocks it and two probes may fail.
    auto pf = parse_preflight(
        "maxauthtries 6\npersourcepenalties crash:90 authfail:5 noauth:1 grace-exceeded:20 "
        "max:600 min:15 max-sources4:65536 max-sources6:65536 overflow:permissive "
        "overflow6:permissive\n");
    EXPECT_EQ(pf.probe_budget, 2);
    // A stricter setting: one failure reaches the minimum.
    EXPECT_EQ(parse_preflight("persourcepenalties authfail:30 min:15\n").probe_budget, 1);
    // `PerSourcePenalties no` prints no numbers: no limit from it.
    EXPECT_EQ(parse_preflight("maxauthtries 6\npersourcepenalties no\n").probe_budget, 5);
}

TEST(Preflight, UnknownOrMalformedLimitsAreIgnoredAndTheDefaultHolds) {
    EXPECT_EQ(parse_preflight("maxauthtries unknown\nmaxretry sshd \nmaxretry sshd 3x\n").probe_budget,
              3);
    EXPECT_EQ(parse_preflight("").probe_budget, 3);
    EXPECT_EQ(parse_preflight("maxauthtries 0\nmaxretry sshd -2\n").probe_budget, 3);
}

}  // namespace
}  // namespace lifeline::gate

// Value parsers with sshd 9.2's acceptance rules (misc.c convtime/a2port, fmt_scaled.c
// scan_scaled, OpenBSD strtonum). Expected values checked with sshd -T where observable.
#include "values.hpp"

#include <gtest/gtest.h>

#include "algorithms.hpp"

namespace lifeline::sshd {
namespace {

TEST(SshdValues, Convtime) {
    EXPECT_EQ(convtime("120"), 120);
    EXPECT_EQ(convtime("1h30m"), 5400);
    EXPECT_EQ(convtime("2d"), 172800);
    EXPECT_EQ(convtime("1W"), 604800);
    EXPECT_EQ(convtime("1x"), -1);
    EXPECT_EQ(convtime(""), -1);
    EXPECT_EQ(convtime("-5"), -1);
    EXPECT_EQ(convtime("99999999999"), -1);
}

TEST(SshdValues, Ports) {
    auto services = default_service_lookup();
    EXPECT_EQ(a2port("22", services), 22);
    EXPECT_EQ(a2port("+22", services), 22);
    EXPECT_EQ(a2port("ssh", services), 22);
    EXPECT_EQ(a2port("SSH", services), -1);  // service names are case-sensitive
    EXPECT_EQ(a2port("65536", services), -1);
    EXPECT_EQ(a2port("", services), -1);
    EXPECT_EQ(a2port("0", services), 0);
}

TEST(SshdValues, Strtonum) {
    const char* err = nullptr;
    EXPECT_EQ(strtonum("42", 0, 100, &err).value_or(-1), 42);
    EXPECT_FALSE(strtonum("-1", 0, 100, &err));
    EXPECT_STREQ(err, "too small");
    EXPECT_FALSE(strtonum("101", 0, 100, &err));
    EXPECT_STREQ(err, "too large");
    EXPECT_FALSE(strtonum("4x", 0, 100, &err));
    EXPECT_STREQ(err, "invalid");
}

TEST(SshdValues, ScanScaled) {
    const char* err = nullptr;
    EXPECT_EQ(scan_scaled("1G", &err).value_or(-1), 1073741824LL);
    EXPECT_EQ(scan_scaled("1.5M", &err).value_or(-1), 1572864LL);
    EXPECT_EQ(scan_scaled("512k", &err).value_or(-1), 524288LL);
    EXPECT_FALSE(scan_scaled("1KB", &err));
    EXPECT_STREQ(err, "Invalid argument");
}

TEST(SshdValues, NamedValues) {
    EXPECT_EQ(parse_ipqos("AF21"), 0x48);
    EXPECT_EQ(ipqos_name(parse_ipqos("4")), "le");
    EXPECT_EQ(ipqos_name(0x05), "0x05");
    EXPECT_EQ(parse_ipqos("256"), -1);
    // The first name of a level wins: Debian lists SILENT before QUIET (sshd -T prints SILENT).
    EXPECT_EQ(log_level_name(log_level_number("quiet")), "SILENT");
    EXPECT_EQ(log_level_name(log_level_number("debug1")), "DEBUG");
}

TEST(SshdAlgorithms, AssembleLikeSshd) {
    EXPECT_EQ(*assemble_algorithms(AlgoKind::cipher, std::string("+aes128-cbc")),
              std::string(default_algorithms(AlgoKind::cipher)) + ",aes128-cbc");
    EXPECT_EQ(*assemble_algorithms(AlgoKind::cipher, std::string("-aes*")),
              "chacha20-poly1305@openssh.com");
    EXPECT_EQ(*assemble_algorithms(AlgoKind::key, std::string("ssh-ed25519,RSA")), "ssh-ed25519");
    EXPECT_FALSE(assemble_algorithms(AlgoKind::key, std::string("RSA")));
    EXPECT_TRUE(algorithms_valid(AlgoKind::key, "RSA"));
    EXPECT_TRUE(algorithms_valid(AlgoKind::kex, "curve25519-sha256,,bogus"));
    EXPECT_FALSE(algorithms_valid(AlgoKind::cipher, "none"));
    EXPECT_TRUE(gss_kex_names_valid("gss-group14-sha256-"));
    EXPECT_FALSE(gss_kex_names_valid("curve25519-sha256"));
}

}  // namespace
}  // namespace lifeline::sshd

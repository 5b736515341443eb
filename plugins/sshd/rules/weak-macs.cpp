// SSHD049 weak-macs: the effective MACs list holds a weak MAC (option `weak`; default: the list
// CIS gives, which takes in three of sshd 9.2's default MACs) (CIS: "Ensure sshd MACs are
// configured"; DevSec sshd-03).
#include "hardening.hpp"

namespace lifeline::sshd {

void check_weak_macs(RuleContext& ctx) {
    check_weak_algorithms(ctx, find_rule("SSHD049")->info, "MACs", ctx.global().options().macs,
                          "MACs",
                          "hmac-md5,hmac-md5-96,hmac-ripemd160,hmac-sha1-96,umac-64@openssh.com,"
                          "hmac-md5-etm@openssh.com,hmac-md5-96-etm@openssh.com,"
                          "hmac-ripemd160-etm@openssh.com,hmac-sha1-96-etm@openssh.com,"
                          "umac-64-etm@openssh.com,umac-128-etm@openssh.com");
}

}  // namespace lifeline::sshd

// SSHD050 weak-kex-algorithms: the effective KexAlgorithms list holds a weak key exchange
// (option `weak`; default: the SHA-1 ones CIS lists) (CIS: "Ensure sshd KexAlgorithms is
// configured"; DevSec sshd-02).
#include "hardening.hpp"

namespace lifeline::sshd {

void check_weak_kex_algorithms(RuleContext& ctx) {
    check_weak_algorithms(ctx, find_rule("SSHD050")->info, "KexAlgorithms",
                          ctx.global().options().kex_algorithms, "key exchange algorithms",
                          "diffie-hellman-group1-sha1,diffie-hellman-group14-sha1,"
                          "diffie-hellman-group-exchange-sha1");
}

}  // namespace lifeline::sshd

// SSHD048 weak-ciphers: the effective Ciphers list holds a weak cipher (option `weak`; default:
// the CBC ciphers CIS lists) (CIS: "Ensure sshd Ciphers are configured"; DevSec sshd-01).
#include "hardening.hpp"

namespace lifeline::sshd {

void check_weak_ciphers(RuleContext& ctx) {
    check_weak_algorithms(ctx, find_rule("SSHD048")->info, "Ciphers",
                          ctx.global().options().ciphers, "ciphers",
                          "3des-cbc,aes128-cbc,aes192-cbc,aes256-cbc,rijndael-cbc@lysator.liu.se");
}

}  // namespace lifeline::sshd

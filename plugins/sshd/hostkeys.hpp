#pragma once
/// Host key files as sshd's startup sees them: can the private key be loaded without a
/// passphrase, and what type and size is it.

#include <string>
#include <string_view>

namespace lifeline::sshd {

/// What a private key file holds.
struct PrivateKeyInfo {
    bool loadable = false;  ///< a private key sshd can load with an empty passphrase
    std::string type;       ///< "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", ... ("" unknown)
    int bits = 0;           ///< RSA modulus size; 0 for other types
};

/// Inspects the text of a private key file (OpenSSH `openssh-key-v1` or PEM PKCS#1/PKCS#8).
PrivateKeyInfo inspect_private_key(std::string_view text);

}  // namespace lifeline::sshd

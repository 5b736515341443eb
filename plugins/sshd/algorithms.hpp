#pragma once
/// Algorithm lists of Debian 12's OpenSSH 9.2p1 (OpenSSL 3, FIDO keys, GSSAPI key exchange):
/// validation as the config parser does it and `+`/`-`/`^` list assembly as `sshd -T` prints.

#include <optional>
#include <string>
#include <string_view>

namespace lifeline::sshd {

/// The algorithm families sshd_config configures.
enum class AlgoKind { cipher, mac, kex, key, signature };

/// True when `list` (without its +/^ prefix) passes the parser's check for `kind`
/// (`ciphers_valid`, `mac_valid`, `kex_names_valid`, `sshkey_names_valid2(..., 1)`).
bool algorithms_valid(AlgoKind kind, std::string_view list);

/// True when `list` passes `kex_gss_names_valid` (GSSAPIKexAlgorithms).
bool gss_kex_names_valid(std::string_view list);

/// kex_assemble_names: the effective list for a configured value (nullopt = default), or
/// nullopt when the result would be empty or uses `!` (sshd then exits).
std::optional<std::string> assemble_algorithms(AlgoKind kind,
                                               const std::optional<std::string>& configured);

/// The compiled-in default list of a kind.
std::string_view default_algorithms(AlgoKind kind);

/// The default GSSAPIKexAlgorithms.
std::string_view default_gss_kex_algorithms();

}  // namespace lifeline::sshd

#include "hostkeys.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace lifeline::sshd {
namespace {

std::vector<std::uint8_t> base64_decode(std::string_view s) {
    std::vector<std::uint8_t> out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : s) {
        int v;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == '+') v = 62;
        else if (c == '/') v = 63;
        else continue;  // newlines, padding
        acc = (acc << 6) | std::uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(std::uint8_t(acc >> bits));
        }
    }
    return out;
}

/// An SSH wire-format reader (uint32 lengths, big-endian).
struct Reader {
    const std::vector<std::uint8_t>& b;
    size_t pos = 0;
    std::optional<std::uint32_t> u32() {
        if (pos + 4 > b.size()) return std::nullopt;
        std::uint32_t v = std::uint32_t(b[pos]) << 24 | std::uint32_t(b[pos + 1]) << 16 |
                          std::uint32_t(b[pos + 2]) << 8 | b[pos + 3];
        pos += 4;
        return v;
    }
    std::optional<std::string_view> str() {
        auto n = u32();
        if (!n || pos + *n > b.size()) return std::nullopt;
        std::string_view s(reinterpret_cast<const char*>(b.data()) + pos, *n);
        pos += *n;
        return s;
    }
};

int bit_length(std::string_view mpint) {
    size_t i = 0;
    while (i < mpint.size() && mpint[i] == 0) ++i;
    if (i == mpint.size()) return 0;
    int top = 0;
    for (unsigned v = (unsigned char)mpint[i]; v; v >>= 1) ++top;
    return int(mpint.size() - i - 1) * 8 + top;
}

PrivateKeyInfo inspect_openssh(const std::vector<std::uint8_t>& blob) {
    PrivateKeyInfo info;
    static const char k_magic[] = "openssh-key-v1";
    if (blob.size() < sizeof k_magic ||
        std::string_view(reinterpret_cast<const char*>(blob.data()), sizeof k_magic) !=
            std::string_view(k_magic, sizeof k_magic))
        return info;
    Reader r{blob, sizeof k_magic};
    auto cipher = r.str();
    auto kdf = r.str();
    auto kdfopts = r.str();
    auto count = r.u32();
    auto pub = r.str();
    if (!cipher || !kdf || !kdfopts || !count || !pub || *count != 1) return info;
    std::vector<std::uint8_t> pubblob(pub->begin(), pub->end());
    Reader p{pubblob};
    auto type = p.str();
    if (!type) return info;
    info.type = std::string(*type);
    if (info.type == "ssh-rsa") {
        auto e = p.str();
        auto n = p.str();
        if (!e || !n) return info;
        info.bits = bit_length(*n);
    }
    // sshd loads host keys with an empty passphrase: an encrypted key cannot be used.
    info.loadable = *cipher == "none";
    return info;
}

/// DER: the length of the element at `pos` (after its tag), advancing `pos` past the length.
std::optional<size_t> der_length(const std::vector<std::uint8_t>& b, size_t& pos) {
    if (pos >= b.size()) return std::nullopt;
    size_t len = b[pos++];
    if (len < 0x80) return len;
    int n = int(len & 0x7f);
    if (n == 0 || n > 4) return std::nullopt;
    len = 0;
    for (int i = 0; i < n; ++i) {
        if (pos >= b.size()) return std::nullopt;
        len = len << 8 | b[pos++];
    }
    return len;
}

PrivateKeyInfo inspect_pkcs1_rsa(const std::vector<std::uint8_t>& der) {
    // RSAPrivateKey ::= SEQUENCE { version INTEGER, modulus INTEGER, ... }
    PrivateKeyInfo info;
    size_t pos = 0;
    if (der.empty() || der[pos++] != 0x30 || !der_length(der, pos)) return info;
    if (pos >= der.size() || der[pos++] != 0x02) return info;
    auto vlen = der_length(der, pos);
    if (!vlen) return info;
    pos += *vlen;
    if (pos >= der.size() || der[pos++] != 0x02) return info;
    auto nlen = der_length(der, pos);
    if (!nlen || pos + *nlen > der.size()) return info;
    info.type = "ssh-rsa";
    info.bits = bit_length(std::string_view(reinterpret_cast<const char*>(der.data()) + pos, *nlen));
    info.loadable = true;
    return info;
}

}  // namespace

PrivateKeyInfo inspect_private_key(std::string_view text) {
    size_t begin = text.find("-----BEGIN ");
    if (begin == std::string_view::npos) return {};
    size_t label_end = text.find("-----", begin + 11);
    if (label_end == std::string_view::npos) return {};
    std::string_view label = text.substr(begin + 11, label_end - begin - 11);
    size_t body = text.find('\n', label_end);
    size_t end = text.find("-----END ", label_end);
    if (body == std::string_view::npos || end == std::string_view::npos || end < body) return {};
    std::string_view payload = text.substr(body, end - body);
    if (label == "OPENSSH PRIVATE KEY") return inspect_openssh(base64_decode(payload));
    // Encrypted legacy PEM keys carry a Proc-Type header; sshd cannot load them without a
    // passphrase.
    if (payload.find("Proc-Type:") != std::string_view::npos) return {};
    if (label == "RSA PRIVATE KEY") return inspect_pkcs1_rsa(base64_decode(payload));
    PrivateKeyInfo info;
    if (label == "EC PRIVATE KEY" || label == "DSA PRIVATE KEY" || label == "PRIVATE KEY")
        info.loadable = true;  // type and size not needed: only RSA sizes are checked
    return info;
}

}  // namespace lifeline::sshd

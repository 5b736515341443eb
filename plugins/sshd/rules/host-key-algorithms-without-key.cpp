// SSHD035 host-key-algorithms-without-key: sshd offers only the HostKeyAlgorithms entries for
// which it loaded a host key (or certificate). When none is left it offers nothing, and every
// connection ends during key exchange ("No supported key exchange algorithms"), while `sshd -t`
// passes.
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "match.hpp"
#include "rule.hpp"

namespace lifeline::sshd {
namespace {

const RuleInfo& info() {
    return find_rule("SSHD035")->info;
}

constexpr std::string_view k_openssh_begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
constexpr std::string_view k_cert_suffix = "-cert-v01@openssh.com";

/// Decodes base64 (line breaks skipped) until `want` bytes are out or the text ends.
std::string base64_prefix(std::string_view text, size_t want) {
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = c >= 'A' && c <= 'Z'   ? c - 'A'
                : c >= 'a' && c <= 'z' ? c - 'a' + 26
                : c >= '0' && c <= '9' ? c - '0' + 52
                : c == '+'             ? 62
                : c == '/'             ? 63
                                       : -1;
        if (c == '=' || c == '-') break;
        if (v < 0) continue;
        buffer = (buffer << 6) | unsigned(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(char((buffer >> bits) & 0xff));
            if (out.size() >= want) break;
        }
    }
    return out;
}

/// Reads an SSH `string` (uint32 length + bytes) at `pos`.
std::optional<std::string> ssh_string(const std::string& blob, size_t& pos) {
    if (pos + 4 > blob.size()) return std::nullopt;
    size_t n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(blob[pos + size_t(i)]);
    pos += 4;
    if (n > blob.size() - pos) return std::nullopt;
    std::string s = blob.substr(pos, n);
    pos += n;
    return s;
}

/// The key type of an "openssh-key-v1" private key ("" when encrypted: sshd cannot load it
/// without a passphrase), or nullopt when the text is not such a key.
std::optional<std::string> openssh_key_type(std::string_view text) {
    size_t at = text.find(k_openssh_begin);
    if (at == std::string_view::npos) return std::nullopt;
    std::string blob = base64_prefix(text.substr(at + k_openssh_begin.size()), 192);
    constexpr std::string_view k_magic{"openssh-key-v1\0", 15};
    if (blob.compare(0, k_magic.size(), k_magic) != 0) return std::nullopt;
    size_t pos = k_magic.size();
    auto cipher = ssh_string(blob, pos);
    if (!cipher) return std::nullopt;
    if (*cipher != "none") return std::string();
    if (!ssh_string(blob, pos) || !ssh_string(blob, pos)) return std::nullopt;  // kdf, options
    // The key count, then the first public key's length: only its leading type string is
    // decoded (an RSA key is longer than the prefix).
    pos += 8;
    return ssh_string(blob, pos);
}

/// The first field of a public-key or certificate file.
std::string first_field(std::string_view text) {
    size_t b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    size_t e = text.find_first_of(" \t\r\n", b);
    return std::string(text.substr(b, e == std::string_view::npos ? e : e - b));
}

/// The type of the host key sshd loads from `path`: "" when it cannot load one (missing,
/// not a private key, encrypted), nullopt when it loads one whose type lifeline cannot tell.
std::optional<std::string> host_key_type(RuleContext& ctx, const std::string& path) {
    auto priv = ctx.host.fs().read(ctx.host.path(path));
    if (!priv.text || priv.text->find("PRIVATE KEY-----") == std::string::npos) return "";
    if (auto t = openssh_key_type(*priv.text)) return t;
    if (priv.text->find("ENCRYPTED") != std::string::npos) return "";  // PEM with a passphrase
    if (auto pub = ctx.host.fs().read(ctx.host.path(path + ".pub")); pub.text) {
        std::string t = first_field(*pub.text);
        if (t.find('-') != std::string::npos) return t;
    }
    if (priv.text->find("-----BEGIN RSA PRIVATE KEY-----") != std::string::npos) return "ssh-rsa";
    if (priv.text->find("-----BEGIN DSA PRIVATE KEY-----") != std::string::npos) return "ssh-dss";
    return std::nullopt;
}

/// The algorithms a key or certificate of `type` lets sshd offer (sshd's list_hostkey_types).
std::vector<std::string> served(const std::string& type) {
    if (type == "ssh-rsa") return {"rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"};
    if (type == "ssh-rsa" + std::string(k_cert_suffix))
        return {"rsa-sha2-512" + std::string(k_cert_suffix),
                "rsa-sha2-256" + std::string(k_cert_suffix), type};
    return {type};
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

void check_host_key_algorithms_without_key(RuleContext& ctx) {
    const ServerOptions& o = ctx.global().options();
    // GSSAPI key exchange needs no host key; a key agent holds keys lifeline cannot see.
    if (o.gss_keyex.v == 1 || o.host_key_agent.v) return;
    if (!o.hostkeyalgorithms.v || o.hostkeyalgorithms.v->empty()) return;
    std::set<std::string> key_types;
    std::vector<std::string> offer;  // in HostKey order, as sshd lists them
    for (const auto& [path, from] : o.host_key_files) {
        if (!path) continue;
        auto type = host_key_type(ctx, *path);
        if (!type) return;  // a key lifeline cannot read: stay silent
        if (!type->empty() && key_types.insert(*type).second)
            for (std::string& a : served(*type)) offer.push_back(std::move(a));
    }
    if (key_types.empty()) return;  // no host key in the tree (a config repository): SSHD015's area
    for (const auto& [path, from] : o.host_cert_files) {
        if (!path) continue;
        auto cert = ctx.host.fs().read(ctx.host.path(*path));
        std::string type = cert.text ? first_field(*cert.text) : std::string();
        size_t cut = type.size() - std::min(type.size(), k_cert_suffix.size());
        if (cut == 0 || type.substr(cut) != k_cert_suffix) continue;
        // A certificate is used only with its private key; lifeline compares the key type.
        std::string base = type.substr(0, cut);
        if (key_types.count(base) || key_types.count(base + "@openssh.com"))
            for (std::string& a : served(type)) offer.push_back(std::move(a));
    }
    const std::string& allowed = *o.hostkeyalgorithms.v;
    for (const std::string& a : offer)
        if (match_pattern_list(a, allowed) == k_match_positive) return;
    std::string message = "HostKeyAlgorithms admits none of the algorithms the host keys serve (" +
                          join(offer) +
                          "): sshd offers no host key and every connection fails during key "
                          "exchange";
    std::string help =
        "add a served algorithm to HostKeyAlgorithms, or generate a host key of an "
        "admitted type (ssh-keygen -t ...) and list it with HostKey";
    if (o.hostkeyalgorithms.from)
        return ctx.report(info(), *o.hostkeyalgorithms.from, message, help);
    for (const auto& [path, from] : o.host_key_files)
        if (from) return ctx.report(info(), *from, message, help);
    ctx.report(info(), SourceLocation{ctx.config.main_path, 1, 1, 0, 0}, message, help);
}

}  // namespace lifeline::sshd

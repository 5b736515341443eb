#pragma once
/// Shared by the policy unit tests: a small rule catalog (real IDs and slugs of lifeline's rules,
/// including the two rules sharing the slug jump-loop) and an in-memory file system.

#include <string>
#include <vector>

#include "fake_fs.hpp"
#include "lifeline/policy.hpp"

namespace lifeline::test {

/// SSHD001, SSHD027, SSHD028, SSHD032, IPT005, NFT002, FW005; prefixes SSHD, IPT, NFT, FW.
inline RuleCatalog test_catalog() {
    RuleCatalog c;
    c.rules = {
        {"FW005", "access-intent-blocked", Severity::error, "", ""},
        {"IPT005", "jump-loop", Severity::error, "", ""},
        {"NFT002", "jump-loop", Severity::error, "", ""},
        {"SSHD001", "unknown-keyword", Severity::error, "", ""},
        {"SSHD027", "root-password-login", Severity::warning, "", ""},
        {"SSHD028", "password-authentication-enabled", Severity::warning, "", ""},
        {"SSHD032", "max-auth-tries-low", Severity::warning, "", ""},
    };
    c.prefixes = {"SSHD", "IPT", "NFT", "FW"};
    return c;
}

/// Files under /p (policies) and /packs (the pack directory), loaded with the test catalog.
struct PolicyFixture {
    FakeFileSystem fs;
    SourceManager sources;
    DiagnosticSink out;
    RuleCatalog catalog = test_catalog();

    PolicyFixture& file(const std::string& path, std::string text) {
        fs.add_file(path, std::move(text));
        return *this;
    }
    Policy load(const std::string& spec) {
        PolicyInput input{fs, sources, {"/packs"}};
        return load_policy(spec, input, catalog, out);
    }
    /// Every diagnostic as `path:line:col ID message`, in report order.
    std::vector<std::string> diagnostics() const {
        std::vector<std::string> v;
        for (const auto& d : out.items())
            v.push_back(d.location.path + ":" + std::to_string(d.location.line) + ":" +
                        std::to_string(d.location.column) + " " + d.rule_id + " " + d.message);
        return v;
    }
    /// The IDs of the selected rules, sorted.
    static std::vector<std::string> selected(const Policy& p) {
        std::vector<std::string> v;
        for (const auto& [id, s] : p.rules)
            if (s.selected) v.push_back(id);
        return v;
    }
};

/// `path:line:col`, or "" for an empty location.
inline std::string at(const SourceLocation& l) {
    if (l.path.empty()) return "";
    return l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

}  // namespace lifeline::test

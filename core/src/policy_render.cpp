// `lifeline policy show`: the effective policy written back as a policy file, optionally with
// the origin of every value.

#include <algorithm>
#include <cctype>
#include <ostream>

#include "lifeline/net.hpp"
#include "lifeline/policy.hpp"

namespace lifeline {
namespace {

bool plain_safe(std::string_view s) {
    if (s.empty()) return false;
    unsigned char first = static_cast<unsigned char>(s.front());
    if (!std::isalnum(first) && first != '_' && first != '.' && first != '/') return false;
    if (s.back() == ':') return false;
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (!std::isalnum(u) && std::string_view("_.@/+*:-").find(c) == std::string_view::npos)
            return false;
    }
    std::string lower;
    for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    // Words YAML 1.1 readers take for null or booleans stay strings only when quoted.
    for (std::string_view word : {"null", "true", "false", "yes", "no", "on", "off", "y", "n"})
        if (lower == word) return false;
    return true;
}

/// `s` as a YAML scalar: plain when that reads back as the same string, else double-quoted.
std::string scalar(std::string_view s) {
    if (plain_safe(s)) return std::string(s);
    std::string out = "\"";
    for (char c : s) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u == 0x7f) {
            static const char* k_hex = "0123456789abcdef";
            out += "\\x";
            out += k_hex[u >> 4];
            out += k_hex[u & 15];
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string where(const SourceLocation& l) {
    if (l.path.empty()) return "default";
    if (l.line == 0) return l.path;
    return l.path + ":" + std::to_string(l.line) + ":" + std::to_string(l.column);
}

/// Writes `line`, then ` # origin` when origins are shown.
struct Writer {
    std::ostream& out;
    bool origins;
    void line(const std::string& text, const std::string& origin = {}) {
        out << text;
        if (origins && !origin.empty()) out << "  # " << origin;
        out << '\n';
    }
};

std::string decided_by(const RuleSetting& s) {
    if (s.selector.origin.path.empty()) return "default: no file selects rules";
    return s.selector.value + " at " + where(s.selector.origin);
}

void write_rules(Writer& w, const Policy& policy) {
    bool header = false;
    for (const auto& [id, s] : policy.rules) {
        if (!s.severity && s.options.empty()) continue;
        if (!header) w.line("rules:");
        header = true;
        w.line("  " + scalar(id) + ":");
        if (s.severity)
            w.line("    severity: " + std::string(severity_name(*s.severity)),
                   where(s.severity_origin));
        if (s.options.empty()) continue;
        w.line("    options:");
        for (const auto& [name, value] : s.options)
            w.line("      " + scalar(name) + ": " + scalar(value.value), where(value.origin));
    }
}

void write_intents(Writer& w, const Policy& policy, bool must_not) {
    bool header = false;
    for (const AccessIntent& i : policy.intents) {
        if (i.must_not != must_not) continue;
        if (!header) w.line(must_not ? "must_not_login:" : "must_login:");
        header = true;
        w.line("  - user: " + scalar(i.user));
        w.line("    from: " + scalar(net::format_network(i.sources)), where(i.origin));
        if (i.port) w.line("    port: " + std::to_string(i.port));
        if (!i.auth.empty()) w.line("    auth: " + scalar(i.auth));
        if (!i.key.empty()) w.line("    key: " + scalar(i.key));
    }
}

}  // namespace

void render_policy(const Policy& policy, std::ostream& out, bool origins) {
    Writer w{out, origins};
    if (origins) {
        std::string files;
        for (const auto& f : policy.files) files += (files.empty() ? "" : ", ") + f;
        out << "# effective policy of " << (files.empty() ? "no file" : files) << '\n';
    }
    w.line("fail_on: " + std::string(severity_name(policy.fail_on)), where(policy.fail_on_origin));
    bool any = std::any_of(policy.rules.begin(), policy.rules.end(),
                           [](const auto& r) { return r.second.selected; });
    w.line(any ? "select:" : "select: []");
    for (const auto& [id, s] : policy.rules)
        if (s.selected) w.line("  - " + scalar(id), decided_by(s));
    write_rules(w, policy);
    write_intents(w, policy, false);
    write_intents(w, policy, true);
    if (!policy.hosts.empty()) {
        w.line("hosts:");
        for (const auto& h : policy.hosts) w.line("  - " + scalar(h.pattern), where(h.origin));
    }
    if (!origins) return;
    bool header = false;
    for (const auto& [id, s] : policy.rules) {
        if (s.selected) continue;
        if (!header) out << "# not selected:\n";
        header = true;
        out << "#   " << id << "  "
            << (s.ignored ? "ignored by " + decided_by(s) : std::string("no select names it"))
            << '\n';
    }
}

}  // namespace lifeline

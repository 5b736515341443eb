#include "iptables/host_files.hpp"

namespace lifeline::iptables {
namespace {

struct Candidate {
    const char* path;
    int family;
};

constexpr Candidate k_rules[] = {
    {"/etc/iptables/rules.v4", 4},   // Debian iptables-persistent
    {"/etc/iptables/rules.v6", 6},
    {"/etc/sysconfig/iptables", 4},  // RHEL iptables-services
    {"/etc/sysconfig/ip6tables", 6},
};
constexpr const char* k_ipsets[] = {"/etc/iptables/ipsets", "/etc/sysconfig/ipset"};

void read_error(HostRules& out, const std::string& path, const std::string& why) {
    Diagnostic d;
    d.rule_id = std::string(k_syntax_error_id);
    d.slug = std::string(k_syntax_error_slug);
    d.location = {path, 0, 0};
    d.message = "cannot read " + path + ": " + why;
    out.errors.push_back(std::move(d));
    out.unreadable = true;
}

/// `path` is the host path (rule origins), `real` the path diagnostics point at.
void restore_file(HostRules& out, int family, const std::string& path, const std::string& real,
                  const std::string& text) {
    RulesFile f;
    f.family = family;
    f.path = path;
    f.real_path = real;
    f.state = XtablesState(family, !(family == 6 ? out.legacy6 : out.legacy));
    f.result = f.state.restore_text(text, path, real, f.parsed);
    out.files.push_back(std::move(f));
}

}  // namespace

HostRules read_host_rules(Host& host, const std::string& only) {
    HostRules out;
    if (auto link = host.fs().read_link(host.path("/etc/alternatives/iptables"))) {
        out.backend_link = *link;
        out.legacy = link->find("legacy") != std::string::npos;
    }
    if (auto link = host.fs().read_link(host.path("/etc/alternatives/ip6tables")))
        out.legacy6 = link->find("legacy") != std::string::npos;
    for (const char* p : k_ipsets) {
        std::string error;
        bool not_found = false;
        const SourceFile* src = host.load(p, &error, &not_found);
        if (!src) {
            if (!not_found) read_error(out, host.path(p), error);
            continue;
        }
        parse_ipset_file(src->text(), host.path(p), out.sets, out.errors);
    }
    if (!only.empty()) {
        auto r = host.fs().read(only);
        if (!r.text) {
            read_error(out, only, r.error);
            return out;
        }
        host.sources().add(only, *r.text);
        int family = only.find("6") != std::string::npos ? 6 : 4;
        restore_file(out, family, only, only, *r.text);
        return out;
    }
    for (const auto& c : k_rules) {
        std::string error;
        bool not_found = false;
        const SourceFile* src = host.load(c.path, &error, &not_found);
        if (!src) {
            if (!not_found) read_error(out, host.path(c.path), error);
            continue;
        }
        restore_file(out, c.family, c.path, host.path(c.path), src->text());
    }
    return out;
}

}  // namespace lifeline::iptables

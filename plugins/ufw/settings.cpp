// ufw-init's view of ufw.conf and /etc/default/ufw (see /lib/ufw/ufw-init and
// ufw-init-functions): both are sourced by sh, values are compared case-sensitively, and the
// policies are pasted unquoted into iptables-restore input.
#include "settings.hpp"

#include <map>

#include "diag.hpp"
#include "shell_file.hpp"

namespace lifeline::ufw {
namespace {

bool is_yes(const Setting& s) {
    return s.value == "yes" || s.value == "YES";
}

/// Sources one file into `env`, recording where each variable was set.
void source(const SettingsText& file, std::map<std::string, std::string>& env,
            std::map<std::string, Setting>& where, std::vector<Diagnostic>& findings, bool report,
            UfwSettings& out) {
    if (!file.text) return;
    ShellFile parsed = parse_shell_file(*file.text, env);
    for (const ShellAssignment& a : parsed.assignments)
        where[a.name] = {true, a.value, file.path, a.line, a.value_column, a.text};
    for (const ShellError& e : parsed.errors) {
        if (!e.stops || out.aborts) continue;
        out.aborts = true;
        out.abort_reason = file.path + ":" + std::to_string(e.line) + ": " + e.message;
    }
    if (!report) return;
    for (const ShellError& e : parsed.errors)
        findings.push_back(make_diagnostic(k_syntax_error, file.path, e.line, e.column, e.message));
}

void check_policy(const Setting& s, const char* name, const char* chain,
                  const std::string& defaults_path, std::vector<Diagnostic>& findings) {
    if (s.set && (s.value == "ACCEPT" || s.value == "DROP" || s.value == "REJECT")) return;
    std::string what = s.set ? std::string(name) + "=\"" + s.value +
                                   "\" is not ACCEPT, DROP or "
                                   "REJECT (upper case)"
                             : std::string(name) + " is not set";
    std::string message =
        what + ": iptables-restore refuses the " + chain +
        " policy ufw-init builds from it, so the policy is never set and after.rules, which "
        "jumps to ufw-skip-to-policy-" +
        chain + ", fails to load";
    findings.push_back(make_diagnostic(k_invalid_setting, s.set ? s.file : defaults_path, s.line,
                                       s.column, std::move(message)));
}

void check_values(const UfwSettings& s, std::vector<Diagnostic>& findings) {
    const Setting& en = s.enabled;
    if (en.set && !is_yes(en) && en.value != "no" && en.value != "NO") {
        findings.push_back(make_diagnostic(
            k_invalid_setting, en.file, en.line, en.column,
            "ENABLED=\"" + en.value +
                "\": ufw-init starts the firewall only for \"yes\" or \"YES\", so ufw is not "
                "started at boot, while the ufw command (which lower-cases it) treats it as "
                "enabled"));
    }
    if (!s.starts()) return;
    const Setting& v6 = s.ipv6;
    if (v6.set && !is_yes(v6) && v6.value != "no" && v6.value != "NO") {
        findings.push_back(make_diagnostic(
            k_invalid_setting, v6.file, v6.line, v6.column,
            "IPV6=\"" + v6.value +
                "\": ufw-init applies the IPv6 rules only for \"yes\" or \"YES\"; any other "
                "value drops all IPv6 traffic except on loopback"));
    }
    check_policy(s.default_input, "DEFAULT_INPUT_POLICY", "input", s.defaults_path, findings);
    check_policy(s.default_output, "DEFAULT_OUTPUT_POLICY", "output", s.defaults_path, findings);
    check_policy(s.default_forward, "DEFAULT_FORWARD_POLICY", "forward", s.defaults_path, findings);
}

}  // namespace

bool UfwSettings::starts() const {
    return !aborts && is_yes(enabled);
}

bool UfwSettings::ipv6_enabled() const {
    return is_yes(ipv6);
}

UfwSettings read_settings(const SettingsText& conf, const SettingsText& defaults,
                          std::vector<Diagnostic>& findings) {
    UfwSettings out;
    out.conf_path = conf.path;
    out.defaults_path = defaults.path;
    std::map<std::string, std::string> env;
    std::map<std::string, Setting> where;
    if (!conf.text) {
        out.aborts = true;
        out.abort_reason = conf.path + " is missing or empty";
    }
    // ufw-init sources ufw.conf, then ufw-init-functions sources /etc/default/ufw and ufw.conf.
    source(conf, env, where, findings, true, out);
    if (!defaults.text && !out.aborts) {
        out.aborts = true;
        out.abort_reason = defaults.path + " is missing or empty (\"Could not find\")";
    }
    source(defaults, env, where, findings, true, out);
    source(conf, env, where, findings, false, out);
    auto take = [&](const char* name, Setting& s) {
        auto it = where.find(name);
        if (it != where.end()) s = it->second;
    };
    take("ENABLED", out.enabled);
    take("LOGLEVEL", out.loglevel);
    take("IPV6", out.ipv6);
    take("DEFAULT_INPUT_POLICY", out.default_input);
    take("DEFAULT_OUTPUT_POLICY", out.default_output);
    take("DEFAULT_FORWARD_POLICY", out.default_forward);
    take("DEFAULT_APPLICATION_POLICY", out.default_application);
    take("MANAGE_BUILTINS", out.manage_builtins);
    if (defaults.text) check_values(out, findings);
    return out;
}

}  // namespace lifeline::ufw

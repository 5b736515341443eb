#pragma once
/// ufw's settings as /lib/ufw/ufw-init sees them: it sources /etc/ufw/ufw.conf, then
/// /etc/default/ufw, then /etc/ufw/ufw.conf again (config-semantics §4.1), so a variable set in
/// ufw.conf wins. Pure: file texts in, settings and findings out.

#include <optional>
#include <string>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "lifeline/netfilter.hpp"

namespace lifeline::ufw {

/// Host paths of the two files.
inline constexpr const char* k_conf_path = "/etc/ufw/ufw.conf";
inline constexpr const char* k_defaults_path = "/etc/default/ufw";

// Paths in findings and origins are host paths; the plugin maps findings under --root.

/// One variable: its value and the assignment that set it last.
struct Setting {
    bool set = false;
    std::string value;
    std::string file;  ///< host path
    int line = 0;
    int column = 0;  ///< of the value
    std::string text;

    /// Where the value comes from, for generated rules and traces.
    nf::Origin origin() const { return {file, line, column, text}; }
};

/// A settings file's text; nullopt when it is missing or empty (ufw-init tests `-s`).
struct SettingsText {
    std::string path;  ///< host path
    std::optional<std::string> text;
};

/// Everything ufw-init reads from the two files.
struct UfwSettings {
    Setting enabled;
    Setting loglevel;
    Setting ipv6;
    Setting default_input;
    Setting default_output;
    Setting default_forward;
    Setting default_application;
    Setting manage_builtins;
    /// ufw-init stops before touching the firewall (a failing line or a missing file).
    bool aborts = false;
    std::string abort_reason;
    std::string conf_path;      ///< host path of ufw.conf
    std::string defaults_path;  ///< host path of /etc/default/ufw (where unset settings point)

    /// ufw-init starts the firewall: ENABLED is `yes` or `YES` and nothing aborts.
    bool starts() const;
    /// IPV6 is `yes` or `YES` (anything else installs the IPv6 lock-down).
    bool ipv6_enabled() const;
};

/// Reads both files; syntax errors (UFW001) and values ufw-init cannot use (UFW002) go to
/// `findings`.
UfwSettings read_settings(const SettingsText& conf, const SettingsText& defaults,
                          std::vector<Diagnostic>& findings);

}  // namespace lifeline::ufw

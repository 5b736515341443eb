#pragma once
/// Each jail's effective settings as fail2ban-client 1.0.2 computes them (JailsReader /
/// JailReader.getOptions), without reading filter or action files.

#include <optional>
#include <string>
#include <vector>

#include "config.hpp"

namespace lifeline::f2b {

/// One interpolated setting and where its raw value was written (the jail's section, or
/// DEFAULT in whichever file set it last).
struct Setting {
    std::string value;
    SourceLocation origin;
};

/// A jail's settings that matter for lock-outs. Absent optionals: the option is not set
/// anywhere (fail2ban then uses the server's built-in default).
struct Jail {
    std::string name;
    SourceLocation origin;
    bool enabled = false;  ///< `enabled` lower-cased is one of 1, on, true, yes
    std::optional<Setting> enabled_raw;
    std::optional<Setting> filter, port, protocol, banaction, action, backend, mode;
    std::optional<Setting> maxretry_raw, findtime, bantime, ignorecommand, ignoreself_raw;
    std::optional<Setting> bantime_increment_raw, bantime_maxtime, bantime_factor;
    std::optional<Setting> ignoreip_raw;
    std::optional<Setting> logpath;  ///< newline-separated globs (each may end in " head"/" tail")
    /// int(maxretry); nullopt when absent or not a Python int (fail2ban warns and uses None).
    std::optional<long long> maxretry;
    std::optional<bool> ignoreself, bantime_increment;
    bool bantime_permanent = false;  ///< bantime is exactly -1 after interpolation
    /// splitwords(ignoreip): split on runs of ' ', ',' and '\n', each piece stripped.
    std::vector<std::string> ignoreip;
};

/// The jail configuration of a host.
struct JailConfig {
    Config config;
    std::vector<Jail> jails;         ///< every section except INCLUDES, in order
    std::vector<Diagnostic> errors;  ///< parse and interpolation errors
};

/// fail2ban's `_as_bool`.
bool as_bool(std::string_view value);
/// Python's int(str) for ASCII: optional sign, digits with single '_' between, spaces around.
std::optional<long long> python_int(std::string_view value);
/// fail2ban's splitwords.
std::vector<std::string> split_words(std::string_view value);

/// Reads `<basedir>/jail.*` and resolves every jail. `version` plays fail2ban_version.
JailConfig read_jails(const ConfigSource& source, const std::string& basedir = "/etc/fail2ban",
                      const std::string& version = "1.0.2");

}  // namespace lifeline::f2b

#pragma once
/// fail2ban's configuration reader (ConfigReaderUnshared + SafeConfigParserWithIncludes, 1.0.2):
/// which files are read for a logical name, in which order, how they merge, and how values
/// interpolate. Pure: files come through a ConfigSource.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ini.hpp"

namespace lifeline::f2b {

/// Where the reader gets files (host paths, e.g. "/etc/fail2ban/jail.conf").
class ConfigSource {
  public:
    virtual ~ConfigSource() = default;
    /// The text of a regular file, or nullopt when it does not exist or cannot be read
    /// (fail2ban skips such files silently).
    virtual std::optional<std::string> read(const std::string& path) const = 0;
    /// Names of the entries of a directory (any order), empty when it does not exist.
    virtual std::vector<std::string> list(const std::string& dir) const = 0;
};

/// Files held in memory (tests).
class MemoryConfigSource final : public ConfigSource {
  public:
    MemoryConfigSource& add(const std::string& path, std::string text);
    std::optional<std::string> read(const std::string& path) const override;
    std::vector<std::string> list(const std::string& dir) const override;

  private:
    std::map<std::string, std::string> m_files;
};

/// Python's configparser.MAX_INTERPOLATION_DEPTH.
inline constexpr int k_max_interpolation_depth = 10;

/// The merged configuration of one logical name (`jail`, `fail2ban`, …).
struct Config {
    std::vector<std::string> files;  ///< files read, in order (includes expanded)
    std::vector<Option> defaults;    ///< merged `[DEFAULT]`
    std::vector<Section> sections;   ///< merged sections, in order of first appearance
    /// `KNOWN/<section>`: for each option, the value it had before the last file that set it
    /// (what `%(known/opt)s` reads).
    std::map<std::string, std::vector<Option>> known;
    std::vector<Diagnostic> errors;  ///< parse errors of any file read
    /// Files fail2ban-client skips with only an error log (not valid UTF-8): one warning each,
    /// at the first undecodable byte. Their settings are not in the merged configuration.
    std::vector<Diagnostic> skipped;

    const Section* find(std::string_view name) const;
    /// The raw value of `option` in `section` (falling back to DEFAULT), or nullptr.
    const Value* raw(std::string_view section, std::string_view option) const;
};

/// Reads `<basedir>/<name>.conf`, `<name>.d/*.conf`, `<name>.local`, `<name>.d/*.local` with
/// their [INCLUDES] before/after files, as fail2ban-client does.
Config read_config(const ConfigSource& source, const std::string& basedir,
                   const std::string& name);

/// An interpolated value, or the error ConfigParser would raise.
struct Lookup {
    std::optional<std::string> value;  ///< nullopt: the option does not exist (NoOptionError)
    std::optional<Diagnostic> error;   ///< interpolation error (fail2ban-client aborts)
    SourceLocation origin;             ///< where the raw value was written
};

/// ConfigParser.get(section, option) with fail2ban's interpolation: `%(name)s`, `%%`,
/// `%(__name__)s`, `%(section/opt)s`, `%(default/opt)s`, `%(known/opt)s`.
Lookup get(const Config& config, std::string_view section, std::string_view option);

}  // namespace lifeline::f2b

#pragma once
/// Application profiles in /etc/ufw/applications.d (config-semantics §4.5), read the way ufw
/// 0.36.2 reads them (applications.py): one Python RawConfigParser per file, files in sorted
/// order, later profiles of the same name replacing earlier ones, invalid profiles skipped.
///
/// Pure: file names and texts in, profiles and findings out.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/diagnostic.hpp"
#include "ports.hpp"

namespace lifeline::ufw {

inline constexpr const char* k_applications_dir = "/etc/ufw/applications.d";

/// One `ports=` entry: a port list and a protocol (`any` = tcp and udp).
struct ProfilePort {
    std::string ports;  ///< normalised (services resolved)
    std::string proto;
};

/// A profile ufw accepted.
struct AppProfile {
    std::string name;
    std::string title;
    std::string description;
    std::string ports_text;
    std::vector<ProfilePort> ports;
    std::string file;  ///< host path
    int line = 0;      ///< of the section header
};

/// Every accepted profile by name (case-sensitive, as ufw matches them in rules).
struct ProfileDb {
    std::map<std::string, AppProfile> profiles;
    const AppProfile* find(std::string_view name) const;
};

/// A directory entry: its name, whether it is a regular file (after symlinks), its size, and
/// its text (nullopt when unreadable).
struct ProfileFile {
    std::string name;
    bool regular = true;
    std::uint64_t size = 0;
    std::optional<std::string> text;
};

/// Which entries ufw reads, in its order (sorted; hidden, backup and package-manager leftovers
/// skipped; at most 10 MiB in total).
std::vector<const ProfileFile*> profile_read_order(const std::vector<ProfileFile>& entries);

/// One INI section as the parser saw it.
struct IniSection {
    std::string name;
    int line = 0;
    /// Key (lower-cased) → value and the line it starts on.
    std::vector<std::pair<std::string, std::pair<std::string, int>>> items;
};

/// A file parsed as Python's RawConfigParser does; `error` set means ufw skips the whole file.
struct IniFile {
    std::vector<IniSection> sections;  ///< with [DEFAULT] items merged in, file order
    std::vector<std::pair<int, std::string>> errors;  ///< line, message
};
IniFile parse_ini(std::string_view text);

/// Reads the profiles of `entries` (the directory listing); UFW001 findings carry paths under
/// `dir` (a host path).
ProfileDb read_profiles(const std::vector<ProfileFile>& entries, const std::string& dir,
                        const ServiceDb& services, std::vector<Diagnostic>& findings);

}  // namespace lifeline::ufw

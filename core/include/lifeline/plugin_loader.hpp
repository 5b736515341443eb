#pragma once
/// Discovers and loads plugin modules at run time.

#include <memory>
#include <string>
#include <vector>

#include "lifeline/plugin.hpp"

namespace lifeline {

/// A module that could not be loaded, and why.
struct PluginLoadError {
    std::string path;
    std::string message;
};

/// Where to look for modules, and how strictly.
struct PluginSearch {
    std::vector<std::string> dirs;  ///< searched in order; the first module of a name wins
    bool require_root_owned = false;  ///< refuse modules not owned by root or writable by others
};

/// The default search path: --plugin-dir values, LIFELINE_PLUGIN_PATH (colon-separated), the
/// `plugins` directory next to the executable (build tree), and PREFIX/lib/lifeline/plugins
/// relative to the executable and to the configured install prefix.
std::vector<std::string> default_plugin_dirs(const std::vector<std::string>& cli_dirs,
                                             const std::string& exe_path);

/// The loaded plugins. Modules stay mapped for the registry's lifetime.
class PluginRegistry {
public:
    PluginRegistry() = default;
    PluginRegistry(const PluginRegistry&) = delete;
    PluginRegistry& operator=(const PluginRegistry&) = delete;
    ~PluginRegistry();

    /// Loads every `*.so` module in the search directories.
    void load(const PluginSearch& search);
    /// Loads one module file; returns false and records an error when refused.
    bool load_file(const std::string& path, bool require_root_owned);

    struct Entry {
        std::string path;
        void* handle = nullptr;
        std::unique_ptr<Plugin> plugin;
    };
    const std::vector<Entry>& entries() const { return m_entries; }
    const std::vector<PluginLoadError>& errors() const { return m_errors; }
    /// The plugin named `name`, or nullptr.
    Plugin* find(std::string_view name) const;

private:
    std::vector<Entry> m_entries;
    std::vector<PluginLoadError> m_errors;
};

}  // namespace lifeline

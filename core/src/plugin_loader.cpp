#include "lifeline/plugin_loader.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "lifeline/config.hpp"

namespace lifeline {
namespace {

using AbiFn = int (*)();
using CreateFn = Plugin* (*)();

std::string parent_dir(const std::string& path) {
    auto slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

/// Why a path may not be trusted when running as root, or "" when it may.
std::string trust_problem(const std::string& path, const char* what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::string(what) + " cannot be examined";
    if (st.st_uid != 0) return std::string(what) + " is not owned by root";
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return std::string(what) + " is writable by group or others";
    return "";
}

}  // namespace

std::vector<std::string> default_plugin_dirs(const std::vector<std::string>& cli_dirs,
                                             const std::string& exe_path) {
    std::vector<std::string> dirs = cli_dirs;
    if (const char* env = std::getenv("LIFELINE_PLUGIN_PATH")) {
        std::string_view v = env;
        while (!v.empty()) {
            size_t colon = v.find(':');
            std::string_view d = v.substr(0, colon);
            if (!d.empty()) dirs.emplace_back(d);
            if (colon == std::string_view::npos) break;
            v.remove_prefix(colon + 1);
        }
    }
    if (!exe_path.empty()) {
        // /proc/self/exe has no symlinks left, so resolving ".." lexically is exact and keeps
        // paths in messages and listings readable (PREFIX/lib/..., not PREFIX/bin/../lib/...).
        std::string exe_dir = parent_dir(exe_path);
        dirs.push_back(exe_dir + "/plugins");
        dirs.push_back(
            std::filesystem::path(exe_dir + "/../lib/lifeline/plugins").lexically_normal().string());
    }
    dirs.push_back(std::string(k_install_plugin_dir));
    // Drop duplicates (the same directory reached two ways) while keeping the order.
    std::vector<std::string> unique;
    std::vector<std::string> seen;
    for (auto& d : dirs) {
        std::error_code ec;
        auto canon = std::filesystem::weakly_canonical(d, ec).string();
        if (ec) canon = d;
        if (std::find(seen.begin(), seen.end(), canon) != seen.end()) continue;
        seen.push_back(canon);
        unique.push_back(d);
    }
    return unique;
}

PluginRegistry::~PluginRegistry() {
    // Destroy plugin objects before unmapping the code that defines them.
    for (auto& e : m_entries) e.plugin.reset();
    for (auto& e : m_entries)
        if (e.handle) ::dlclose(e.handle);
}

void PluginRegistry::load(const PluginSearch& search) {
    for (const auto& dir : search.dirs) {
        std::error_code ec;
        if (!std::filesystem::is_directory(dir, ec)) continue;
        if (search.require_root_owned) {
            std::string problem = trust_problem(dir, "plugin directory");
            if (!problem.empty()) {
                m_errors.push_back({dir, "refused: " + problem});
                continue;
            }
        }
        std::vector<std::string> files;
        for (auto it = std::filesystem::directory_iterator(dir, ec);
             !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
            auto p = it->path();
            if (p.extension() == ".so") files.push_back(p.string());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) load_file(f, search.require_root_owned);
    }
}

bool PluginRegistry::load_file(const std::string& path, bool require_root_owned) {
    if (require_root_owned) {
        std::string problem = trust_problem(path, "module");
        if (problem.empty()) problem = trust_problem(parent_dir(path), "plugin directory");
        if (!problem.empty()) {
            m_errors.push_back({path, "refused: " + problem});
            return false;
        }
    }
    void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char* err = ::dlerror();
        m_errors.push_back({path, std::string("cannot load: ") + (err ? err : "unknown error")});
        return false;
    }
    auto abi = reinterpret_cast<AbiFn>(::dlsym(handle, "lifeline_plugin_abi"));
    auto create = reinterpret_cast<CreateFn>(::dlsym(handle, "lifeline_plugin_create"));
    if (!abi || !create) {
        m_errors.push_back({path, "not a lifeline plugin (no lifeline_plugin_abi entry point)"});
        ::dlclose(handle);
        return false;
    }
    int version = abi();
    if (version != k_plugin_abi_version) {
        m_errors.push_back({path, "refused: built for plugin ABI " + std::to_string(version) +
                                      ", this lifeline loads ABI " +
                                      std::to_string(k_plugin_abi_version) +
                                      "; rebuild the plugin against this lifeline's headers"});
        ::dlclose(handle);
        return false;
    }
    std::unique_ptr<Plugin> plugin(create());
    if (!plugin) {
        m_errors.push_back({path, "plugin entry point returned no plugin"});
        ::dlclose(handle);
        return false;
    }
    if (find(plugin->info().name)) {
        // An earlier directory already provided this plugin: the first one wins.
        plugin.reset();
        ::dlclose(handle);
        return false;
    }
    m_entries.push_back(Entry{path, handle, std::move(plugin)});
    return true;
}

Plugin* PluginRegistry::find(std::string_view name) const {
    for (const auto& e : m_entries)
        if (e.plugin->info().name == name) return e.plugin.get();
    return nullptr;
}

}  // namespace lifeline

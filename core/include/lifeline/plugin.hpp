#pragma once
/// The plugin interface: what a run-time module gives the core.
///
/// A plugin is a shared module exporting two C symbols: `lifeline_plugin_abi()` returning
/// k_plugin_abi_version, and `lifeline_plugin_create()` returning a new Plugin. Use
/// LIFELINE_PLUGIN(ClassName) to define both. The core refuses modules whose ABI differs.

#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lifeline/access.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/facts.hpp"
#include "lifeline/host.hpp"
#include "lifeline/rule.hpp"

namespace lifeline {

/// Bumped whenever any type crossing the plugin boundary changes layout or meaning.
inline constexpr int k_plugin_abi_version = 7;  // 7: RuleInfo::live_only, Host::live()

/// What `lifeline plugins` shows.
struct PluginInfo {
    std::string_view name;         ///< also the layer name used by `dump NAME`
    std::string_view version;
    std::string_view description;
    std::vector<std::string_view> file_formats;
    std::span<const RuleInfo> rules;  ///< sorted by ID
    std::string_view rule_prefix;     ///< every rule ID starts with it, e.g. "SSHD"
};

/// What to lint: a whole host, or only the files named on the command line.
struct LintRequest {
    Host& host;
    std::vector<std::string> files;  ///< explicit files (real paths); empty = the whole host
    const HostFacts& facts;          ///< what every layer contributed (intents included)
    const RuleOptions* options = nullptr;  ///< rule options of the effective policy, if any
};

/// What to dump. `connection` holds the raw `-C` specs, in order.
struct DumpRequest {
    Host& host;
    std::vector<std::string> connection;
    std::vector<std::string> files;
    int family = 0;  ///< 0 = all, 4 or 6
    const HostFacts& facts;
};

/// What a lint pass found out about the layer's input.
enum class LintStatus {
    absent,      ///< the layer is not present on this host: nothing to check
    checked,     ///< the input was read and checked (findings are in the sink)
    unreadable,  ///< an input could not be read: the run exits 2
};

/// One layer of the SSH access path.
class Plugin {
public:
    virtual ~Plugin() = default;
    virtual const PluginInfo& info() const = 0;
    /// True when `path`, given alone on the command line, is a file this plugin reads.
    virtual bool claims_file(std::string_view path) const {
        (void)path;
        return false;
    }
    /// When this plugin contributes, lower first. Firewall layers contribute in the order the
    /// host loads them at boot (ipsets and iptables files, then nftables.conf, then ufw), so
    /// a later layer can act on earlier tables (`flush ruleset`) and the table order is the
    /// kernel's registration order.
    virtual int contribute_order() const { return 50; }
    /// Adds what this layer knows to the shared facts (listeners, firewall tables). Called on
    /// every plugin before any lint, dump or access call of the run. Read errors go to `errors`;
    /// lint reports them again as findings, so callers that lint may discard them.
    virtual void contribute(Host& host, HostFacts& facts, DiagnosticSink& errors) {
        (void)host, (void)facts, (void)errors;
    }
    /// Lints the host or the files, reporting findings (and read errors) to `out`.
    virtual LintStatus lint(const LintRequest& request, DiagnosticSink& out) = 0;
    /// Prints the effective state; returns the process exit status, or -1 when unsupported.
    virtual int dump(const DumpRequest& request, std::ostream& out, DiagnosticSink& errors) {
        (void)request, (void)out, (void)errors;
        return -1;
    }
    /// Order on a login's path (firewall before the daemon); negative = not an access layer.
    virtual int access_stage() const { return -1; }
    /// The layer's verdict for one connection; nullopt when the layer is absent on this host.
    virtual std::optional<LayerResult> access(const AccessQuery& query, Host& host,
                                              const HostFacts& facts, DiagnosticSink& errors) {
        (void)query, (void)host, (void)facts, (void)errors;
        return std::nullopt;
    }
};

}  // namespace lifeline

#define LIFELINE_PLUGIN(Class)                                                     \
    extern "C" __attribute__((visibility("default"))) int lifeline_plugin_abi() {  \
        return ::lifeline::k_plugin_abi_version;                                   \
    }                                                                              \
    extern "C" __attribute__((visibility("default")))::lifeline::Plugin*           \
    lifeline_plugin_create() {                                                     \
        return new Class();                                                        \
    }

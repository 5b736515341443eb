#pragma once
/// A host's fail2ban as the plugin sees it: the jails fail2ban-client would send to the server,
/// each with the reach of its bans and its parsed ignore list, and the question every rule and
/// the access layer ask: can this jail ban these sources from this port?

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fail2ban/ban.hpp"
#include "fail2ban/ignore.hpp"
#include "fail2ban/jail.hpp"
#include "lifeline/host.hpp"

namespace lifeline::f2b {

/// fail2ban-server's maxretry when no configuration sets a valid one (Filter's default).
inline constexpr long long k_server_default_maxretry = 3;

/// One jail with what the rules need.
struct JailView {
    const Jail* jail = nullptr;
    BanReach reach;
    std::vector<IgnoreEntry> ignores;
    bool sshd_filter = false;  ///< the filter is sshd's (`sshd`, `sshd[mode=…]`)
    long long maxretry = k_server_default_maxretry;
    bool ignoreself = true;
};

/// Whether a jail can ban some sources from a port.
struct Exposure {
    enum class Verdict { not_applicable, ignored, bannable } verdict = Verdict::not_applicable;
    const IgnoreEntry* ignored_by = nullptr;  ///< the entry that covers the sources
    bool by_self = false;                     ///< ignoreself covers them
    std::string caveat;  ///< DNS names or an ignorecommand that may still ignore them
};

/// Asks whether `view` can ban `sources` from TCP `port`.
Exposure assess(const JailView& view, const net::Network& sources, int port);

/// An ignoreip entry of an enabled jail that fail2ban-server rejects.
struct ServerRefusal {
    const JailView* view = nullptr;
    const IgnoreEntry* entry = nullptr;
};

struct Fail2banModel {
    bool present = false;  ///< a jail.conf or jail.local exists under /etc/fail2ban
    JailConfig config;
    std::vector<JailView> jails;  ///< every jail, in file order
    ServiceTable services;        ///< the host's /etc/services (Debian's when absent)

    bool load_failed() const { return !config.errors.empty(); }
    /// The first ignoreip entry of an enabled jail that IPAddr refuses (Kind::refused).
    /// fail2ban-client accepts it (`-t`, `-d`), but the server's ValueError aborts the
    /// configuration stream: at start fail2ban-server exits, on reload no jail keeps working, so
    /// no jail bans anyone (checked against fail2ban-server 1.0.2 in tests/e2e_fail2ban).
    std::optional<ServerRefusal> server_refusal() const;
};

/// Reads the host's /etc/fail2ban through `host` (files are registered for caret output).
std::unique_ptr<Fail2banModel> load_model(Host& host);

/// `path` as read under the host root (for trace and diagnostic locations).
std::string shown_path(const Host& host, const std::string& host_path);

}  // namespace lifeline::f2b

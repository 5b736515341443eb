#pragma once
/// fail2ban-server's current bans (`lint --live`): `fail2ban-client banned`, which fail2ban
/// 1.0.2 answers with the Python literal of a list of one-entry dicts, jail to banned IDs in
/// ban order: `[{'sshd': ['192.0.2.7', '2001:db8::5']}, {'recidive': []}]`
/// (server/server.py Server.banned; the client prints the response as it is).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lifeline/sys/process.hpp"

namespace lifeline::f2b {

/// The bans of every jail, in the server's order.
using BannedLists = std::vector<std::pair<std::string, std::vector<std::string>>>;

/// What the live query found.
struct LiveBans {
    bool read = false;
    bool not_installed = false;  ///< fail2ban-client is not installed
    bool not_running = false;    ///< the client could not reach fail2ban-server's socket
    std::string failure;         ///< why not read
    BannedLists jails;
};

/// Parses `fail2ban-client banned` output; nullopt (and `error`) when it is not that literal.
std::optional<BannedLists> parse_banned(std::string_view text, std::string* error = nullptr);

/// Runs `fail2ban-client banned` through `runner`.
LiveBans read_live_bans(const sys::ProcessRunner& runner);

}  // namespace lifeline::f2b

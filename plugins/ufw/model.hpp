#pragma once
/// Everything the ufw plugin knows about a host: the settings, the application profiles, the
/// rules files with their tuples, and the xtables state ufw's start sequence leaves behind.
///
/// Every path in the model — rule origins and findings alike — is a host path
/// ("/etc/ufw/user.rules"), as the shared netfilter graph wants; the plugin maps findings to
/// the files read under --root when it reports them.

#include <memory>
#include <string>
#include <vector>

#include "app_profiles.hpp"
#include "iptables/document.hpp"
#include "lifeline/diagnostic.hpp"
#include "lifeline/host.hpp"
#include "lifeline/netfilter.hpp"
#include "settings.hpp"
#include "start_sequence.hpp"
#include "tuples.hpp"

namespace lifeline::ufw {

/// One of before.rules, after.rules, user.rules (or the 6 variants).
struct RulesFile {
    std::string path;        ///< host path
    bool present = false;    ///< exists and is not empty (ufw-init's `-s`)
    std::string read_error;  ///< set when it exists but cannot be read
    iptables::SaveFile parsed;
};

/// The files of one family.
struct FamilyRules {
    RulesFile before, after, user;
    UserRules tuples;  ///< from `user`
};

/// The loaded model.
struct UfwModel {
    bool present = false;  ///< /etc/ufw/ufw.conf exists: ufw is installed
    UfwSettings settings;
    ServiceDb services;
    ProfileDb profiles;
    FamilyRules v4, v6;
    bool nft_backend = true;  ///< /etc/alternatives/iptables does not name the legacy tools
    StartResult start;
    /// Syntax (UFW001) and setting (UFW002) findings.
    std::vector<Diagnostic> findings;

    const FamilyRules& rules(int family) const { return family == 6 ? v6 : v4; }
    const FamilyStart& state(int family) const { return family == 6 ? start.v6 : start.v4; }
    /// ufw's tables as the kernel will hold them (empty when ufw does not start).
    std::vector<nf::Table> tables() const;
};

/// Reads the host's ufw files and replays the start sequence.
std::unique_ptr<UfwModel> load_model(Host& host);

}  // namespace lifeline::ufw

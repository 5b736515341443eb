#pragma once
/// ufw's start sequence (`/lib/ufw/ufw-init start`, config-semantics §4.2) replayed on the
/// iptables model: the chains ufw-init generates and hooks into INPUT/OUTPUT/FORWARD, the
/// `iptables-restore -n` of before.rules, after.rules and user.rules, the jump to the user
/// chains, and the policies from /etc/default/ufw — for IPv4 and, with IPV6=yes, IPv6 (else the
/// IPv6 lock-down). A failing step is recorded and the sequence goes on, as ufw-init does.
///
/// Pure: parsed files in, xtables state out.

#include <string>
#include <vector>

#include "iptables/document.hpp"
#include "iptables/restore.hpp"
#include "settings.hpp"

namespace lifeline::ufw {

/// Host path of the script whose generated input the sequence replays.
inline constexpr const char* k_init_path = "/lib/ufw/ufw-init";

/// A rules file the sequence restores.
struct RulesInput {
    std::string path;                          ///< host path
    const iptables::SaveFile* file = nullptr;  ///< nullptr: missing or empty (`-s` fails)
};

/// The three rules files of one family.
struct FamilyFiles {
    RulesInput before, after, user;
};

/// A step that failed, as ufw-init reports it ("Problem running '…'", "Couldn't find '…'").
struct StepFailure {
    std::string file;  ///< host path of the file the step comes from
    int line = 0;      ///< failing line of `file`; 0 when the input was generated or missing
    int column = 0;
    std::string message;
    std::string generated;  ///< the generated line that failed, when the input was generated
};

/// The outcome for one family.
struct FamilyStart {
    FamilyStart(int family, bool nft) : state(family, nft), nft_backend(nft) {}
    iptables::XtablesState state;
    bool nft_backend = true;  ///< iptables-nft (Debian 12's default) or iptables-legacy
    std::vector<StepFailure> failures;
    bool lockdown = false;  ///< IPv6 with IPV6 not yes: everything but loopback dropped
};

/// The xtables state ufw leaves after booting.
struct StartResult {
    explicit StartResult(bool nft = true) : v4(4, nft), v6(6, nft) {}
    bool started = false;  ///< the sequence ran (ENABLED=yes and nothing stopped ufw-init)
    FamilyStart v4;
    FamilyStart v6;
};

/// Replays `ufw-init start` for both families, with the iptables-nft (`nft_backend`) or legacy
/// tools. Generated chains and hooks get `init_path` as their origin's file; policies and
/// policy rules get the settings file that set them.
StartResult run_start_sequence(const UfwSettings& settings, const FamilyFiles& v4,
                               const FamilyFiles& v6, bool nft_backend = true,
                               const std::string& init_path = k_init_path);

}  // namespace lifeline::ufw

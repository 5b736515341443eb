#pragma once
/// Which authentication methods a connection can still complete (reference §1.7).

#include <string>
#include <vector>

namespace lifeline::sshd {

/// The method switches of one Match context, as sshd -T prints them ("yes"/"no").
struct MethodSwitches {
    bool publickey = true;
    bool password = true;
    bool kbdint = true;
    bool hostbased = false;
    bool gssapi = false;
    bool use_pam = false;
};

/// True when sshd offers `method` ("publickey", "keyboard-interactive:pam", ...) in this context.
/// keyboard-interactive has no device on Linux without PAM.
bool method_enabled(const MethodSwitches& s, std::string_view method);

/// The AuthenticationMethods lists split into methods: `any` gives no lists.
std::vector<std::vector<std::string>> split_method_lists(const std::vector<std::string>& lists);

/// The first method of `list` that is disabled, or "" when all are enabled.
std::string first_disabled(const MethodSwitches& s, const std::vector<std::string>& list);

/// The methods a login may use under `AuthenticationMethods any`.
std::vector<std::string> enabled_methods(const MethodSwitches& s);

}  // namespace lifeline::sshd

#include "access/auth_methods.hpp"

namespace lifeline::sshd {

bool method_enabled(const MethodSwitches& s, std::string_view method) {
    std::string_view base = method.substr(0, method.find(':'));
    if (base == "publickey") return s.publickey;
    if (base == "password") return s.password;
    if (base == "keyboard-interactive") return s.kbdint && s.use_pam;
    if (base == "hostbased") return s.hostbased;
    if (base == "gssapi-with-mic") return s.gssapi;
    if (base == "none") return false;  // succeeds only with PermitEmptyPasswords and no password
    return false;
}

std::vector<std::vector<std::string>> split_method_lists(const std::vector<std::string>& lists) {
    std::vector<std::vector<std::string>> out;
    for (const auto& l : lists) {
        if (l == "any") return {};
        std::vector<std::string> methods;
        size_t start = 0;
        for (;;) {
            size_t comma = l.find(',', start);
            methods.push_back(l.substr(start, comma - start));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
        out.push_back(std::move(methods));
    }
    return out;
}

std::string first_disabled(const MethodSwitches& s, const std::vector<std::string>& list) {
    for (const auto& m : list)
        if (!method_enabled(s, m)) return m;
    return "";
}

std::vector<std::string> enabled_methods(const MethodSwitches& s) {
    std::vector<std::string> out;
    for (const char* m :
         {"publickey", "password", "keyboard-interactive", "hostbased", "gssapi-with-mic"})
        if (method_enabled(s, m)) out.emplace_back(m);
    return out;
}

}  // namespace lifeline::sshd

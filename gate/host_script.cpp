#include "host_script.hpp"

#include <algorithm>

#include "lifeline/net.hpp"

namespace lifeline::gate {
namespace {

bool all_of(std::string_view s, std::string_view extra) {
    return std::all_of(s.begin(), s.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               extra.find(c) != std::string_view::npos;
    });
}

/// The here-document that carries the library into ll_install_scripts; the library never
/// contains this line (checked at build time).
constexpr std::string_view k_heredoc_end = "__LIFELINE_GATE_LIB__";

}  // namespace

std::string check_vars(const ScriptVars& v) {
    if (v.id.empty() || v.id.size() > 64 || !all_of(v.id, "-"))
        return "gate ID '" + v.id + "' must be 1-64 letters, digits or '-'";
    if (v.base.empty() || v.base.front() != '/' || !all_of(v.base, "/._-") ||
        v.base.find("..") != std::string::npos)
        return "state directory '" + v.base + "' must be an absolute path of letters, digits, "
               "'/', '.', '_' or '-'";
    if (v.window_s < 1 || v.window_s > 86400)
        return "window " + std::to_string(v.window_s) + " s is outside 1-86400";
    if (!v.operator_address.empty() && !net::parse_ip(v.operator_address))
        return "operator address '" + v.operator_address + "' is not an IP address";
    return "";
}

std::optional<std::string> host_script(const ScriptVars& v, HostAction action,
                                       std::string& error) {
    error = check_vars(v);
    if (!error.empty()) return std::nullopt;
    std::string s = "LL_ID=" + v.id + "\nLL_BASE=" + v.base +
                    "\nLL_WINDOW=" + std::to_string(v.window_s) +
                    "\nLL_OPERATOR=" + v.operator_address + "\n";
    s += k_host_library;
    if (!s.empty() && s.back() != '\n') s += '\n';
    switch (action) {
        case HostAction::preflight: s += "ll_preflight\n"; break;
        case HostAction::arm:
            s += "ll_install_scripts <<'" + std::string(k_heredoc_end) + "'\n";
            s += k_host_library;
            if (s.back() != '\n') s += '\n';
            s += std::string(k_heredoc_end) + "\nll_arm\n";
            break;
        case HostAction::extend: s += "ll_extend\n"; break;
        case HostAction::disarm: s += "ll_disarm\n"; break;
        case HostAction::rollback: s += "ll_rollback\n"; break;
        case HostAction::release: s += "ll_release\n"; break;
        case HostAction::fetch: s += "ll_fetch\n"; break;
    }
    return s;
}

}  // namespace lifeline::gate

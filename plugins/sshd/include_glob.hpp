#pragma once
/// Include globbing as OpenSSH's bundled glob(3) does it with no flags, read through a Host.

#include <string>
#include <string_view>
#include <vector>

#include "lifeline/host.hpp"

namespace lifeline::sshd {

/// One path component against one glob component: `*`, `?`, `[a-z]`, `[!x]`, `\` escapes.
bool glob_match(std::string_view name, std::string_view pattern);

/// Expands an absolute host-path pattern. Wildcards never match `/` nor a leading `.`; the
/// result is sorted bytewise; a pattern without wildcards yields itself when it exists.
std::vector<std::string> glob_host(const Host& host, std::string_view pattern);

}  // namespace lifeline::sshd

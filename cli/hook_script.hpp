#pragma once
/// The pre-commit hook `lifeline hook install` writes: hooks/pre-commit of the source tree,
/// embedded at build time (cli/CMakeLists.txt), so the shipped script and the installed one are
/// the same text.

#include <string_view>

namespace lifeline::cli {

extern const std::string_view k_pre_commit_script;
/// The line of the script that names the lifeline binary; install points it at its own path.
inline constexpr std::string_view k_pre_commit_binary_line = "lifeline=${LIFELINE:-lifeline}";
/// The comment that marks a hook as lifeline's (replaced without --force).
inline constexpr std::string_view k_pre_commit_marker = "# lifeline pre-commit hook";

}  // namespace lifeline::cli

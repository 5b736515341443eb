// What every ProcessRunner shares: the per-run cache and the failure descriptions.
#include "lifeline/sys/process.hpp"

namespace lifeline::sys {

RunResult CachingProcessRunner::run(const std::vector<std::string>& argv,
                                    std::chrono::milliseconds timeout) const {
    auto it = m_results.find(argv);
    if (it == m_results.end()) it = m_results.emplace(argv, m_inner.run(argv, timeout)).first;
    return it->second;
}

namespace {

/// The last non-empty line of `text`, at most 200 bytes.
std::string last_line(const std::string& text) {
    size_t end = text.size();
    while (end > 0) {
        size_t start = text.rfind('\n', end - 1);
        start = start == std::string::npos ? 0 : start + 1;
        std::string line = text.substr(start, end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) return line.size() > 200 ? line.substr(0, 197) + "..." : line;
        if (start == 0) break;
        end = start - 1;
    }
    return {};
}

}  // namespace

std::string describe_failure(const std::vector<std::string>& argv, const RunResult& result) {
    std::string command;
    for (const std::string& a : argv) command += (command.empty() ? "" : " ") + a;
    std::string name = argv.empty() ? std::string() : argv.front();
    switch (result.status) {
        case RunStatus::not_found: {
            std::string dirs;
            for (const std::string& d : k_program_dirs) dirs += (dirs.empty() ? "" : ", ") + d;
            return name + " is not installed (not found in " + dirs + ")";
        }
        case RunStatus::failed_to_start:
            return "`" + command + "` could not be started: " + result.error;
        case RunStatus::timed_out:
            return "`" + command + "` did not finish in time and was stopped";
        case RunStatus::output_too_large:
            return "`" + command + "` printed more than 64 MiB and was stopped";
        case RunStatus::signalled:
            return "`" + command + "` was killed by a signal";
        case RunStatus::exited:
            break;
    }
    std::string text = "`" + command + "` exited with status " + std::to_string(result.exit_code);
    std::string why = last_line(result.err);
    if (!why.empty()) text += ": " + why;
    return text;
}

}  // namespace lifeline::sys

#pragma once
/// Work spread over forked worker processes. Processes rather than threads: plugins keep
/// per-run state (caches, the host being linted) in members and globals, and a forked worker
/// has its own copy of all of it, so no plugin has to be thread-safe.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lifeline::cli {

/// How many workers `--jobs 0` means: the CPUs this process may run on.
int default_jobs();

/// Runs `work(i)` for every i in [0, count) and returns each result, in index order. With
/// `jobs` > 1 and more than one item, `jobs` forked workers take the next unclaimed index from a
/// shared counter (uneven items balance themselves) and send results back over a pipe; an item
/// whose worker died or threw is nullopt. Flush buffered output before calling: workers leave
/// with _exit and never flush the parent's buffers.
std::vector<std::optional<std::string>> run_parallel(
    size_t count, int jobs, const std::function<std::string(size_t)>& work);

}  // namespace lifeline::cli

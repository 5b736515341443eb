#pragma once
/// Runs every (tree, spec) pair through the real `sshd -T` and through the command under test, in
/// a few long-lived shell batches: the sshd batches each live in ONE private mount namespace
/// (`unshare --mount`) where each tree is bind-mounted over /etc/ssh (and its passwd, group,
/// services and hosts files over /etc) for the duration of its runs.

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "expectations.hpp"

namespace lifeline::differential {

/// One command line to run: a tree plus one spec ("" = no -C).
struct Job {
    std::filesystem::path tree;
    std::string spec;
};

/// Where and how the batches run.
struct BatchConfig {
    std::filesystem::path work_dir;  ///< scripts/, results/ and logs/ are created in it
    std::string sshd;                ///< absolute path of the real sshd
    std::string unshare;             ///< absolute path of unshare(1)
    std::string subject;             ///< the command under test (lifeline)
    int shards = 2;                  ///< sshd batches and subject batches run this many at a time
    int per_command_timeout_s = 20;
    std::chrono::seconds total_timeout{420};
};

/// The outcome of all batches; index i of each vector belongs to job i.
struct BatchResults {
    std::vector<RunResult> sshd;
    std::vector<RunResult> subject;
    bool timed_out = false;
    std::string logs;  ///< whatever the batch shells printed (mount errors, missing tools)
    double seconds = 0;
};

/// Runs all jobs; never throws for a failing command (that is a result), only for I/O errors.
BatchResults run_batches(const BatchConfig& config, const std::vector<Job>& jobs);

/// Quotes `s` for a POSIX shell.
std::string shell_quote(const std::string& s);

}  // namespace lifeline::differential

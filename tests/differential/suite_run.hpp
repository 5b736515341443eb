#pragma once
/// One run of the whole differential suite: settings from the environment, the corpus, the
/// batches, their results. Computed once per test process and shared by the tests.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "batch.hpp"
#include "corpus.hpp"

namespace lifeline::differential {

/// Knobs, all from environment variables (see README.md).
struct Settings {
    std::uint64_t seed = 0x5EED2024;  ///< LIFELINE_SSHD_DIFF_SEED
    int generated = 420;              ///< LIFELINE_SSHD_DIFF_COUNT
    std::string filter;               ///< LIFELINE_SSHD_DIFF_FILTER (regex on case names)
    bool keep = false;                ///< LIFELINE_SSHD_DIFF_KEEP
    std::string subject;              ///< LIFELINE_SSHD_DIFF_SUBJECT, default: lifeline
    int shards = 2;                   ///< LIFELINE_SSHD_DIFF_JOBS
    std::string report = "sshd-differential-report.txt";  ///< LIFELINE_SSHD_DIFF_REPORT
    bool required = false;  ///< CI or LIFELINE_SSHD_DIFF_REQUIRED: never skip
};

/// Reads the settings; `default_subject` is the lifeline binary of this build.
Settings read_settings(const std::string& default_subject);

/// The outcome of the suite run.
struct SuiteRun {
    Settings settings;
    std::string skip_reason;  ///< non-empty: prerequisites missing, nothing ran
    std::string setup_error;  ///< non-empty: the harness itself failed
    std::vector<Case> cases;  ///< hand-written first, then generated
    std::vector<Job> jobs;
    std::vector<std::size_t> job_case;  ///< index into `cases` for each job
    BatchResults results;
    std::filesystem::path work_dir;
    double setup_seconds = 0;
    std::vector<std::string> notes;  ///< cases dropped because this machine cannot run them
};

/// Runs everything once (later calls return the same object).
const SuiteRun& suite_run();

/// The number of hand-written and generated cases in `run`.
std::size_t count_cases(const SuiteRun& run, bool generated);

}  // namespace lifeline::differential

// Differential suite: `lifeline dump sshd --root TREE [-C SPEC]` against the real `sshd -T`
// on the same tree (bind-mounted over /etc/ssh in a private mount namespace). See README.md.

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <set>

#include "compare.hpp"
#include "report.hpp"
#include "suite_run.hpp"

namespace lifeline::differential {
namespace {

constexpr std::size_t k_min_hand_cases = 120;
constexpr std::size_t k_min_generated = 400;
constexpr std::size_t k_min_total = 500;
constexpr std::size_t k_printed_mismatches = 40;

/// Skips (or fails, when the harness broke) unless the suite actually ran.
#define REQUIRE_SUITE_RAN(run)                                                             \
    do {                                                                                   \
        ASSERT_TRUE((run).setup_error.empty()) << "harness failed: " << (run).setup_error; \
        if (!(run).skip_reason.empty())                                                    \
            GTEST_SKIP() << "sshd differential suite skipped: " << (run).skip_reason;      \
    } while (0)

TEST(SshdDifferential, CorpusIsLargeEnoughAndWellFormed) {
    const SuiteRun& run = suite_run();
    REQUIRE_SUITE_RAN(run);
    for (const auto& n : run.notes) std::cout << "note: " << n << '\n';
    std::set<std::string> names;
    for (const auto& c : run.cases) {
        EXPECT_TRUE(names.insert(c.name).second) << "duplicate case name " << c.name;
        if (c.generated) continue;
        EXPECT_FALSE(c.expectations.empty())
            << c.name << ": a hand-written case needs an `expect` file stating what sshd does";
        for (const auto& e : c.expectations) {
            bool known = e.run == "*" || e.run == "plain";
            for (const auto& s : c.specs) known |= !s.empty() && s == e.run;
            EXPECT_TRUE(known) << c.name << "/expect line " << e.line << ": run `" << e.run
                               << "` is neither plain, * nor a spec of `connections`";
        }
    }
    if (!run.settings.filter.empty()) return;  // a filtered run is small on purpose
    EXPECT_GE(count_cases(run, false), k_min_hand_cases);
    if (run.settings.generated < static_cast<int>(k_min_generated)) return;  // COUNT lowered
    EXPECT_GE(count_cases(run, true), k_min_generated);
    EXPECT_GE(run.cases.size(), k_min_total);
}

TEST(SshdDifferential, EveryRunProducedAResult) {
    const SuiteRun& run = suite_run();
    REQUIRE_SUITE_RAN(run);
    EXPECT_FALSE(run.results.timed_out) << "the batches ran out of time";
    std::size_t missing_sshd = 0, missing_subject = 0;
    for (std::size_t i = 0; i < run.jobs.size(); ++i) {
        missing_sshd += run.results.sshd[i].present ? 0 : 1;
        missing_subject += run.results.subject[i].present ? 0 : 1;
    }
    EXPECT_EQ(missing_sshd, 0u) << "sshd runs without a result; batch logs:\n" << run.results.logs;
    EXPECT_EQ(missing_subject, 0u) << "lifeline runs without a result; batch logs:\n"
                                   << run.results.logs;
}

TEST(SshdDifferential, HandWrittenCasesBehaveAsStatedOnTheRealSshd) {
    const SuiteRun& run = suite_run();
    REQUIRE_SUITE_RAN(run);
    for (std::size_t j = 0; j < run.jobs.size(); ++j) {
        const Case& c = run.cases[run.job_case[j]];
        for (const auto& e : c.expectations) {
            if (!applies_to(e, run.jobs[j].spec)) continue;
            std::string why = check_expectation(e, run.results.sshd[j]);
            EXPECT_TRUE(why.empty()) << c.name << "/expect line " << e.line << " (" << e.run
                                     << "): " << why << "\n  sshd stderr:\n"
                                     << excerpt(run.results.sshd[j].err, 6, "    ");
        }
    }
}

TEST(SshdDifferential, GeneratedConfigurationsAreMostlyValid) {
    // The generator is broken if sshd rejects too many of its configurations, or accepts a
    // configuration it injected an error into.
    const SuiteRun& run = suite_run();
    REQUIRE_SUITE_RAN(run);
    std::vector<bool> accepted(run.cases.size(), false);
    for (std::size_t j = 0; j < run.jobs.size(); ++j) {
        if (run.results.sshd[j].present && run.results.sshd[j].exit_code == 0)
            accepted[run.job_case[j]] = true;
    }
    std::size_t generated = 0, ok = 0, intended = 0, intended_ok = 0;
    std::ostringstream rejected_valid;
    for (std::size_t i = 0; i < run.cases.size(); ++i) {
        const Case& c = run.cases[i];
        if (!c.generated) continue;
        ++generated;
        ok += accepted[i] ? 1 : 0;
        if (c.intended_valid) {
            ++intended;
            intended_ok += accepted[i] ? 1 : 0;
            if (!accepted[i]) {
                for (std::size_t j = 0; j < run.jobs.size(); ++j) {
                    if (run.job_case[j] != i) continue;
                    rejected_valid << "  " << c.name << ": " << error_label(run.results.sshd[j].err)
                                   << '\n';
                    break;
                }
            }
        } else {
            EXPECT_FALSE(accepted[i]) << c.name << ": sshd accepted the injected error `"
                                      << c.invalid_reason << "` — fix error_injection.cpp";
        }
    }
    if (generated == 0) return;
    std::cout << "generated configurations: " << generated << ", accepted by sshd: " << ok << " ("
              << 100 * ok / generated << "%), intended valid: " << intended
              << ", of which accepted: " << intended_ok << '\n';
    if (intended_ok < intended)
        std::cout << "meant valid, rejected by sshd:\n" << rejected_valid.str();
    EXPECT_GE(100 * ok, 60 * generated) << "generator broken: sshd rejects too many configurations";
    EXPECT_GE(100 * intended_ok, 85 * intended)
        << "generator broken: sshd rejects configurations meant to be valid:\n"
        << rejected_valid.str();
}

TEST(SshdDifferential, LifelineDumpMatchesSshd) {
    const SuiteRun& run = suite_run();
    REQUIRE_SUITE_RAN(run);
    std::size_t mismatches = 0;
    MismatchSummary summary;
    std::ofstream report(run.settings.report);
    std::ostringstream shown;
    for (std::size_t j = 0; j < run.jobs.size(); ++j) {
        Comparison c = compare_runs(run.results.sshd[j], run.results.subject[j]);
        if (c.verdict == Verdict::agree) continue;
        ++mismatches;
        summary.add(run.results.sshd[j], run.results.subject[j], c);
        std::string block = describe_mismatch(run, j, c);
        report << block << '\n';
        if (mismatches <= k_printed_mismatches) shown << block;
    }
    std::string totals = "sshd differential: " + std::to_string(run.cases.size()) +
                         " configurations, " + std::to_string(run.jobs.size()) + " comparisons, " +
                         std::to_string(mismatches) + " mismatches";
    report << totals << "\nby behaviour:\n" << summary.render(1000);
    std::cout << shown.str();
    if (mismatches > k_printed_mismatches) {
        std::cout << "... " << mismatches - k_printed_mismatches << " more in "
                  << run.settings.report << '\n';
    }
    if (mismatches > 0) std::cout << "mismatches by behaviour:\n" << summary.render();
    std::cout << "batches took " << run.results.seconds << " s (setup " << run.setup_seconds
              << " s), subject: " << run.settings.subject << '\n';
    if (run.settings.keep) std::cout << "work directory kept: " << run.work_dir.string() << '\n';
    std::cout << totals << std::endl;
    EXPECT_EQ(mismatches, 0u) << totals << " (details above and in " << run.settings.report << ")";
}

}  // namespace
}  // namespace lifeline::differential

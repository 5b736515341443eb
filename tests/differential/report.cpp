#include "report.hpp"

#include <cstdio>
#include <filesystem>
#include <sstream>

namespace lifeline::differential {

std::string excerpt(const std::string& text, std::size_t max_lines, const std::string& indent) {
    std::istringstream in(text);
    std::ostringstream out;
    std::string line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        if (n++ == max_lines) {
            out << indent << "...\n";
            break;
        }
        out << indent << line << '\n';
    }
    return out.str();
}

std::string reproduce_hint(const SuiteRun& run, const Case& c) {
    char seed[32];
    std::snprintf(seed, sizeof seed, "0x%llx", static_cast<unsigned long long>(run.settings.seed));
    std::string hint = "LIFELINE_SSHD_DIFF_FILTER='^" + c.name + "$' LIFELINE_SSHD_DIFF_KEEP=1";
    if (c.generated) hint = "LIFELINE_SSHD_DIFF_SEED=" + std::string(seed) + " " + hint;
    std::error_code ec;
    auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    return hint + " " + (ec ? std::string("sshd_differential_test") : self.string());
}

std::string describe_mismatch(const SuiteRun& run, std::size_t job, const Comparison& c) {
    const Case& cs = run.cases[run.job_case[job]];
    const RunResult& s = run.results.sshd[job];
    const RunResult& l = run.results.subject[job];
    std::ostringstream out;
    out << "MISMATCH " << cs.name;
    if (cs.generated) {
        char seed[32];
        std::snprintf(seed, sizeof seed, "0x%016llx", static_cast<unsigned long long>(cs.seed));
        out << " (generated, config seed " << seed << ", "
            << (cs.intended_valid ? "valid" : "invalid: " + cs.invalid_reason) << ")";
    }
    const std::string& spec = run.jobs[job].spec;
    out << "\n  run: " << (spec.empty() ? "sshd -T (no -C)" : "-C " + spec) << '\n';
    out << "  tree: " << run.jobs[job].tree.string()
        << (run.settings.keep ? "" : " (removed; rerun with LIFELINE_SSHD_DIFF_KEEP=1)") << '\n';
    auto exit_text = [](const RunResult& r) {
        return r.present ? std::to_string(r.exit_code) : std::string("none (did not run)");
    };
    out << "  exit: sshd " << exit_text(s) << ", lifeline " << exit_text(l) << '\n';
    for (const auto& m : c.diff.missing) out << "  - " << m << "    (sshd only)\n";
    for (const auto& e : c.diff.extra) out << "  + " << e << "    (lifeline only)\n";
    if (!s.err.empty()) out << "  sshd stderr:\n" << excerpt(s.err, 4, "    ");
    if (!l.err.empty()) out << "  lifeline stderr:\n" << excerpt(l.err, 4, "    ");
    out << "  reproduce: " << reproduce_hint(run, cs) << '\n';
    return out.str();
}

}  // namespace lifeline::differential

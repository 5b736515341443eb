#include "compare.hpp"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

namespace lifeline::differential {

LineDiff diff_lines(const std::string& sshd_out, const std::string& subject_out) {
    auto a = output_lines(sshd_out);
    auto b = output_lines(subject_out);
    std::set<std::string> sa(a.begin(), a.end());
    std::set<std::string> sb(b.begin(), b.end());
    LineDiff d;
    std::set_difference(sa.begin(), sa.end(), sb.begin(), sb.end(), std::back_inserter(d.missing));
    std::set_difference(sb.begin(), sb.end(), sa.begin(), sa.end(), std::back_inserter(d.extra));
    return d;
}

Comparison compare_runs(const RunResult& sshd, const RunResult& subject) {
    Comparison c;
    if (!sshd.present || !subject.present) {
        c.verdict = Verdict::no_result;
        return c;
    }
    if ((sshd.exit_code == 0) != (subject.exit_code == 0)) {
        c.verdict = Verdict::exit_mismatch;
        return c;
    }
    if (sshd.exit_code != 0) return c;  // both reject: nothing else is compared
    c.diff = diff_lines(sshd.out, subject.out);
    if (!c.diff.empty()) c.verdict = Verdict::output_mismatch;
    return c;
}

std::string error_label(const std::string& err) {
    // Skip the informational lines about deprecated/unsupported keywords: the error follows.
    std::string first;
    std::istringstream lines(err);
    while (std::getline(lines, first)) {
        if (first.find("Deprecated option") == std::string::npos &&
            first.find("Unsupported option") == std::string::npos)
            break;
    }
    // "/etc/ssh/sshd_config line 3: ...", "/etc/ssh/x.conf: line 3: ...", "reprocess config ..."
    static const std::regex prefix(R"(^.*?(: )?line [0-9]+: )");
    first = std::regex_replace(first, prefix, "", std::regex_constants::format_first_only);
    static const std::regex at_line(R"( at line [0-9]+)");
    first = std::regex_replace(first, at_line, "");
    if (first.empty()) return "(no message)";
    return first.size() > 110 ? first.substr(0, 110) + "..." : first;
}

namespace {

/// The keyword of an output line: its first word.
std::string keyword_of(const std::string& line) {
    return line.substr(0, line.find(' '));
}

}  // namespace

void MismatchSummary::add(const RunResult& sshd, const RunResult& subject, const Comparison& c) {
    switch (c.verdict) {
        case Verdict::agree:
            return;
        case Verdict::no_result:
            ++m_counts["no result from " + std::string(sshd.present ? "lifeline" : "sshd")];
            return;
        case Verdict::exit_mismatch:
            if (sshd.exit_code != 0) {
                ++m_counts["exit: sshd " + std::to_string(sshd.exit_code) +
                           ", lifeline 0: " + error_label(sshd.err)];
            } else {
                ++m_counts["exit: sshd 0, lifeline " + std::to_string(subject.exit_code) + ": " +
                           error_label(subject.err)];
            }
            return;
        case Verdict::output_mismatch: {
            std::set<std::string> keywords;
            for (const auto& l : c.diff.missing) keywords.insert(keyword_of(l));
            for (const auto& l : c.diff.extra) keywords.insert(keyword_of(l));
            for (const auto& k : keywords) ++m_counts["value: " + k];
            return;
        }
    }
}

std::string MismatchSummary::render(std::size_t max_rows) const {
    std::vector<std::pair<std::string, int>> rows(m_counts.begin(), m_counts.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    std::ostringstream out;
    for (std::size_t i = 0; i < rows.size() && i < max_rows; ++i) {
        out << "  " << rows[i].second << "\t" << rows[i].first << '\n';
    }
    if (rows.size() > max_rows) out << "  ... " << rows.size() - max_rows << " more kinds\n";
    return out.str();
}

}  // namespace lifeline::differential

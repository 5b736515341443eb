#pragma once
/// Expectations of a hand-written case about the REAL sshd: they prove that the case exercises
/// what its name says (and that the harness really ran sshd on that tree).
///
/// `expect` file syntax, one per line (`#` comments):
///   RUN exit N | exit nonzero      exit status
///   RUN has LINE                   stdout contains exactly LINE
///   RUN lacks LINE                 stdout does not contain LINE
///   RUN stderr TEXT                stderr contains TEXT
/// RUN is `plain` (no -C), `*` (every run of the case) or one spec of the `connections` file.

#include <string>
#include <vector>

namespace lifeline::differential {

/// The outcome of one command run by the batch.
struct RunResult {
    bool present =
        false;  ///< false when the batch produced no status (crash, timeout, mount error)
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// One parsed line of an `expect` file.
struct Expectation {
    enum class Kind { exit_code, exit_nonzero, has, lacks, stderr_contains };
    std::string run;  ///< "plain", "*" or a spec
    Kind kind = Kind::exit_code;
    int code = 0;
    std::string text;
    int line = 0;  ///< line in the expect file, for messages
};

/// Parses an `expect` file; throws std::runtime_error("line N: ...") on a malformed line.
std::vector<Expectation> parse_expectations(const std::string& text);

/// True when expectation `e` applies to the run with spec `spec` ("" = plain).
bool applies_to(const Expectation& e, const std::string& spec);

/// Checks `e` against `r`; returns "" when it holds, else a one-line explanation.
std::string check_expectation(const Expectation& e, const RunResult& r);

/// The non-empty lines of a `sshd -T`-style output, in order.
std::vector<std::string> output_lines(const std::string& out);

}  // namespace lifeline::differential

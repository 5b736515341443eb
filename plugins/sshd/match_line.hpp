#pragma once
/// Match lines: parsing with 9.2's older splitter and evaluation for a connection.

#include <string>
#include <vector>

#include "config.hpp"
#include "connection.hpp"
#include "diag.hpp"
#include "lifeline/users.hpp"
#include "values.hpp"

namespace lifeline::sshd {

/// A problem found on a Match line.
struct MatchLineError {
    RuleRef rule;
    std::string message;
    int column = 0;  ///< physical column
};

/// Parses the criteria that follow `Match` (starting at byte `start` of `line`) into `block`.
/// Returns the errors sshd reports for the line (a bad criterion makes `block.valid` false).
std::vector<MatchLineError> parse_match_line(const LogicalLine& line, size_t start,
                                             const ServiceLookup& services, MatchBlock& block);

/// How one criterion fared.
struct CriterionResult {
    const MatchCriterion* criterion = nullptr;
    bool matched = false;
    std::string reason;  ///< e.g. "user alice matches 'alice,bob'", "no addr= given"
};

/// The outcome of one Match line for a connection.
struct MatchOutcome {
    bool matched = false;
    /// Set when the line tests LocalPort and the connection has no local port: sshd -T exits.
    const MatchCriterion* missing_lport = nullptr;
    std::vector<CriterionResult> criteria;
};

/// Evaluates a (valid) Match line's own criteria for `conn`, as `sshd -T -C` does: absent
/// fields do not match; `Match all` always matches. Ignores the never-match state.
MatchOutcome evaluate_match(const MatchBlock& block, const Connection& conn, const UserDb& users);

}  // namespace lifeline::sshd

#pragma once
/// Typed reading of match and target options (ports, flags, states, sets, REJECT, …).

#include <optional>

#include "document.hpp"
#include "parser.hpp"

namespace lifeline::iptables {

/// Validates `option` of `match`, fills the typed field it sets, and appends it to the match's
/// options. `rule` is the rule so far (multiport needs its protocol).
std::optional<LineError> apply_match_option(Match& match, Option option, const Rule& rule);

/// Same for a target option (`--reject-with`, LOG options).
std::optional<LineError> apply_target_option(Target& target, Option option);

}  // namespace lifeline::iptables

#pragma once
/// The match and target extensions the parser knows, with their options' argument counts.

#include <string_view>

namespace lifeline::iptables {

/// One option of an extension: name (with dashes) and how many arguments it takes.
struct OptionSpec {
    std::string_view name;
    int arity = 1;
};

/// An extension known by name; `may_match` marks matches whose result depends on history.
struct ExtensionSpec {
    std::string_view name;
    const OptionSpec* options;
    int option_count;
    bool may_match = false;
};

/// The match extension `name`, or nullptr when the parser does not know it (options of unknown
/// extensions are kept without validation).
const ExtensionSpec* find_match(std::string_view name);

/// The target extension `name`, or nullptr for user chains and unknown targets.
const ExtensionSpec* find_target(std::string_view name);

/// The option `name` of `spec`, or nullptr. With `prefix`, an unambiguous prefix also counts
/// (getopt_long takes `--mac` for `--mac-source`), but only after no exact match was found.
const OptionSpec* find_option(const ExtensionSpec& spec, std::string_view name,
                              bool prefix = false);

}  // namespace lifeline::iptables

namespace lifeline::iptables {

/// True when `name` is a target extension iptables 1.8.9 ships (libxt_NAME / libipt_NAME):
/// `-j NAME` loads it; any other name is a jump to a chain of that name.
bool is_target_extension(std::string_view name);

}  // namespace lifeline::iptables

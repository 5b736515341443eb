#pragma once
/// Internal to json_render*.cpp: writing one libnftables JSON expression or statement in nft
/// syntax. Not a public header.

#include <nlohmann/json.hpp>
#include <string>

namespace lifeline::nft::detail {

/// Thrown for a JSON construct the renderer does not cover; `what` names it.
struct Uncovered {
    std::string what;
};

/// A string as nft prints it: bare when it is a plain word, address or number, else quoted.
/// `quote` forces quotes (interface names, comments, prefixes).
std::string json_string(const std::string& s, bool quote = false);

/// An expression (`tcp dport`, `{ 22, 80 }`, `10.0.0.0/8`, `ct state`). `quote` quotes the
/// strings in it (a right-hand side compared with an interface name).
std::string json_expr(const nlohmann::json& e, bool quote = false);

/// One statement of a rule (`tcp dport 22`, `accept`, `limit rate 5/minute`).
std::string json_statement(const nlohmann::json& s);

}  // namespace lifeline::nft::detail

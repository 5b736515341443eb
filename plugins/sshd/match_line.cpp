#include "match_line.hpp"

#include "match.hpp"

namespace lifeline::sshd {
namespace {

constexpr std::string_view k_criteria[] = {"user",         "group",     "host",   "address",
                                           "localaddress", "localport", "rdomain"};

bool known_criterion(const std::string& lower) {
    for (auto c : k_criteria)
        if (lower == c) return true;
    return false;
}

}  // namespace

std::vector<MatchLineError> parse_match_line(const LogicalLine& line, size_t start,
                                             const ServiceLookup& services, MatchBlock& block) {
    std::vector<MatchLineError> errors;
    auto col = [&](int offset) { return line.at(offset).column; };
    auto fail = [&](std::string message, int offset) {
        errors.push_back({k_invalid_match, std::move(message), col(offset)});
        block.valid = false;
        return errors;
    };
    std::string_view text = line.text;
    size_t pos = start;
    int attributes = 0;
    while (true) {
        auto attrib = strdelim(text, pos);
        if (!attrib || attrib->text.empty()) break;
        if (attrib->text[0] == '#') {
            pos = std::string_view::npos;
            break;
        }
        ++attributes;
        std::string lower = to_lower(attrib->text);
        if (lower == "all") {
            if (attributes > 1)
                return fail("'all' cannot be combined with other Match attributes", attrib->column);
            auto arg = strdelim(text, pos);
            if (arg && !arg->text.empty() && arg->text[0] != '#')
                return fail("'all' cannot be combined with other Match attributes", arg->column);
            if (arg && !arg->text.empty() && arg->text[0] == '#') pos = std::string_view::npos;
            block.is_all = true;
            block.criteria.clear();
            break;
        }
        auto arg = strdelim(text, pos);
        if (!arg || arg->text.empty() || arg->text[0] == '#')
            return fail("Missing Match criteria for " + attrib->text, attrib->column);
        if (!known_criterion(lower))
            return fail("Unsupported Match attribute " + attrib->text, attrib->column);
        MatchCriterion c;
        c.attribute = lower;
        c.written = attrib->text;
        c.value = arg->text;
        c.column = col(attrib->column);
        c.value_column = col(arg->column);
        if (lower == "address" || lower == "localaddress") {
            if (addr_match_list(nullptr, c.value) != 0) {
                std::string what = lower == "address" ? "address" : "localaddress";
                return fail("Invalid Match " + what + " argument '" + c.value + "'", arg->column);
            }
        } else if (lower == "localport") {
            c.port = a2port(c.value, services);
            if (c.port == -1)
                return fail("Invalid LocalPort '" + c.value + "' on Match line", arg->column);
        }
        block.criteria.push_back(std::move(c));
    }
    if (attributes == 0) return fail("One or more attributes required for Match", int(start));
    if (pos != std::string_view::npos && pos < text.size()) {
        errors.push_back(
            {k_malformed_line, "keyword Match extra arguments at end of line", col(int(pos))});
    }
    return errors;
}

MatchOutcome evaluate_match(const MatchBlock& block, const Connection& conn, const UserDb& users) {
    MatchOutcome out;
    if (block.is_all) {
        out.matched = true;
        return out;
    }
    bool result = true;
    for (const MatchCriterion& c : block.criteria) {
        CriterionResult r{&c, false, {}};
        const std::string& a = c.attribute;
        auto missing = [&](const char* field) {
            r.reason = std::string("no ") + field + "= given";
        };
        if (a == "user") {
            if (!conn.user) {
                missing("user");
            } else {
                r.matched = match_pattern_list(*conn.user, c.value) == k_match_positive;
                r.reason = "user " + *conn.user + (r.matched ? " matches " : " does not match ") +
                           "'" + c.value + "'";
            }
        } else if (a == "group") {
            if (!conn.user) {
                missing("user");
            } else if (!users.find_user(*conn.user)) {
                r.reason = "user " + *conn.user + " does not exist";
            } else {
                auto groups = users.groups_of(*conn.user);
                r.matched = !groups.empty() && match_group_list(groups, c.value) == 1;
                r.reason = "groups of " + *conn.user + (r.matched ? " match " : " do not match ") +
                           "'" + c.value + "'";
            }
        } else if (a == "host") {
            if (!conn.host) {
                missing("host");
            } else {
                r.matched = match_hostname(*conn.host, c.value) == k_match_positive;
                r.reason = "host " + *conn.host + (r.matched ? " matches " : " does not match ") +
                           "'" + c.value + "'";
            }
        } else if (a == "address" || a == "localaddress") {
            const auto& field = a == "address" ? conn.addr : conn.laddr;
            if (!field) {
                missing(a == "address" ? "addr" : "laddr");
            } else {
                r.matched = addr_match_list(&*field, c.value) == 1;
                r.reason = "address " + *field + (r.matched ? " matches " : " does not match ") +
                           "'" + c.value + "'";
            }
        } else if (a == "localport") {
            if (!conn.lport || *conn.lport == 0) {
                if (!out.missing_lport) out.missing_lport = &c;
                missing("lport");
            } else {
                r.matched = *conn.lport == c.port;
                r.reason = "local port " + std::to_string(*conn.lport) +
                           (r.matched ? " is " : " is not ") + std::to_string(c.port);
            }
        } else if (a == "rdomain") {
            if (!conn.rdomain) {
                missing("rdomain");
            } else {
                r.matched = match_pattern_list(*conn.rdomain, c.value) == k_match_positive;
                r.reason = "rdomain " + *conn.rdomain +
                           (r.matched ? " matches " : " does not match ") + "'" + c.value + "'";
            }
        }
        if (!r.matched) result = false;
        out.criteria.push_back(std::move(r));
    }
    out.matched = result;
    return out;
}

}  // namespace lifeline::sshd

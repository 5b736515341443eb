// The POL diagnostics and did-you-mean suggestions of the policy loader.

#include <algorithm>
#include <cctype>

#include "policy_internal.hpp"

namespace lifeline::policy_detail {
namespace {

struct Code {
    std::string_view id;
    std::string_view slug;
};

/// Indexed by Pol; IDs are permanent.
constexpr Code k_codes[] = {
    {"POL001", "policy-unreadable"}, {"POL002", "yaml-syntax-error"}, {"POL003", "unknown-key"},
    {"POL004", "wrong-type"},        {"POL005", "invalid-value"},     {"POL006", "unknown-rule"},
    {"POL007", "extends-cycle"},     {"POL008", "duplicate-key"},     {"POL009", "missing-key"},
    {"POL010", "ambiguous-slug"},
};

char fold(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring case.
size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

}  // namespace

Diagnostic make_diagnostic(Pol kind, SourceLocation at, std::string message, std::string help) {
    const Code& code = k_codes[static_cast<size_t>(kind)];
    Diagnostic d;
    d.rule_id = std::string(code.id);
    d.slug = std::string(code.slug);
    d.severity = Severity::error;
    d.location = std::move(at);
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

std::optional<std::string> closest(std::string_view word,
                                   std::span<const std::string_view> candidates) {
    // Long words would make the table large for no gain: nobody mistypes a 200-byte key.
    if (word.size() > 64) return std::nullopt;
    std::optional<std::string> best;
    size_t best_distance = 0;
    for (std::string_view c : candidates) {
        if (c.size() > 64) continue;
        size_t dist = distance(word, c);
        size_t limit = std::max<size_t>(1, c.size() / 3);
        if (dist > limit) continue;
        if (!best || dist < best_distance) {
            best = std::string(c);
            best_distance = dist;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    auto c = closest(word, candidates);
    return c ? "; did you mean '" + *c + "'?" : "";
}

}  // namespace lifeline::policy_detail

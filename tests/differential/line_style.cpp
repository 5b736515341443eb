#include "line_style.hpp"

#include <cctype>
#include <vector>

namespace lifeline::differential {
namespace {

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string style_keyword(Rng& rng, const std::string& kw) {
    int roll = static_cast<int>(rng.below(100));
    if (roll < 60) return kw;
    if (roll < 75) return lower(kw);
    if (roll < 85) return upper(kw);
    std::string s = kw;  // random case per letter
    for (auto& c : s) {
        c = rng.chance(50) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                           : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string separator(Rng& rng) {
    int roll = static_cast<int>(rng.below(100));
    if (roll < 70) return " ";
    if (roll < 80) return "\t";
    if (roll < 90) return "=";
    if (roll < 95) return " = ";
    return "  ";
}

/// A token is plain when quoting it cannot change its meaning.
bool plain_token(const std::string& t) {
    if (t.empty() || t[0] == '#') return false;
    for (char c : t) {
        if (c == '"' || c == '\'' || c == '\\' || c == ' ') return false;
    }
    return true;
}

std::string style_token(Rng& rng, std::string t, bool fold_case) {
    if (fold_case && plain_token(t)) {
        int roll = static_cast<int>(rng.below(100));
        if (roll < 12) {
            t = upper(t);
        } else if (roll < 20) {
            t[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(t[0])));
        }
    }
    if (!plain_token(t)) return t;
    int roll = static_cast<int>(rng.below(100));
    if (roll < 8) return "\"" + t + "\"";
    if (roll < 12) return "'" + t + "'";
    if (roll < 16 && t.size() >= 2) {  // quoting that starts mid-token: ab"cd"
        std::size_t cut = 1 + rng.below(t.size() - 1);
        return t.substr(0, cut) + "\"" + t.substr(cut) + "\"";
    }
    return t;
}

}  // namespace

std::vector<std::string> split_sample(const std::string& value) {
    std::vector<std::string> tokens;
    std::string cur;
    char quote = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        char c = value[i];
        if (quote) {
            cur += c;
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
            cur += c;
        } else if (c == '\\' && i + 1 < value.size()) {
            cur += c;
            cur += value[++i];
        } else if (c == ' ') {
            if (!cur.empty()) tokens.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    return tokens;
}

std::string style_line(Rng& rng, const std::string& keyword, const std::string& value,
                       const LineStyle& style) {
    std::string line;
    if (style.indent) line += rng.chance(70) ? "    " : "\t";
    bool quoted_keyword = rng.chance(2);
    line += quoted_keyword ? "\"" + keyword + "\"" : style_keyword(rng, keyword);
    line += quoted_keyword ? " " : separator(rng);
    if (style.raw) {
        line += value;
    } else {
        auto tokens = split_sample(value);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i) line += rng.chance(85) ? " " : "\t";
            line += style_token(rng, tokens[i], style.fold_case);
        }
    }
    if (style.comment && rng.chance(6)) line += rng.chance(50) ? " # note" : "\t#comment";
    if (rng.chance(4)) line += " \t";  // trailing whitespace is stripped
    return line;
}

}  // namespace lifeline::differential

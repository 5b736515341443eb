// Inline `# lifeline: ignore[...]` suppressions (see suppress.hpp).
#include "lifeline/suppress.hpp"

#include <algorithm>
#include <map>

namespace lifeline {
namespace {

constexpr std::string_view k_marker = "lifeline:";

bool blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

/// The text after the comment character when `line` is a whole-line comment (`#` or `;`).
std::optional<std::string_view> comment_body(std::string_view line) {
    std::string_view t = trim(line);
    if (t.empty() || (t.front() != '#' && t.front() != ';')) return std::nullopt;
    return t.substr(1);
}

Diagnostic make(std::string_view id, std::string_view slug, Severity severity,
                const SourceLocation& at, std::string message, std::string help) {
    Diagnostic d;
    d.rule_id = std::string(id);
    d.slug = std::string(slug);
    d.severity = severity;
    d.location = at;
    d.message = std::move(message);
    d.help = std::move(help);
    return d;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool names(const Suppression& s, const Diagnostic& d) {
    for (const std::string& t : s.targets)
        if (lower(t) == lower(d.rule_id) || t == d.slug) return true;
    return false;
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

}  // namespace

std::optional<long> parse_day(std::string_view date) {
    if (date.size() != 10 || date[4] != '-' || date[7] != '-') return std::nullopt;
    auto num = [&](size_t at, size_t len) {
        int v = 0;
        for (size_t i = at; i < at + len; ++i) {
            if (date[i] < '0' || date[i] > '9') return -1;
            v = v * 10 + (date[i] - '0');
        }
        return v;
    };
    int y = num(0, 4), m = num(5, 2), d = num(8, 2);
    if (y < 1970 || m < 1 || m > 12 || d < 1) return std::nullopt;
    static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > k_days[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
    // Days from civil (Howard Hinnant's algorithm).
    int yy = m <= 2 ? y - 1 : y;
    long era = yy / 400;
    long yoe = yy - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<Suppression> parse_suppression(std::string_view comment) {
    std::string_view t = trim(comment);
    if (t.substr(0, k_marker.size()) != k_marker) return std::nullopt;
    Suppression s;
    t = trim(t.substr(k_marker.size()));
    if (t.substr(0, 7) != "ignore[") {
        s.error = "expected `ignore[RULE, …]` after `lifeline:`";
        return s;
    }
    size_t close = t.find(']');
    if (close == std::string_view::npos) {
        s.error = "missing `]` after the rule list";
        return s;
    }
    std::string_view list = t.substr(7, close - 7);
    size_t pos = 0;
    while (pos <= list.size()) {
        size_t comma = list.find(',', pos);
        if (comma == std::string_view::npos) comma = list.size();
        std::string_view name = trim(list.substr(pos, comma - pos));
        if (!name.empty()) s.targets.emplace_back(name);
        pos = comma + 1;
    }
    if (s.targets.empty()) {
        s.error = "the rule list is empty: name the rule IDs or slugs to ignore";
        return s;
    }
    std::string_view rest = trim(t.substr(close + 1));
    while (!rest.empty()) {
        size_t eq = rest.find('=');
        if (eq == std::string_view::npos) {
            s.error = "expected KEY=VALUE, found '" + std::string(rest) + "'";
            return s;
        }
        std::string key(trim(rest.substr(0, eq)));
        rest = rest.substr(eq + 1);
        std::string value;
        if (!rest.empty() && rest.front() == '"') {
            size_t end = rest.find('"', 1);
            if (end == std::string_view::npos) {
                s.error = "unterminated quote in " + key + "=";
                return s;
            }
            value = std::string(rest.substr(1, end - 1));
            rest = trim(rest.substr(end + 1));
        } else {
            size_t end = 0;
            while (end < rest.size() && !blank(rest[end])) ++end;
            value = std::string(rest.substr(0, end));
            rest = trim(rest.substr(end));
        }
        if (key == "reason") {
            s.reason = value;
        } else if (key == "until") {
            s.until_text = value;
            s.until_day = parse_day(value);
            if (!s.until_day) {
                s.error = "until=" + value + " is not a date (YYYY-MM-DD)";
                return s;
            }
        } else {
            s.error = "unknown key '" + key + "' (expected reason= and until=)";
            return s;
        }
    }
    if (trim(s.reason).empty()) s.error = "a suppression needs a reason=\"…\"";
    return s;
}

namespace {

constexpr std::string_view k_doc_malformed = R"(## What it checks
Comment lines `# lifeline: ignore[…]` (`;` in fail2ban's files) that lifeline cannot read: no
`reason="…"`, an `until=` that is not a YYYY-MM-DD date, an unknown key, an empty or unclosed
rule list.

## Why it matters
Such a comment hides nothing, although its author believes it does. Every suppression must say
why, so the next reader can judge whether it still holds.

## Example
```
# lifeline: ignore[SSHD028]
PasswordAuthentication yes
```

## Fix
Write `# lifeline: ignore[RULE-ID or slug, …] reason="why" until=YYYY-MM-DD` (until optional)
on the line directly above the directive or rule.

## Options
None.

## Exceptions
None.
)";

constexpr std::string_view k_doc_expired = R"(## What it checks
Suppressions whose `until=` date has passed (the day after it, lifeline's clock).

## Why it matters
A suppression with a date is a promise to look again. After the date the findings it hid are
reported again, and this warning points at the comment.

## Example
```
# lifeline: ignore[SSHD028] reason="migration to keys" until=2024-06-30
PasswordAuthentication yes
```

## Fix
Fix the finding and remove the comment, or renew it with a new date and reason.

## Options
None.

## Exceptions
None.
)";

constexpr std::string_view k_doc_unused = R"(## What it checks
Valid suppressions that hide nothing: none of the named rules reports a finding on the directive
or rule below the comment (the first line that is not a comment).

## Why it matters
Stale suppressions accumulate and later hide a new finding nobody reviewed. A misspelt rule name
also shows up here.

## Example
```
# lifeline: ignore[SSHD028] reason="lab box"
PasswordAuthentication no
```

## Fix
Remove the comment, or correct the rule name.

## Options
None.

## Exceptions
None.
)";

constexpr std::string_view k_doc_refused = R"(## What it checks
Suppressions that name a finding saying a declared login (`--access`, a policy's `must_login`)
loses access — FW005, F2B002 and any finding flagged as such.

## Why it matters
A declared login is the promise the whole check exists for. Hiding its loss in a comment next to
the rule that causes it would let a lockout through the pre-commit gate. The finding stays.

## Example
```
# lifeline: ignore[FW005] reason="known"
-A INPUT -s 203.0.113.0/24 -j DROP
```

## Fix
Fix the configuration, or change the policy's must_login entry (a reviewed change of the
promise itself).

## Options
None.

## Exceptions
None.
)";

}  // namespace

const std::vector<RuleInfo>& suppression_rules() {
    static const std::vector<RuleInfo> k_rules = {
        {"LL001", "suppression-malformed", Severity::error,
         "a `# lifeline: ignore[…]` comment lifeline cannot read (no reason, a bad date, an "
         "unknown key): it hides nothing",
         k_doc_malformed},
        {"LL002", "suppression-expired", Severity::warning,
         "a suppression whose `until` date has passed: its findings are reported again",
         k_doc_expired},
        {"LL003", "suppression-unused", Severity::warning,
         "a suppression that hides nothing: no finding of its rules on the line below",
         k_doc_unused},
        {"LL004", "suppression-refused", Severity::error,
         "a suppression names a finding about a declared login losing access, which cannot be "
         "hidden inline",
         k_doc_refused},
    };
    return k_rules;
}

void apply_suppressions(std::vector<Diagnostic>& items, const SourceManager& sources, long today) {
    // Index findings by file and line.
    std::map<std::pair<std::string, int>, std::vector<size_t>> at;
    for (size_t i = 0; i < items.size(); ++i)
        at[{items[i].location.path, items[i].location.line}].push_back(i);
    std::vector<bool> hidden(items.size(), false);
    std::vector<Diagnostic> extra;
    for (const SourceFile* file : sources.files()) {
        for (int n = 1; n <= file->line_count(); ++n) {
            auto body = comment_body(file->line(n));
            if (!body) continue;
            auto s = parse_suppression(*body);
            if (!s) continue;
            std::string_view line = file->line(n);
            s->location = {file->path(), n, static_cast<int>(line.find(k_marker)) + 1};
            if (!s->error.empty()) {
                extra.push_back(make("LL001", "suppression-malformed", Severity::error, s->location,
                                     "suppression ignored: " + s->error,
                                     "write `# lifeline: ignore[RULE] reason=\"why\" "
                                     "until=YYYY-MM-DD`"));
                continue;
            }
            if (s->until_day && *s->until_day < today) {
                extra.push_back(make("LL002", "suppression-expired", Severity::warning, s->location,
                                     "suppression of " + join(s->targets) + " expired on " +
                                         s->until_text + ": the findings are reported again",
                                     "fix the finding, or renew the suppression with a new "
                                     "until= date and reason"));
                continue;
            }
            // The directive or rule it covers: the first line below that is not a comment.
            int target = n + 1;
            while (target <= file->line_count() && comment_body(file->line(target))) ++target;
            bool used = false;
            auto found = at.find({file->path(), target});
            if (found != at.end()) {
                for (size_t i : found->second) {
                    if (!names(*s, items[i])) continue;
                    used = true;
                    if (items[i].declared_login) {
                        extra.push_back(make(
                            "LL004", "suppression-refused", Severity::error, s->location,
                            "cannot suppress " + items[i].rule_id +
                                ": it reports that a declared login loses access",
                            "fix the configuration, or change the policy's must_login entry"));
                        continue;
                    }
                    hidden[i] = true;
                }
            }
            if (!used)
                extra.push_back(make("LL003", "suppression-unused", Severity::warning, s->location,
                                     "suppression of " + join(s->targets) +
                                         " hides nothing: no such finding on line " +
                                         std::to_string(target),
                                     "remove the comment"));
        }
    }
    std::vector<Diagnostic> kept;
    kept.reserve(items.size() + extra.size());
    for (size_t i = 0; i < items.size(); ++i)
        if (!hidden[i]) kept.push_back(std::move(items[i]));
    for (auto& d : extra) kept.push_back(std::move(d));
    items = std::move(kept);
}

}  // namespace lifeline

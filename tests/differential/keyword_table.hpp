#pragma once
/// The OpenSSH 9.2 (Debian 12) keyword table the generator draws from, with sample values.
/// Keywords whose validity depends on other lines (Port, ListenAddress, AddressFamily,
/// Subsystem, AuthenticationMethods, the *Authentication method flags, AuthorizedKeysCommand,
/// AuthorizedPrincipalsCommand, HostKey, Include, Match) are handled by the generator itself.

#include <string>
#include <vector>

namespace lifeline::differential {

/// How a value of a keyword is built.
enum class ValueShape {
    single,     ///< one of `valid`
    words,      ///< `valid`, or 1-3 of `items` joined by spaces (one value per line)
    algorithms  ///< 1-3 of `items` joined by commas, optionally prefixed by +, - or ^
};

/// One keyword and sample values.
struct KeywordSpec {
    std::string name;        ///< canonical spelling
    bool match_ok = false;   ///< allowed after Match (G+M)
    bool fold_case = false;  ///< values are case-insensitive (multistate tables)
    bool raw = false;        ///< the value is the rest of the line, verbatim
    ValueShape shape = ValueShape::single;
    std::vector<std::string> valid;    ///< complete values sshd accepts
    std::vector<std::string> items;    ///< pieces for `words` / `algorithms`
    std::vector<std::string> invalid;  ///< complete values sshd rejects (fatal)
    std::vector<std::string> aliases;  ///< other spellings of the keyword
    int max_items = 3;                 ///< most `items` one line may carry
    bool prefixes = true;              ///< algorithms: `+`, `-`, `^` prefixes are understood
    bool wildcards = false;            ///< algorithms: `*` is understood without a `-` prefix
};

/// Every generically generated keyword.
const std::vector<KeywordSpec>& keyword_table();

/// Deprecated, ignored or unsupported keywords with an accepted sample line value each;
/// `match_ok` as in the table (the G-only ones are fatal after Match).
const std::vector<KeywordSpec>& deprecated_keywords();

/// Keywords sshd 9.2 does not know (typos, later versions): always `Bad configuration option`.
const std::vector<std::string>& unknown_keywords();

}  // namespace lifeline::differential

#include "lexer.hpp"

namespace lifeline::iptables {

SplitResult split_arguments(std::string_view text, int first_column) {
    SplitResult result;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ' || text[i] == '\t' || text[i] == '\n') {
            ++i;
            continue;
        }
        Token token;
        token.column = first_column + static_cast<int>(i);
        bool quoted = false;
        int quote_column = 0;
        for (; i < text.size(); ++i) {
            char c = text[i];
            if (!quoted && (c == ' ' || c == '\t' || c == '\n')) break;
            if (c == '"') {
                if (!quoted) quote_column = first_column + static_cast<int>(i);
                quoted = !quoted;
            } else if (quoted && c == '\\' && i + 1 < text.size() && text[i + 1] == '"') {
                token.text.push_back('"');
                ++i;
            } else {
                token.text.push_back(c);
            }
        }
        if (quoted) {
            result.unterminated_quote = quote_column;
            return result;
        }
        result.tokens.push_back(std::move(token));
    }
    return result;
}

}  // namespace lifeline::iptables

#include "lexer.hpp"

namespace lifeline::iptables {
namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\n';
}

}  // namespace

SplitResult split_arguments(std::string_view text, int first_column) {
    SplitResult result;
    split_arguments(text, first_column, result);
    return result;
}

void split_arguments(std::string_view text, int first_column, SplitResult& result) {
    result.tokens.clear();
    result.unterminated_quote.reset();
    size_t i = 0;
    while (i < text.size()) {
        if (is_blank(text[i])) {
            ++i;
            continue;
        }
        Token token;
        token.column = first_column + static_cast<int>(i);
        bool quoted = false;
        int quote_column = 0;
        while (i < text.size()) {
            // Copy each run of ordinary bytes at once (large files: byte-wise appends showed in
            // profiles); only quotes need a closer look.
            size_t run = i;
            while (run < text.size() && text[run] != '"' && (quoted || !is_blank(text[run]))) ++run;
            token.text.append(text.data() + i, run - i);
            i = run;
            if (i >= text.size() || text[i] != '"') break;
            if (quoted && i > 0 && text[i - 1] == '\\') {
                // `\"` inside quotes is a literal quote. The backslash was just copied (it can
                // only be the previous byte of this run), so it becomes the quote.
                token.text.back() = '"';
            } else {
                if (!quoted) quote_column = first_column + static_cast<int>(i);
                quoted = !quoted;
            }
            ++i;
        }
        if (quoted) {
            result.unterminated_quote = quote_column;
            return;
        }
        result.tokens.push_back(std::move(token));
    }
}

}  // namespace lifeline::iptables

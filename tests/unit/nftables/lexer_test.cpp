// The nft scanner: longest match between addresses, numbers, time strings, class ids and
// words, as flex does in nftables 1.0.6's scanner.l.
#include "nftables/lexer.hpp"

#include <gtest/gtest.h>

namespace lifeline::nft {
namespace {

/// "kind:text" for every token up to the end.
std::vector<std::string> lex(std::string_view text) {
    static const char* k_kinds[] = {"s", "n", "q", "a", "p", "nl", "end", "junk"};
    Lexer lexer(text, 0);
    std::vector<std::string> out;
    while (true) {
        Token t = lexer.next();
        if (t.kind == TokenKind::end) return out;
        out.push_back(std::string(k_kinds[int(t.kind)]) + ":" +
                      (t.kind == TokenKind::newline ? "" : std::string(t.text)));
    }
}

using V = std::vector<std::string>;

TEST(NftLexer, AddressesAndPrefixes) {
    EXPECT_EQ(lex("10.0.0.0/8"), (V{"s:10.0.0.0", "p:/", "n:8"}));
    EXPECT_EQ(lex("2001:db8::/32"), (V{"s:2001:db8::", "p:/", "n:32"}));
    EXPECT_EQ(lex("::ffff:1.2.3.4"), (V{"s:::ffff:1.2.3.4"}));
    EXPECT_EQ(lex("[::1]:22"), (V{"s:::1", "p::", "n:22"}));
    EXPECT_EQ(lex("00:11:22:33:44:55"), (V{"s:00:11:22:33:44:55"}));
    EXPECT_EQ(lex("1.2.3.4-1.2.3.9"), (V{"s:1.2.3.4", "p:-", "s:1.2.3.9"}));
}

TEST(NftLexer, NumbersFollowStrtoull) {
    auto one = [](std::string_view text) {
        Lexer lexer(text, 0);
        return lexer.next();
    };
    EXPECT_EQ(one("0x16").number, 22u);
    EXPECT_EQ(one("022").number, 18u);                               // octal
    EXPECT_EQ(one("08").number, 0u);                                 // strtoull stops at '8'
    EXPECT_EQ(one("99999999999999999999").kind, TokenKind::string);  // overflow: a STRING
    EXPECT_EQ(lex("22-25"), (V{"n:22", "p:-", "n:25"}));
}

TEST(NftLexer, WordsTimeStringsAndClassIds) {
    EXPECT_EQ(lex("eth0-1 ssh-http"), (V{"s:eth0-1", "s:ssh-http"}));
    EXPECT_EQ(lex("1h30m 5m 10"), (V{"s:1h30m", "s:5m", "n:10"}));
    EXPECT_EQ(lex("10/second"), (V{"n:10", "p:/", "s:second"}));
    EXPECT_EQ(lex("1:2 "), (V{"s:1:2"}));  // class id (needs a trailing blank)
    EXPECT_EQ(lex("eth* \"eth*\""), (V{"a:eth*", "q:eth*"}));
    EXPECT_EQ(lex("established,related"), (V{"s:established", "p:,", "s:related"}));
    EXPECT_EQ(lex("a!=b == <= >>"), (V{"s:a", "p:!=", "s:b", "p:==", "p:<=", "p:>>"}));
}

TEST(NftLexer, CommentsNewlinesAndContinuations) {
    // A comment after a statement keeps the newline; a comment line produces none.
    EXPECT_EQ(lex("a # c\nb"), (V{"s:a", "nl:", "s:b"}));
    EXPECT_EQ(lex("a\n  # comment line\nb"), (V{"s:a", "nl:", "s:b"}));
    EXPECT_EQ(lex("a \\\n b"), (V{"s:a", "s:b"}));
    EXPECT_EQ(lex("a\n\nb"), (V{"s:a", "nl:", "nl:", "s:b"}));
    EXPECT_EQ(lex("a\r\n"), (V{"s:a", "junk:\r", "nl:"}));
    EXPECT_EQ(lex("\"open"), (V{"junk:\"", "s:open"}));
}

TEST(NftLexer, PositionsAreOneBasedBytes) {
    Lexer lexer("table inet t {\n\tchain c", 0);
    Token t;
    for (int i = 0; i < 6; ++i) t = lexer.next();
    EXPECT_EQ(t.text, "chain");
    EXPECT_EQ(t.loc.line, 2);
    EXPECT_EQ(t.loc.column, 2);
    EXPECT_EQ(t.loc.end_column, 7);
}

}  // namespace
}  // namespace lifeline::nft

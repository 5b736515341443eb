// Tokenisers of sshd_config. Expected results are sshd 9.2's (checked with the real `sshd -T`;
// see config-semantics.md §1.1).
#include "lexer.hpp"

#include <gtest/gtest.h>

namespace lifeline::sshd {
namespace {

std::vector<std::string> keyword_and_rest(std::string_view line) {
    size_t pos = 0;
    auto kw = strdelim(line, pos);
    std::vector<std::string> out;
    out.push_back(kw ? kw->text : "<null>");
    out.push_back(pos == std::string_view::npos ? "<null>" : std::string(line.substr(pos)));
    return out;
}

std::vector<std::string> args_of(std::string_view text) {
    ArgSplit s = split_args(text, 0);
    std::vector<std::string> out;
    if (!s.ok) return {"<invalid quotes>"};
    for (const auto& t : s.args) out.push_back(t.text);
    return out;
}

TEST(SshdLexer, KeywordSplitsOnBlankOrOneEquals) {
    using V = std::vector<std::string>;
    EXPECT_EQ(keyword_and_rest("Port 22"), (V{"Port", "22"}));
    EXPECT_EQ(keyword_and_rest("Port=22"), (V{"Port", "22"}));
    EXPECT_EQ(keyword_and_rest("Port = 22"), (V{"Port", "22"}));
    EXPECT_EQ(keyword_and_rest("Port =22"), (V{"Port", "22"}));
    EXPECT_EQ(keyword_and_rest("Port= 22"), (V{"Port", "22"}));
    // Two equals signs: the argument becomes "=22" (sshd: "Badly formatted port number").
    EXPECT_EQ(keyword_and_rest("Port==22"), (V{"Port", "=22"}));
    EXPECT_EQ(keyword_and_rest("Port == 22"), (V{"Port", "= 22"}));
}

TEST(SshdLexer, QuotedKeyword) {
    using V = std::vector<std::string>;
    EXPECT_EQ(keyword_and_rest("\"PasswordAuthentication\" no"),
              (V{"PasswordAuthentication", "no"}));
    // An unterminated quote in the keyword makes sshd ignore the line (strdelim returns NULL).
    EXPECT_EQ(keyword_and_rest("\"Port 22"), (V{"<null>", "<null>"}));
    // A keyword alone: nothing follows (sshd: "no argument after keyword").
    EXPECT_EQ(keyword_and_rest("Port"), (V{"Port", "<null>"}));
}

TEST(SshdLexer, ShellLikeArguments) {
    using V = std::vector<std::string>;
    EXPECT_EQ(args_of("a\"b c\"d"), (V{"ab cd"}));
    EXPECT_EQ(args_of("'a\"b' \"c'd\""), (V{"a\"b", "c'd"}));
    EXPECT_EQ(args_of("my\\ keys/%u"), (V{"my keys/%u"}));
    EXPECT_EQ(args_of("a\\\\b a\\x"), (V{"a\\b", "a\\x"}));
    EXPECT_EQ(args_of("carol#dave"), (V{"carol#dave"}));
    EXPECT_EQ(args_of("no # comment"), (V{"no"}));
    EXPECT_EQ(args_of("\"\""), (V{""}));
    EXPECT_EQ(args_of("no\\"), (V{"no\\"}));
    EXPECT_EQ(args_of("'alice"), (V{"<invalid quotes>"}));
}

TEST(SshdLexer, ArgumentColumns) {
    ArgSplit s = split_args("alice  \"b c\"", 11);
    ASSERT_EQ(s.args.size(), 2u);
    EXPECT_EQ(s.args[0].column, 11);
    EXPECT_EQ(s.args[0].end_column, 16);
    EXPECT_EQ(s.args[1].column, 18);
    EXPECT_EQ(s.args[1].end_column, 23);
}

TEST(SshdLexer, LinesLoseLeadingBlanksAndNulGluesLines) {
    using namespace std::literals;
    auto table = split_lines("  \tPort 22\r\nPort 23\0junk\nPort 24\n"sv);
    const auto& lines = table->lines;
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0].text, "Port 22\r");
    EXPECT_EQ(lines[0].at(0).column, 4);
    // sshd copies a line only up to its first NUL, newline included: the next line is glued on.
    EXPECT_EQ(lines[1].text, "Port 23Port 24");
    EXPECT_EQ(lines[1].number, 2);
    EXPECT_EQ(lines[1].at(7).line, 3);
    EXPECT_EQ(lines[1].at(7).column, 1);
}

TEST(SshdLexer, TrailingStripKeepsFirstByte) {
    EXPECT_EQ(strip_trailing("Port 22 \t\r\f"), "Port 22");
    // A lone form feed survives (sshd then reports it as a keyword with no argument).
    EXPECT_EQ(strip_trailing("\f"), "\f");
}

}  // namespace
}  // namespace lifeline::sshd

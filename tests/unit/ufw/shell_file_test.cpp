// The sh subset of ufw.conf and /etc/default/ufw. Expected values follow dash 0.5.12 (Debian
// 12's /bin/sh), checked with `dash -c 'set -e; . FILE; echo …'`: quotes removed, `#` starts a
// comment only at a word's start, `export A=b` assigns, `A = b` runs `A` as a command
// ("A: not found", exit 127), an unterminated quote is a syntax error (exit 2).
#include "ufw/shell_file.hpp"

#include <gtest/gtest.h>

namespace lifeline::ufw {
namespace {

std::map<std::string, std::string> vars(std::string_view text, ShellFile* out = nullptr) {
    std::map<std::string, std::string> env;
    ShellFile f = parse_shell_file(text, env);
    if (out) *out = f;
    return env;
}

TEST(UfwShellFile, QuotesCommentsExportAndContinuation) {
    ShellFile f;
    auto env = vars(
        "# comment\n"
        "A=1 # trailing comment\n"
        "B=x#y\n"
        "export C=\"q r\" D=5\n"
        "E='DROP'\n"
        "F=a\\\nb\n"
        "G=\"a\\\"b\\$c\"\n"
        "H=$A-${E}\n"
        "I=; J=2\n",
        &f);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(env["A"], "1");
    EXPECT_EQ(env["B"], "x#y");
    EXPECT_EQ(env["C"], "q r");
    EXPECT_EQ(env["D"], "5");
    EXPECT_EQ(env["E"], "DROP");
    EXPECT_EQ(env["F"], "ab");
    EXPECT_EQ(env["G"], "a\"b$c");
    EXPECT_EQ(env["H"], "1-DROP");
    EXPECT_EQ(env["I"], "");
    EXPECT_EQ(env["J"], "2");
}

TEST(UfwShellFile, AssignmentPositions) {
    ShellFile f;
    vars("\n  DEFAULT_INPUT_POLICY=\"DROP\"\n", &f);
    ASSERT_EQ(f.assignments.size(), 1u);
    const ShellAssignment& a = f.assignments[0];
    EXPECT_EQ(a.name, "DEFAULT_INPUT_POLICY");
    EXPECT_EQ(a.value, "DROP");
    EXPECT_EQ(a.line, 2);
    EXPECT_EQ(a.column, 3);
    EXPECT_EQ(a.value_column, 24);
    EXPECT_EQ(a.text, "  DEFAULT_INPUT_POLICY=\"DROP\"");
}

TEST(UfwShellFile, BlanksAroundEqualsRunACommandAndStopSh) {
    ShellFile f;
    auto env = vars("A=1\nIPV6 = yes\nB=2\n", &f);
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].line, 2);
    EXPECT_EQ(f.errors[0].column, 1);
    EXPECT_EQ(f.errors[0].message,
              "`IPV6` is not a variable assignment: sh runs it as a command, which fails, and "
              "ufw-init (set -e) stops before the firewall starts");
    // sh stopped at line 2: B is never set.
    EXPECT_EQ(env.count("A"), 1u);
    EXPECT_EQ(env.count("B"), 0u);
}

TEST(UfwShellFile, HarmlessCommandsAndPrefixAssignments) {
    ShellFile f;
    // Assignments before the special built-in `:` stay; before `true` they do not.
    auto env = vars(": nothing\ntrue\nexport PATH\nX=1 :\nY=1 true\n", &f);
    EXPECT_TRUE(f.errors.empty());
    EXPECT_EQ(env["X"], "1");
    EXPECT_EQ(env.count("Y"), 0u);
}

TEST(UfwShellFile, UnterminatedQuoteIsASyntaxError) {
    ShellFile f;
    auto env = vars("A=1\nB=\"x\nC=2\n", &f);
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].line, 2);
    EXPECT_EQ(f.errors[0].column, 3);
    EXPECT_EQ(f.errors[0].message, "unterminated quote: sh stops with a syntax error");
    EXPECT_EQ(env.count("C"), 0u);
}

TEST(UfwShellFile, OperatorsMakeALineACommandWithoutStoppingSh) {
    ShellFile f;
    // dash: `A=1 | cat` runs in a pipeline (a subshell): A stays unset, sh goes on.
    auto env = vars("A=1 | cat\nB=2\n", &f);
    ASSERT_EQ(f.errors.size(), 1u);
    EXPECT_EQ(f.errors[0].column, 5);
    EXPECT_FALSE(f.errors[0].stops);
    EXPECT_EQ(env.count("A"), 0u);
    EXPECT_EQ(env["B"], "2");
}

TEST(UfwShellFile, SplitFieldsAndPrintfReuse) {
    EXPECT_EQ(split_fields(" ACCEPT \tDROP\n"), (std::vector<std::string>{"ACCEPT", "DROP"}));
    EXPECT_TRUE(split_fields("").empty());
    // printf reuses its format while arguments remain; missing ones print as empty strings
    // (checked with dash's printf).
    EXPECT_EQ(shell_printf("<%s|%s>", {"a", "b", "c"}), "<a|b><c|>");
    EXPECT_EQ(shell_printf("<%s|%s>", {}), "<|>");
    EXPECT_EQ(shell_printf("100%% %s", {"x"}), "100% x");
}

}  // namespace
}  // namespace lifeline::ufw

// `include` and `define` (config-semantics §3.3): search paths, globs, depth, scoping.
#include <gtest/gtest.h>

#include "nft_test_util.hpp"

namespace lifeline::nft::test {
namespace {

std::vector<std::string> included_files(const Document& doc) {
    std::vector<std::string> out;
    for (size_t i = 1; i < doc.files.size(); ++i) out.push_back(doc.files[i].host_path);
    return out;
}

TEST(NftInclude, AbsoluteRelativeAndSearchedPaths) {
    MemorySourceReader fs;
    fs.add("/etc/nftables.d/a.nft", "define A = 1\n");
    fs.add("/etc/vars.nft", "define B = 2\n");
    fs.add("/srv/x.nft", "define C = 3\n");
    Document doc = parse_string(
        "include \"/etc/nftables.d/a.nft\"\ninclude \"vars.nft\"\ninclude \"./x.nft\"\n",
        "/etc/nftables.conf", &fs, ParseOptions{{"/etc"}, "/srv"});
    EXPECT_TRUE(doc.errors.empty());
    EXPECT_EQ(included_files(doc),
              (std::vector<std::string>{"/etc/nftables.d/a.nft", "/etc/vars.nft", "/srv/x.nft"}));
}

TEST(NftInclude, RelativeNameIsNotRelativeToTheIncludingFile) {
    MemorySourceReader fs;
    fs.add("/srv/conf/nftinc/vars.nft", "define A = 1\n");
    auto errors =
        errors_of("include \"nftinc/vars.nft\"\n", &fs, ParseOptions{{"/etc"}, "/srv/conf"});
    EXPECT_EQ(errors, (std::vector<std::string>{"1:1: NFT001 File not found: nftinc/vars.nft"}));
}

TEST(NftInclude, AMissingIncludeAlsoDropsTheNextStatement) {
    // bison's recovery after the include's YYERROR swallows the next line: here the table
    // header, so the block's contents are read at the top level (same errors as nft 1.0.6).
    auto errors = errors_of(R"(include "./vars.nft"
table inet t {
	chain c {
		type filter hook input priority 0;
		tcp dport $P accept
	}
}
)");
    EXPECT_EQ(errors, (std::vector<std::string>{
                          "1:1: NFT001 File not found: ./vars.nft",
                          "3:10: NFT001 syntax error, unexpected '{', expecting string",
                          "4:3: NFT001 syntax error, unexpected type",
                          "5:3: NFT001 syntax error, unexpected tcp",
                          "6:2: NFT001 syntax error, unexpected '}'",
                          "7:1: NFT001 syntax error, unexpected '}'"}));
}

TEST(NftInclude, GlobsSortedDotFilesSkippedNoMatchIsFine) {
    MemorySourceReader fs;
    fs.add("/etc/nft.d/b.nft", "table inet b\n");
    fs.add("/etc/nft.d/a.nft", "table inet a\n");
    fs.add("/etc/nft.d/.hidden.nft", "table inet hidden\n");
    fs.add("/etc/nft.d/sub/c.nft", "table inet c\n");
    Document doc = parse_string("include \"/etc/nft.d/*\"\ninclude \"/etc/none/*.nft\"\n",
                                "/etc/nftables.conf", &fs);
    EXPECT_TRUE(doc.errors.empty());
    ASSERT_EQ(doc.commands.size(), 2u);
    EXPECT_EQ(doc.commands[0].table, "a");
    EXPECT_EQ(doc.commands[1].table, "b");
}

TEST(NftInclude, TokensOfAnIncludedFileContinueTheBlock) {
    MemorySourceReader fs;
    fs.add("/etc/rules.nft", "tcp dport 22 accept\nudp dport 53 accept\n");
    Document doc = parse_string(
        "table inet t {\n\tchain c {\n\t\tinclude \"/etc/rules.nft\"\n\t\tdrop\n\t}\n}\n",
        "/etc/nftables.conf", &fs);
    ASSERT_TRUE(doc.errors.empty());
    const auto& rules = doc.commands.at(0).table_body->chains.at(0).rules;
    ASSERT_EQ(rules.size(), 3u);
    EXPECT_EQ(doc.files[rules[0].loc.file].host_path, "/etc/rules.nft");
    EXPECT_EQ(rules[1].loc.line, 2);
    EXPECT_EQ(doc.files[rules[2].loc.file].host_path, "/etc/nftables.conf");
}

TEST(NftInclude, RecursionStopsAtSixteenLevels) {
    MemorySourceReader fs;
    fs.add("/etc/loop.nft", "include \"/etc/loop.nft\"\n");
    Document doc = parse_string("include \"/etc/loop.nft\"\n", "/etc/nftables.conf", &fs);
    ASSERT_EQ(doc.errors.size(), 1u);
    EXPECT_EQ(doc.errors[0].message, "Include nested too deeply, max 16 levels");
    EXPECT_EQ(doc.files.size(), 16u);  // the main file and 15 nested includes
}

TEST(NftDefine, RedefineUndefineAndScopes) {
    auto rules = rules_of(R"(define P = 22
redefine P = 2222
table inet t {
	define LOCAL = 80
	chain c {
		tcp dport $P accept
		tcp dport $LOCAL accept
	}
}
)",
                          "c");
    EXPECT_EQ(rules, (std::vector<std::string>{"l4proto=6 dport=2222 -> accept",
                                               "l4proto=6 dport=80 -> accept"}));
    // A define is visible in nested blocks only; undefine removes it.
    EXPECT_EQ(errors_of("table inet t {\n\tdefine X = 1\n}\ntable inet u {\n\tchain c {\n\t\t"
                        "tcp dport $X accept\n\t}\n}\n"),
              (std::vector<std::string>{"6:14: NFT001 unknown identifier 'X'"}));
    EXPECT_EQ(errors_of("define X = 1\nundefine X\ntable inet t {\n\tchain c {\n\t\t"
                        "tcp dport $X accept\n\t}\n}\n"),
              (std::vector<std::string>{"5:14: NFT001 unknown identifier 'X'"}));
    // Defining a name a parent block defines is a redefinition; as in nft, the error also
    // swallows the next statement (here the table's closing brace).
    EXPECT_EQ(errors_of("define X = 1\ntable inet t {\n\tdefine X = 2\n}\n"),
              (std::vector<std::string>{"3:9: NFT001 redefinition of symbol 'X'",
                                        "5:1: NFT001 syntax error, unexpected end of file"}));
}

TEST(NftDefine, SetsNestAndFlatten) {
    auto rules = rules_of(R"(define V4 = { 10.0.0.0/8, 192.168.0.0/16 }
define ALL = { $V4, 172.16.0.0/12 }
table ip t {
	chain c {
		ip saddr $ALL accept
	}
}
)",
                          "c");
    EXPECT_EQ(
        rules,
        (std::vector<std::string>{"saddr=10.0.0.0/8,192.168.0.0/16,172.16.0.0/12 -> accept"}));
}

TEST(NftDefine, UnknownVariableSuggestsAName) {
    Document doc = parse_string(
        "define ADMINS = 1\ntable inet t {\n\tchain c {\n\t\t"
        "tcp dport $ADMIN accept\n\t}\n}\n",
        "t.nft");
    ASSERT_EQ(doc.errors.size(), 1u);
    EXPECT_EQ(doc.errors[0].message, "unknown identifier 'ADMIN'");
    EXPECT_EQ(doc.errors[0].help, "did you mean 'ADMINS'?");
}

}  // namespace
}  // namespace lifeline::nft::test

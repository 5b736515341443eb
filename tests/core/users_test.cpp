#include <gtest/gtest.h>

#include "lifeline/source.hpp"
#include "lifeline/users.hpp"

namespace lifeline {
namespace {

TEST(UserDb, PrimaryThenSupplementaryGroups) {
    auto db = UserDb::parse(
        "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/bash\n"
        "broken line\n",
        "root:x:0:\nalice:x:1000:\nsudo:x:27:alice,bob\nadm:x:4:bob\n");
    ASSERT_NE(db.find_user("alice"), nullptr);
    EXPECT_EQ(db.find_user("alice")->home, "/home/alice");
    EXPECT_EQ(db.find_user("alice")->line, 2);
    EXPECT_EQ(db.groups_of("alice"), (std::vector<std::string>{"alice", "sudo"}));
    EXPECT_TRUE(db.groups_of("nobody").empty());
    EXPECT_EQ(db.users().size(), 2u);
}

TEST(UserDb, FirstEntryOfANameWins) {
    auto db = UserDb::parse("a:x:1:1::/one:/bin/sh\na:x:2:2::/two:/bin/sh\n", "");
    EXPECT_EQ(db.find_user("a")->uid, 1u);
}

TEST(SourceFile, LinesWithoutTerminatorsAndCrlf) {
    SourceFile f("p", "a\r\nb\n\nc");
    EXPECT_EQ(f.line_count(), 4);
    EXPECT_EQ(f.line(1), "a");
    EXPECT_EQ(f.line(3), "");
    EXPECT_EQ(f.line(4), "c");
    EXPECT_EQ(f.line(5), "");
    EXPECT_EQ(SourceFile("q", "").line_count(), 0);
}

}  // namespace
}  // namespace lifeline

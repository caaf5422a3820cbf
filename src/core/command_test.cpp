#include "core/command.h"

#include <gtest/gtest.h>

namespace warden::core {
namespace {

TEST(ParseCommand, AcceptsBothPrefixesAndOwnMention) {
  auto slash = parse_command("/ban @eve spam", "WardenBot");
  ASSERT_TRUE(slash);
  EXPECT_EQ(slash->name, "ban");
  EXPECT_EQ(slash->raw_args, "@eve spam");
  ASSERT_EQ(slash->args.size(), 2u);
  EXPECT_EQ(slash->args_offset_utf16, 5u);

  auto bang = parse_command("!Warn", "WardenBot");
  ASSERT_TRUE(bang);
  EXPECT_EQ(bang->name, "warn");
  EXPECT_TRUE(bang->args.empty());

  auto mine = parse_command("/ban@wardenbot 42", "WardenBot");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->args.front(), "42");
}

TEST(ParseCommand, IgnoresOtherBotsAndPlainText) {
  EXPECT_FALSE(parse_command("/ban@OtherBot 42", "WardenBot"));
  EXPECT_FALSE(parse_command("hello /ban", "WardenBot"));
  EXPECT_FALSE(parse_command("/", "WardenBot"));
  EXPECT_FALSE(parse_command("/ба", "WardenBot"));
  EXPECT_FALSE(parse_command("!!", "WardenBot"));
}

TEST(ParseCommand, MeasuresArgumentOffsetInUtf16) {
  auto call = parse_command("/warn\n\n😀 reason", "b");
  ASSERT_TRUE(call);
  EXPECT_EQ(call->args_offset_utf16, 7u);
  EXPECT_EQ(call->raw_args, "😀 reason");
}

TEST(SplitArguments, GroupsQuotedWords) {
  auto args = split_arguments(R"(one "two words" 'three \' four' "unterminated x)");
  ASSERT_EQ(args.size(), 4u);
  EXPECT_EQ(args[1], "two words");
  EXPECT_EQ(args[2], "three ' four");
  EXPECT_EQ(args[3], "unterminated x");
}

}  // namespace
}  // namespace warden::core

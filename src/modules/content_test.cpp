#include "modules/content.h"

#include <gtest/gtest.h>

#include "core/command.h"

namespace warden::modules {
namespace {

telegram::Message text_message(std::string text, std::vector<telegram::MessageEntity> entities) {
  telegram::Message message;
  message.text = std::move(text);
  message.entities = std::move(entities);
  return message;
}

telegram::MessageEntity entity(std::string type, std::int32_t offset, std::int32_t length) {
  telegram::MessageEntity result;
  result.type = std::move(type);
  result.offset = offset;
  result.length = length;
  return result;
}

TEST(OffsetAfterArguments, SkipsPlainAndQuotedArguments) {
  auto call = core::parse_command("/filter \"good day\" 🎉 *hi*", "bot");
  ASSERT_TRUE(call);
  // "/filter " is 8 units, "\"good day\" " 11 more.
  EXPECT_EQ(offset_after_arguments(*call, 0), 8u);
  EXPECT_EQ(offset_after_arguments(*call, 1), 19u);
  // The emoji is outside the BMP: two UTF-16 units, then a space.
  EXPECT_EQ(offset_after_arguments(*call, 2), 22u);
}

TEST(OffsetAfterArguments, StopsAtTheEnd) {
  auto call = core::parse_command("/save name", "bot");
  ASSERT_TRUE(call);
  EXPECT_EQ(offset_after_arguments(*call, 1), 10u);
  EXPECT_EQ(offset_after_arguments(*call, 5), 10u);
}

TEST(MarkdownFrom, KeepsEntitiesAfterTheOffset) {
  // "/save n 👋 bold\nnext": the bold entity starts after the emoji (UTF-16 offset 11).
  auto message = text_message("/save n 👋 bold\nnext", {entity("bold", 11, 4)});
  EXPECT_EQ(markdown_from(message, 8), "👋 *bold*\nnext");
}

TEST(MarkdownFrom, ClipsEntityThatStartsBeforeTheOffset) {
  auto message = text_message("/save name rest", {entity("italic", 6, 9)});
  EXPECT_EQ(markdown_from(message, 11), "_rest_");
}

TEST(ContentOf, KeepsUrlButtonsOfTheKeyboard) {
  auto message = text_message("Read this", {});
  message.inline_keyboard = {
      {telegram::InlineButton{"Site", "https://example.com"},
       telegram::InlineButton{"Press", std::nullopt},
       telegram::InlineButton{"Docs", "https://example.org"}},
      {telegram::InlineButton{"Next", "https://example.net"}}};
  const storage::StoredContent content = content_of(message);
  EXPECT_EQ(content.source,
            "Read this\n[Site](buttonurl://https://example.com)\n"
            "[Docs](buttonurl://https://example.org:same)\n"
            "[Next](buttonurl://https://example.net)");
}

TEST(ContentOf, TakesMediaWithCaption) {
  telegram::Message message;
  message.caption = "A photo";
  message.caption_entities = {entity("underline", 2, 5)};
  message.media_type = "photo";
  message.media_file_id = "AgACAgIAAxkBAAIB";
  const storage::StoredContent content = content_of(message);
  EXPECT_EQ(content.source, "A __photo__");
  EXPECT_EQ(content.media_type, "photo");
  EXPECT_EQ(content.file_id, "AgACAgIAAxkBAAIB");
}

TEST(ParseToggle, AcceptsTheUsualWords) {
  EXPECT_EQ(parse_toggle("ON"), true);
  EXPECT_EQ(parse_toggle("yes"), true);
  EXPECT_EQ(parse_toggle("False"), false);
  EXPECT_EQ(parse_toggle("no"), false);
  EXPECT_EQ(parse_toggle("maybe"), std::nullopt);
}

}  // namespace
}  // namespace warden::modules

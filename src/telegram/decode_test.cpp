#include "telegram/decode.h"

#include <gtest/gtest.h>

namespace warden::telegram {
namespace {

Update decode(std::string_view json) {
  simdjson::dom::parser parser;
  auto update = decode_update_json(parser, json);
  EXPECT_TRUE(update.has_value()) << (update ? "" : update.error().message);
  return update ? std::move(*update) : Update{};
}

TEST(DecodeUpdate, KeepsSixtyFourBitIds) {
  auto update = decode(R"({"update_id":845120322,"message":{"message_id":5,
    "from":{"id":7345678901,"is_bot":false,"first_name":"Olena"},
    "chat":{"id":-1002345678901,"type":"supergroup","title":"G"},"date":1783000820,"text":"hi"}})");
  ASSERT_TRUE(update.message);
  EXPECT_EQ(update.update_id, 845120322);
  EXPECT_EQ(update.message->from->id, 7345678901);
  EXPECT_EQ(update.message->chat.id, -1002345678901);
  EXPECT_EQ(update.chat_id, -1002345678901);
  EXPECT_EQ(update.message->chat.type, ChatType::kSupergroup);
}

TEST(DecodeUpdate, IgnoresUnknownFieldsAndKinds) {
  auto update = decode(R"({"update_id":1,"future_kind":{"x":1},"message":{"message_id":1,
    "brand_new_field":[1,2,{"a":null}],"chat":{"id":5,"type":"private","new":true},"date":1}})");
  EXPECT_EQ(update.kind, UpdateKind::kMessage);
  auto other = decode(R"({"update_id":2,"business_message":{"x":1}})");
  EXPECT_EQ(other.kind, UpdateKind::kOther);
}

TEST(DecodeUpdate, ReadsInlineKeyboard) {
  auto update = decode(R"({"update_id":4,"message":{"message_id":9,"date":1,
    "chat":{"id":-1002345678901,"type":"supergroup","title":"G"},"text":"note",
    "reply_markup":{"inline_keyboard":[[{"text":"Site","url":"https://example.com"},
      {"text":"Press","callback_data":"x"}],[{"text":"Docs","url":"tg://resolve?domain=a"}]]}}})");
  const auto& keyboard = update.message->inline_keyboard;
  ASSERT_EQ(keyboard.size(), 2u);
  ASSERT_EQ(keyboard[0].size(), 2u);
  EXPECT_EQ(keyboard[0][0].text, "Site");
  EXPECT_EQ(keyboard[0][0].url, "https://example.com");
  EXPECT_FALSE(keyboard[0][1].url);
  EXPECT_EQ(keyboard[1][0].url, "tg://resolve?domain=a");
}

TEST(DecodeUpdate, ReadsAnonymousAdminSenderChat) {
  auto update = decode(R"({"update_id":3,"message":{"message_id":882,
    "from":{"id":1087968824,"is_bot":true,"first_name":"Group","username":"GroupAnonymousBot"},
    "sender_chat":{"id":-1002345678901,"title":"G","type":"supergroup"},
    "chat":{"id":-1002345678901,"title":"G","type":"supergroup"},"date":1,"text":"/ban"}})");
  ASSERT_TRUE(update.message->sender_chat);
  EXPECT_EQ(update.message->sender_chat->id, -1002345678901);
  EXPECT_EQ(update.message->from->id, kGroupAnonymousBotId);
}

TEST(DecodeUpdate, ReadsReplyEntitiesAndCaption) {
  auto update = decode(R"({"update_id":4,"message":{"message_id":9,"chat":{"id":-1,"type":"group"},
    "date":1,"caption":"/warn spam","caption_entities":[{"type":"bot_command","offset":0,"length":5}],
    "photo":[{"file_id":"small","file_unique_id":"a","width":90,"height":90},
             {"file_id":"big","file_unique_id":"b","width":800,"height":600}],
    "reply_to_message":{"message_id":8,"from":{"id":42,"is_bot":false,"first_name":"E"},
      "chat":{"id":-1,"type":"group"},"date":1,"text":"x"}}})");
  const Message& message = *update.message;
  ASSERT_NE(message.text_or_caption(), nullptr);
  EXPECT_EQ(*message.text_or_caption(), "/warn spam");
  ASSERT_EQ(message.text_or_caption_entities().size(), 1u);
  EXPECT_EQ(message.text_or_caption_entities()[0].length, 5);
  EXPECT_EQ(message.media_type, "photo");
  EXPECT_EQ(message.media_file_id, "big");
  ASSERT_TRUE(message.reply_to_message);
  EXPECT_EQ(message.reply_to_message->from->id, 42);
}

TEST(DecodeUpdate, ReadsChatMemberUpdate) {
  auto update = decode(R"({"update_id":5,"chat_member":{"chat":{"id":-100,"type":"supergroup"},
    "from":{"id":1,"is_bot":false,"first_name":"D"},"date":2,
    "old_chat_member":{"user":{"id":7,"is_bot":false,"first_name":"O"},"status":"member"},
    "new_chat_member":{"user":{"id":7,"is_bot":false,"first_name":"O"},"status":"administrator",
      "can_restrict_members":true,"can_promote_members":false,"custom_title":"Mod"}}})");
  ASSERT_TRUE(update.member_update);
  EXPECT_EQ(update.kind, UpdateKind::kChatMember);
  EXPECT_EQ(update.member_update->new_chat_member.status, MemberStatus::kAdministrator);
  EXPECT_TRUE(update.member_update->new_chat_member.can_restrict_members);
  EXPECT_FALSE(update.member_update->new_chat_member.can_promote_members);
  EXPECT_EQ(update.member_update->new_chat_member.custom_title, "Mod");
}

TEST(DecodeUpdate, OwnerHasEveryRight) {
  simdjson::dom::parser parser;
  auto root = parser.parse(std::string_view(
      R"({"status":"creator","user":{"id":1,"is_bot":false,"first_name":"O"},"is_anonymous":false})"));
  auto member = decode_chat_member(root);
  ASSERT_TRUE(member);
  EXPECT_TRUE(member->can_restrict_members);
  EXPECT_TRUE(member->can_promote_members);
}

TEST(DecodeUpdate, InaccessibleCallbackMessage) {
  auto update = decode(R"({"update_id":6,"callback_query":{"id":"q","from":{"id":3,"is_bot":false,
    "first_name":"U"},"message":{"chat":{"id":-100,"type":"supergroup"},"message_id":77,"date":0},
    "chat_instance":"c","data":"x"}})");
  ASSERT_TRUE(update.callback_query);
  EXPECT_FALSE(update.callback_query->message);
  EXPECT_EQ(update.callback_query->inaccessible_message_id, 77);
  EXPECT_EQ(update.chat_id, -100);
}

TEST(DecodeUpdate, RejectsMissingUpdateId) {
  simdjson::dom::parser parser;
  auto update = decode_update_json(
      parser, R"({"message":{"message_id":1,"chat":{"id":1,"type":"private"},"date":1}})");
  ASSERT_FALSE(update);
  EXPECT_NE(update.error().message.find("update_id"), std::string::npos);
}

TEST(DecodeUpdate, RejectsMalformedJson) {
  simdjson::dom::parser parser;
  EXPECT_FALSE(decode_update_json(parser, R"({"update_id":1,"message":)"));
  EXPECT_FALSE(decode_update_json(parser, "[]"));
}

}  // namespace
}  // namespace warden::telegram

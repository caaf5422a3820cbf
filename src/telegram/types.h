#pragma once

// The subset of Bot API types that Warden reads. Field names follow the Bot API; ids are 64-bit
// because Telegram user and chat ids exceed 32 bits. Fields Telegram may omit are optional.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace warden::telegram {

// Placeholder accounts Telegram puts in `from` when the real sender is hidden.
inline constexpr std::int64_t kGroupAnonymousBotId = 1087968824;
inline constexpr std::int64_t kChannelBotId = 136817688;
inline constexpr std::int64_t kTelegramServiceId = 777000;

struct User {
  std::int64_t id = 0;
  bool is_bot = false;
  std::string first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> username;
  std::optional<std::string> language_code;
};

enum class ChatType { kPrivate, kGroup, kSupergroup, kChannel, kUnknown };

struct Chat {
  std::int64_t id = 0;
  ChatType type = ChatType::kUnknown;
  std::optional<std::string> title;
  std::optional<std::string> username;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  bool is_forum = false;
};

struct MessageEntity {
  std::string type;
  std::int32_t offset = 0;  // UTF-16 code units
  std::int32_t length = 0;  // UTF-16 code units
  std::optional<std::string> url;
  std::optional<User> user;
  std::optional<std::string> language;
  std::optional<std::string> custom_emoji_id;
};

struct ChatPermissions {
  std::optional<bool> can_send_messages;
  std::optional<bool> can_send_audios;
  std::optional<bool> can_send_documents;
  std::optional<bool> can_send_photos;
  std::optional<bool> can_send_videos;
  std::optional<bool> can_send_video_notes;
  std::optional<bool> can_send_voice_notes;
  std::optional<bool> can_send_polls;
  std::optional<bool> can_send_other_messages;
  std::optional<bool> can_add_web_page_previews;
  std::optional<bool> can_change_info;
  std::optional<bool> can_invite_users;
  std::optional<bool> can_pin_messages;
  std::optional<bool> can_manage_topics;
};

enum class MemberStatus { kCreator, kAdministrator, kMember, kRestricted, kLeft, kKicked };

// The Bot API ChatMember variants flattened into one struct; `status` selects the fields that apply.
struct ChatMember {
  MemberStatus status = MemberStatus::kLeft;
  User user;
  bool is_anonymous = false;
  std::optional<std::string> custom_title;
  bool can_be_edited = false;
  bool can_manage_chat = false;
  bool can_delete_messages = false;
  bool can_manage_video_chats = false;
  bool can_restrict_members = false;
  bool can_promote_members = false;
  bool can_change_info = false;
  bool can_invite_users = false;
  bool can_post_messages = false;
  bool can_edit_messages = false;
  bool can_pin_messages = false;
  bool can_manage_topics = false;
  bool can_post_stories = false;
  bool can_edit_stories = false;
  bool can_delete_stories = false;
  bool is_member = false;  // restricted members only
  bool can_send_messages = true;
  std::int64_t until_date = 0;  // unix seconds, 0 = forever

  bool is_admin() const {
    return status == MemberStatus::kCreator || status == MemberStatus::kAdministrator;
  }
  // True for members who are in the chat, including restricted members still in it.
  bool is_present() const {
    return status == MemberStatus::kCreator || status == MemberStatus::kAdministrator ||
           status == MemberStatus::kMember || (status == MemberStatus::kRestricted && is_member);
  }
};

struct ForwardOrigin {
  std::string type;  // user, hidden_user, chat, channel
  std::optional<User> sender_user;
  std::optional<Chat> chat;  // sender_chat for "chat", chat for "channel"
};

// A button of a message's inline keyboard; url is set for URL buttons only.
struct InlineButton {
  std::string text;
  std::optional<std::string> url;
};

struct Message {
  std::int64_t message_id = 0;
  std::optional<std::int64_t> message_thread_id;
  std::optional<User> from;
  std::optional<Chat> sender_chat;
  std::int64_t date = 0;
  Chat chat;
  std::unique_ptr<Message> reply_to_message;
  std::optional<ForwardOrigin> forward_origin;
  bool is_automatic_forward = false;
  bool is_topic_message = false;
  std::optional<std::string> author_signature;
  std::optional<std::string> text;
  std::vector<MessageEntity> entities;
  std::optional<std::string> caption;
  std::vector<MessageEntity> caption_entities;
  // The kind of media the message carries ("photo", "sticker", ...) and its file_id; for photos
  // the largest size.
  std::optional<std::string> media_type;
  std::optional<std::string> media_file_id;
  // The inline keyboard under the message, row by row.
  std::vector<std::vector<InlineButton>> inline_keyboard;
  std::vector<User> new_chat_members;
  std::optional<User> left_chat_member;
  std::optional<std::int64_t> migrate_to_chat_id;
  std::optional<std::int64_t> migrate_from_chat_id;
  bool group_chat_created = false;
  bool supergroup_chat_created = false;

  // Text or caption, whichever the message has; commands in captions count.
  const std::string* text_or_caption() const {
    if (text) return &*text;
    if (caption) return &*caption;
    return nullptr;
  }
  const std::vector<MessageEntity>& text_or_caption_entities() const {
    return text ? entities : caption_entities;
  }
};

struct CallbackQuery {
  std::string id;
  User from;
  // The message with the button; absent when Telegram no longer gives access to it, in which
  // case only the chat and message id are known.
  std::unique_ptr<Message> message;
  std::optional<Chat> inaccessible_chat;
  std::int64_t inaccessible_message_id = 0;
  std::string chat_instance;
  std::optional<std::string> data;
};

struct ChatMemberUpdated {
  Chat chat;
  User from;
  std::int64_t date = 0;
  ChatMember old_chat_member;
  ChatMember new_chat_member;
  bool via_join_request = false;
  bool via_chat_folder_invite_link = false;
};

struct ChatJoinRequest {
  Chat chat;
  User from;
  std::int64_t user_chat_id = 0;
  std::int64_t date = 0;
  std::optional<std::string> bio;
};

enum class UpdateKind {
  kMessage,
  kEditedMessage,
  kChannelPost,
  kEditedChannelPost,
  kCallbackQuery,
  kMyChatMember,
  kChatMember,
  kChatJoinRequest,
  kMessageReaction,
  kOther,
};

struct Update {
  std::int64_t update_id = 0;
  UpdateKind kind = UpdateKind::kOther;
  std::unique_ptr<Message> message;  // message, edited_message, channel_post, edited_channel_post
  std::unique_ptr<CallbackQuery> callback_query;
  std::unique_ptr<ChatMemberUpdated> member_update;  // my_chat_member or chat_member
  std::unique_ptr<ChatJoinRequest> join_request;
  // The chat the update belongs to, for per-chat ordering; 0 when it has none.
  std::int64_t chat_id = 0;
};

struct ChatFullInfo {
  Chat chat;
  std::optional<std::string> invite_link;
  std::optional<ChatPermissions> permissions;
  std::optional<std::int64_t> linked_chat_id;
};

const char* to_string(UpdateKind kind);
const char* to_string(MemberStatus status);

}  // namespace warden::telegram

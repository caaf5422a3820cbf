#include "telegram/decode.h"

#include <fmt/format.h>

namespace warden::telegram {
namespace {

using simdjson::dom::object;

Error field_error(std::string_view type, std::string_view field) {
  return Error{fmt::format("invalid {}: field '{}' is missing or has the wrong type", type, field)};
}

std::optional<std::string> optional_string(JsonValue value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return std::string(text);
}

std::int64_t as_int64(JsonValue value) {
  std::int64_t number = 0;
  if (value.get_int64().get(number) == simdjson::SUCCESS) return number;
  double real = 0;
  if (value.get_double().get(real) == simdjson::SUCCESS) return static_cast<std::int64_t>(real);
  return 0;
}

bool as_bool(JsonValue value) {
  bool flag = false;
  return value.get_bool().get(flag) == simdjson::SUCCESS && flag;
}

std::vector<MessageEntity> decode_entities(JsonValue value) {
  std::vector<MessageEntity> entities;
  simdjson::dom::array array;
  if (value.get_array().get(array) != simdjson::SUCCESS) return entities;
  entities.reserve(array.size());
  for (element raw_item : array) {
    JsonValue item{element(raw_item)};
    object fields;
    if (item.get_object().get(fields) != simdjson::SUCCESS) continue;
    MessageEntity entity;
    for (auto pair : fields) {
      std::string_view key = pair.key;
      JsonValue field{element(pair.value)};
      if (key == "type") {
        entity.type = optional_string(field).value_or("");
      } else if (key == "offset") {
        entity.offset = static_cast<std::int32_t>(as_int64(field));
      } else if (key == "length") {
        entity.length = static_cast<std::int32_t>(as_int64(field));
      } else if (key == "url") {
        entity.url = optional_string(field);
      } else if (key == "user") {
        if (auto user = decode_user(field)) entity.user = std::move(*user);
      } else if (key == "language") {
        entity.language = optional_string(field);
      } else if (key == "custom_emoji_id") {
        entity.custom_emoji_id = optional_string(field);
      }
    }
    entities.push_back(std::move(entity));
  }
  return entities;
}

// Returns the file_id of the largest PhotoSize in a photo array.
std::optional<std::string> largest_photo(JsonValue value) {
  simdjson::dom::array sizes;
  if (value.get_array().get(sizes) != simdjson::SUCCESS || sizes.size() == 0) return std::nullopt;
  std::optional<std::string> best;
  std::int64_t best_area = -1;
  for (element raw_size : sizes) {
    JsonValue size{element(raw_size)};
    std::int64_t area = as_int64(size["width"]) * as_int64(size["height"]);
    if (area >= best_area) {
      best_area = area;
      best = optional_string(size["file_id"]);
    }
  }
  return best;
}

ForwardOrigin decode_forward_origin(JsonValue value) {
  ForwardOrigin origin;
  origin.type = optional_string(value["type"]).value_or("");
  if (auto user = decode_user(value["sender_user"])) origin.sender_user = std::move(*user);
  if (auto chat = decode_chat(value["sender_chat"])) origin.chat = std::move(*chat);
  if (auto chat = decode_chat(value["chat"])) origin.chat = std::move(*chat);
  return origin;
}

constexpr std::string_view kMediaFields[] = {"sticker", "document",  "audio",     "voice",
                                             "video",   "animation", "video_note"};

}  // namespace

ChatType parse_chat_type(std::string_view type) {
  if (type == "private") return ChatType::kPrivate;
  if (type == "group") return ChatType::kGroup;
  if (type == "supergroup") return ChatType::kSupergroup;
  if (type == "channel") return ChatType::kChannel;
  return ChatType::kUnknown;
}

MemberStatus parse_member_status(std::string_view status) {
  if (status == "creator") return MemberStatus::kCreator;
  if (status == "administrator") return MemberStatus::kAdministrator;
  if (status == "member") return MemberStatus::kMember;
  if (status == "restricted") return MemberStatus::kRestricted;
  if (status == "kicked") return MemberStatus::kKicked;
  return MemberStatus::kLeft;
}

Result<User> decode_user(JsonValue value) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS)
    return tl::unexpected(field_error("User", "user"));
  User user;
  bool has_id = false;
  for (auto pair : fields) {
    std::string_view key = pair.key;
    JsonValue field{element(pair.value)};
    if (key == "id") {
      user.id = as_int64(field);
      has_id = true;
    } else if (key == "is_bot") {
      user.is_bot = as_bool(field);
    } else if (key == "first_name") {
      user.first_name = optional_string(field).value_or("");
    } else if (key == "last_name") {
      user.last_name = optional_string(field);
    } else if (key == "username") {
      user.username = optional_string(field);
    } else if (key == "language_code") {
      user.language_code = optional_string(field);
    }
  }
  if (!has_id) return tl::unexpected(field_error("User", "id"));
  return user;
}

Result<Chat> decode_chat(JsonValue value) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS)
    return tl::unexpected(field_error("Chat", "chat"));
  Chat chat;
  bool has_id = false;
  for (auto pair : fields) {
    std::string_view key = pair.key;
    JsonValue field{element(pair.value)};
    if (key == "id") {
      chat.id = as_int64(field);
      has_id = true;
    } else if (key == "type") {
      chat.type = parse_chat_type(optional_string(field).value_or(""));
    } else if (key == "title") {
      chat.title = optional_string(field);
    } else if (key == "username") {
      chat.username = optional_string(field);
    } else if (key == "first_name") {
      chat.first_name = optional_string(field);
    } else if (key == "last_name") {
      chat.last_name = optional_string(field);
    } else if (key == "is_forum") {
      chat.is_forum = as_bool(field);
    }
  }
  if (!has_id) return tl::unexpected(field_error("Chat", "id"));
  return chat;
}

std::vector<std::vector<InlineButton>> decode_inline_keyboard(JsonValue markup) {
  std::vector<std::vector<InlineButton>> keyboard;
  simdjson::dom::array rows;
  if (markup["inline_keyboard"].get_array().get(rows) != simdjson::SUCCESS) return keyboard;
  for (element row : rows) {
    simdjson::dom::array buttons;
    if (row.get_array().get(buttons) != simdjson::SUCCESS) continue;
    std::vector<InlineButton> decoded;
    for (element button : buttons) {
      JsonValue fields{element(button)};
      InlineButton inline_button;
      inline_button.text = optional_string(fields["text"]).value_or("");
      inline_button.url = optional_string(fields["url"]);
      decoded.push_back(std::move(inline_button));
    }
    keyboard.push_back(std::move(decoded));
  }
  return keyboard;
}

Result<Message> decode_message(JsonValue value) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) {
    return tl::unexpected(field_error("Message", "message"));
  }
  Message message;
  bool has_chat = false;
  for (auto pair : fields) {
    std::string_view key = pair.key;
    JsonValue field{element(pair.value)};
    if (key == "message_id") {
      message.message_id = as_int64(field);
    } else if (key == "message_thread_id") {
      message.message_thread_id = as_int64(field);
    } else if (key == "from") {
      if (auto user = decode_user(field)) message.from = std::move(*user);
    } else if (key == "sender_chat") {
      if (auto chat = decode_chat(field)) message.sender_chat = std::move(*chat);
    } else if (key == "date") {
      message.date = as_int64(field);
    } else if (key == "chat") {
      auto chat = decode_chat(field);
      if (!chat) return tl::unexpected(chat.error());
      message.chat = std::move(*chat);
      has_chat = true;
    } else if (key == "reply_to_message") {
      if (auto reply = decode_message(field)) {
        message.reply_to_message = std::make_unique<Message>(std::move(*reply));
      }
    } else if (key == "forward_origin") {
      message.forward_origin = decode_forward_origin(field);
    } else if (key == "is_automatic_forward") {
      message.is_automatic_forward = as_bool(field);
    } else if (key == "is_topic_message") {
      message.is_topic_message = as_bool(field);
    } else if (key == "author_signature") {
      message.author_signature = optional_string(field);
    } else if (key == "text") {
      message.text = optional_string(field);
    } else if (key == "entities") {
      message.entities = decode_entities(field);
    } else if (key == "caption") {
      message.caption = optional_string(field);
    } else if (key == "caption_entities") {
      message.caption_entities = decode_entities(field);
    } else if (key == "photo") {
      message.media_type = "photo";
      message.media_file_id = largest_photo(field);
    } else if (key == "reply_markup") {
      message.inline_keyboard = decode_inline_keyboard(field);
    } else if (key == "new_chat_members") {
      simdjson::dom::array members;
      if (field.get_array().get(members) == simdjson::SUCCESS) {
        for (element member : members) {
          if (auto user = decode_user(JsonValue{element(member)}))
            message.new_chat_members.push_back(std::move(*user));
        }
      }
    } else if (key == "left_chat_member") {
      if (auto user = decode_user(field)) message.left_chat_member = std::move(*user);
    } else if (key == "migrate_to_chat_id") {
      message.migrate_to_chat_id = as_int64(field);
    } else if (key == "migrate_from_chat_id") {
      message.migrate_from_chat_id = as_int64(field);
    } else if (key == "group_chat_created") {
      message.group_chat_created = as_bool(field);
    } else if (key == "supergroup_chat_created") {
      message.supergroup_chat_created = as_bool(field);
    } else {
      for (std::string_view media : kMediaFields) {
        // An animation message also carries "document"; the animation wins.
        if (key == media && (!message.media_type || media == "animation")) {
          message.media_type = std::string(media);
          message.media_file_id = optional_string(field["file_id"]);
        }
      }
    }
  }
  if (!has_chat) return tl::unexpected(field_error("Message", "chat"));
  return message;
}

Result<ChatMember> decode_chat_member(JsonValue value) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) {
    return tl::unexpected(field_error("ChatMember", "chat_member"));
  }
  ChatMember member;
  bool has_user = false;
  bool saw_can_send_messages = false;
  for (auto pair : fields) {
    std::string_view key = pair.key;
    JsonValue field{element(pair.value)};
    if (key == "status") {
      member.status = parse_member_status(optional_string(field).value_or(""));
    } else if (key == "user") {
      auto user = decode_user(field);
      if (!user) return tl::unexpected(user.error());
      member.user = std::move(*user);
      has_user = true;
    } else if (key == "is_anonymous") {
      member.is_anonymous = as_bool(field);
    } else if (key == "custom_title") {
      member.custom_title = optional_string(field);
    } else if (key == "until_date") {
      member.until_date = as_int64(field);
    } else if (key == "is_member") {
      member.is_member = as_bool(field);
    } else if (key == "can_send_messages") {
      member.can_send_messages = as_bool(field);
      saw_can_send_messages = true;
    } else if (key == "can_be_edited") {
      member.can_be_edited = as_bool(field);
    } else if (key == "can_manage_chat") {
      member.can_manage_chat = as_bool(field);
    } else if (key == "can_delete_messages") {
      member.can_delete_messages = as_bool(field);
    } else if (key == "can_manage_video_chats") {
      member.can_manage_video_chats = as_bool(field);
    } else if (key == "can_restrict_members") {
      member.can_restrict_members = as_bool(field);
    } else if (key == "can_promote_members") {
      member.can_promote_members = as_bool(field);
    } else if (key == "can_change_info") {
      member.can_change_info = as_bool(field);
    } else if (key == "can_invite_users") {
      member.can_invite_users = as_bool(field);
    } else if (key == "can_post_messages") {
      member.can_post_messages = as_bool(field);
    } else if (key == "can_edit_messages") {
      member.can_edit_messages = as_bool(field);
    } else if (key == "can_pin_messages") {
      member.can_pin_messages = as_bool(field);
    } else if (key == "can_manage_topics") {
      member.can_manage_topics = as_bool(field);
    } else if (key == "can_post_stories") {
      member.can_post_stories = as_bool(field);
    } else if (key == "can_edit_stories") {
      member.can_edit_stories = as_bool(field);
    } else if (key == "can_delete_stories") {
      member.can_delete_stories = as_bool(field);
    }
  }
  if (!has_user) return tl::unexpected(field_error("ChatMember", "user"));
  if (!saw_can_send_messages) member.can_send_messages = member.status != MemberStatus::kKicked;
  if (member.status == MemberStatus::kCreator) {
    // The owner has every right; Telegram omits the flags for ChatMemberOwner.
    member.can_manage_chat = member.can_delete_messages = member.can_manage_video_chats = true;
    member.can_restrict_members = member.can_promote_members = member.can_change_info = true;
    member.can_invite_users = member.can_pin_messages = member.can_manage_topics = true;
    member.can_post_messages = member.can_edit_messages = true;
  }
  return member;
}

Result<ChatFullInfo> decode_chat_full_info(JsonValue value) {
  auto chat = decode_chat(value);
  if (!chat) return tl::unexpected(chat.error());
  ChatFullInfo info;
  info.chat = std::move(*chat);
  info.invite_link = optional_string(value["invite_link"]);
  std::int64_t linked = 0;
  if (value["linked_chat_id"].get_int64().get(linked) == simdjson::SUCCESS)
    info.linked_chat_id = linked;
  object permissions;
  if (value["permissions"].get_object().get(permissions) == simdjson::SUCCESS) {
    ChatPermissions result;
    auto read = [&](const char* name, std::optional<bool>& out) {
      bool flag = false;
      if (permissions[name].get_bool().get(flag) == simdjson::SUCCESS) out = flag;
    };
    read("can_send_messages", result.can_send_messages);
    read("can_send_audios", result.can_send_audios);
    read("can_send_documents", result.can_send_documents);
    read("can_send_photos", result.can_send_photos);
    read("can_send_videos", result.can_send_videos);
    read("can_send_video_notes", result.can_send_video_notes);
    read("can_send_voice_notes", result.can_send_voice_notes);
    read("can_send_polls", result.can_send_polls);
    read("can_send_other_messages", result.can_send_other_messages);
    read("can_add_web_page_previews", result.can_add_web_page_previews);
    read("can_change_info", result.can_change_info);
    read("can_invite_users", result.can_invite_users);
    read("can_pin_messages", result.can_pin_messages);
    read("can_manage_topics", result.can_manage_topics);
    info.permissions = result;
  }
  return info;
}

namespace {

Result<ChatMemberUpdated> decode_member_updated(JsonValue value) {
  auto chat = decode_chat(value["chat"]);
  if (!chat) return tl::unexpected(chat.error());
  auto from = decode_user(value["from"]);
  if (!from) return tl::unexpected(from.error());
  auto old_member = decode_chat_member(value["old_chat_member"]);
  if (!old_member) return tl::unexpected(old_member.error());
  auto new_member = decode_chat_member(value["new_chat_member"]);
  if (!new_member) return tl::unexpected(new_member.error());
  ChatMemberUpdated updated;
  updated.chat = std::move(*chat);
  updated.from = std::move(*from);
  updated.date = as_int64(value["date"]);
  updated.old_chat_member = std::move(*old_member);
  updated.new_chat_member = std::move(*new_member);
  updated.via_join_request = as_bool(value["via_join_request"]);
  updated.via_chat_folder_invite_link = as_bool(value["via_chat_folder_invite_link"]);
  return updated;
}

Result<CallbackQuery> decode_callback_query(JsonValue value) {
  CallbackQuery query;
  query.id = optional_string(value["id"]).value_or("");
  auto from = decode_user(value["from"]);
  if (!from) return tl::unexpected(from.error());
  query.from = std::move(*from);
  query.chat_instance = optional_string(value["chat_instance"]).value_or("");
  query.data = optional_string(value["data"]);
  element message;
  if (value["message"].get(message) == simdjson::SUCCESS) {
    // An InaccessibleMessage has date 0 and only chat and message_id.
    if (as_int64(message["date"]) == 0) {
      if (auto chat = decode_chat(message["chat"])) query.inaccessible_chat = std::move(*chat);
      query.inaccessible_message_id = as_int64(message["message_id"]);
    } else if (auto decoded = decode_message(JsonValue{element(message)})) {
      query.message = std::make_unique<Message>(std::move(*decoded));
    }
  }
  return query;
}

Result<ChatJoinRequest> decode_join_request(JsonValue value) {
  ChatJoinRequest request;
  auto chat = decode_chat(value["chat"]);
  if (!chat) return tl::unexpected(chat.error());
  auto from = decode_user(value["from"]);
  if (!from) return tl::unexpected(from.error());
  request.chat = std::move(*chat);
  request.from = std::move(*from);
  request.user_chat_id = as_int64(value["user_chat_id"]);
  request.date = as_int64(value["date"]);
  request.bio = optional_string(value["bio"]);
  return request;
}

}  // namespace

Result<Update> decode_update(JsonValue value) {
  object fields;
  if (value.get_object().get(fields) != simdjson::SUCCESS) {
    return tl::unexpected(field_error("Update", "update"));
  }
  Update update;
  bool has_id = false;
  for (auto pair : fields) {
    std::string_view key = pair.key;
    JsonValue field{element(pair.value)};
    if (key == "update_id") {
      update.update_id = as_int64(field);
      has_id = true;
      continue;
    }
    UpdateKind kind = UpdateKind::kOther;
    if (key == "message")
      kind = UpdateKind::kMessage;
    else if (key == "edited_message")
      kind = UpdateKind::kEditedMessage;
    else if (key == "channel_post")
      kind = UpdateKind::kChannelPost;
    else if (key == "edited_channel_post")
      kind = UpdateKind::kEditedChannelPost;
    else if (key == "callback_query")
      kind = UpdateKind::kCallbackQuery;
    else if (key == "my_chat_member")
      kind = UpdateKind::kMyChatMember;
    else if (key == "chat_member")
      kind = UpdateKind::kChatMember;
    else if (key == "chat_join_request")
      kind = UpdateKind::kChatJoinRequest;
    else if (key == "message_reaction")
      kind = UpdateKind::kMessageReaction;
    else
      continue;
    update.kind = kind;
    switch (kind) {
      case UpdateKind::kMessage:
      case UpdateKind::kEditedMessage:
      case UpdateKind::kChannelPost:
      case UpdateKind::kEditedChannelPost: {
        auto message = decode_message(field);
        if (!message) return tl::unexpected(message.error());
        update.chat_id = message->chat.id;
        update.message = std::make_unique<Message>(std::move(*message));
        break;
      }
      case UpdateKind::kCallbackQuery: {
        auto query = decode_callback_query(field);
        if (!query) return tl::unexpected(query.error());
        if (query->message)
          update.chat_id = query->message->chat.id;
        else if (query->inaccessible_chat)
          update.chat_id = query->inaccessible_chat->id;
        else
          update.chat_id = query->from.id;
        update.callback_query = std::make_unique<CallbackQuery>(std::move(*query));
        break;
      }
      case UpdateKind::kMyChatMember:
      case UpdateKind::kChatMember: {
        auto member = decode_member_updated(field);
        if (!member) return tl::unexpected(member.error());
        update.chat_id = member->chat.id;
        update.member_update = std::make_unique<ChatMemberUpdated>(std::move(*member));
        break;
      }
      case UpdateKind::kChatJoinRequest: {
        auto request = decode_join_request(field);
        if (!request) return tl::unexpected(request.error());
        update.chat_id = request->chat.id;
        update.join_request = std::make_unique<ChatJoinRequest>(std::move(*request));
        break;
      }
      case UpdateKind::kMessageReaction: {
        std::int64_t chat_id = 0;
        if (field["chat"]["id"].get_int64().get(chat_id) == simdjson::SUCCESS)
          update.chat_id = chat_id;
        break;
      }
      case UpdateKind::kOther:
        break;
    }
  }
  if (!has_id) return tl::unexpected(field_error("Update", "update_id"));
  return update;
}

Result<Update> decode_update_json(simdjson::dom::parser& parser, std::string_view json) {
  element root;
  auto error = parser.parse(json.data(), json.size()).get(root);
  if (error)
    return make_error(fmt::format("invalid update JSON: {}", simdjson::error_message(error)));
  return decode_update(JsonValue{element(root)});
}

const char* to_string(UpdateKind kind) {
  switch (kind) {
    case UpdateKind::kMessage:
      return "message";
    case UpdateKind::kEditedMessage:
      return "edited_message";
    case UpdateKind::kChannelPost:
      return "channel_post";
    case UpdateKind::kEditedChannelPost:
      return "edited_channel_post";
    case UpdateKind::kCallbackQuery:
      return "callback_query";
    case UpdateKind::kMyChatMember:
      return "my_chat_member";
    case UpdateKind::kChatMember:
      return "chat_member";
    case UpdateKind::kChatJoinRequest:
      return "chat_join_request";
    case UpdateKind::kMessageReaction:
      return "message_reaction";
    case UpdateKind::kOther:
      return "other";
  }
  return "other";
}

const char* to_string(MemberStatus status) {
  switch (status) {
    case MemberStatus::kCreator:
      return "creator";
    case MemberStatus::kAdministrator:
      return "administrator";
    case MemberStatus::kMember:
      return "member";
    case MemberStatus::kRestricted:
      return "restricted";
    case MemberStatus::kLeft:
      return "left";
    case MemberStatus::kKicked:
      return "kicked";
  }
  return "left";
}

}  // namespace warden::telegram

#pragma once

// The view a handler gets of one update: the decoded update, who sent it, the chat, and the
// services it may use. A Context lives for the handling of one update on that chat's queue.

#include <boost/asio/awaitable.hpp>
#include <boost/json/array.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "core/admin_cache.h"
#include "core/i18n.h"
#include "storage/chat_store.h"
#include "storage/content_store.h"
#include "storage/database.h"
#include "storage/directory.h"
#include "telegram/bot_api.h"

namespace warden::core {

class Registry;

struct Services {
  telegram::BotApi& api;
  storage::Database& database;
  storage::ChatStore& chats;
  storage::ContentStore& content;
  storage::Directory& directory;
  AdminCache& admins;
  const Translator& translator;
  const Registry& registry;
  telegram::User me;
  std::int64_t confirmation_ttl_seconds = 60;
};

enum class SenderKind { kUser, kChannel, kAnonymousAdmin, kLinkedChannel, kNone };

// The sender of a message. For kUser, id is the user's; for channels and anonymous admins it is the
// chat id they posted as. The placeholder account in `from` is never the sender.
struct Sender {
  SenderKind kind = SenderKind::kNone;
  std::int64_t id = 0;
  std::string name;

  bool is_person() const { return kind == SenderKind::kUser; }
};

Sender resolve_sender(const telegram::Message& message);

// One row of an inline keyboard, built with button_callback() and button_url().
using Keyboard = boost::json::array;
boost::json::object button_callback(std::string_view text, std::string_view data);
boost::json::object button_url(std::string_view text, std::string_view url);
// A keyboard with one row holding the given buttons.
Keyboard single_row(boost::json::object button);
Keyboard single_row(boost::json::object first, boost::json::object second);

std::int64_t unix_now();

class Context {
 public:
  Context(Services& services, const telegram::Update& update, std::string_view raw_json);

  Services& services;
  const telegram::Update& update;
  std::string_view raw_json;
  const telegram::Message* message = nullptr;  // message, edited message or channel post
  const telegram::CallbackQuery* callback = nullptr;
  Sender sender;
  std::int64_t chat_id = 0;
  telegram::ChatType chat_type = telegram::ChatType::kUnknown;
  std::string language = "en";
  // Set once the handler has called a Bot API method with a visible effect; such an update is
  // recorded as handled at once instead of in the next batch, to keep a crash from repeating it.
  bool acted = false;

  // Telegram's time of this update: the message date when there is one (so that until_date
  // agrees with Telegram's clock even when the local clock is off), else the local clock.
  std::int64_t now() const;

  bool in_group() const {
    return chat_type == telegram::ChatType::kGroup || chat_type == telegram::ChatType::kSupergroup;
  }
  bool in_private() const { return chat_type == telegram::ChatType::kPrivate; }

  // The UI string `key` in the chat's language: text("bans.banned", "user", mention, ...).
  template <typename... Strings>
  std::string text(std::string_view key, const Strings&... pairs) const {
    return services.translator.format(language, key, pairs...);
  }

  // Replies to the triggering message in HTML; falls back to a plain send when that message is
  // gone. Keeps the forum topic.
  boost::asio::awaitable<telegram::ApiResult<telegram::Message>> reply(
      std::string html, Keyboard keyboard = {},
      telegram::Priority priority = telegram::Priority::kReply);
  boost::asio::awaitable<telegram::ApiResult<telegram::Message>> send(
      std::int64_t chat_id, std::string html, Keyboard keyboard = {},
      std::int64_t reply_to_message_id = 0,
      telegram::Priority priority = telegram::Priority::kReply);
  boost::asio::awaitable<telegram::ApiResult<telegram::Message>> edit(std::int64_t chat_id,
                                                                      std::int64_t message_id,
                                                                      std::string html,
                                                                      Keyboard keyboard = {});
  boost::asio::awaitable<void> answer_callback(std::string text = {}, bool alert = false);
  boost::asio::awaitable<bool> delete_message(std::int64_t chat_id, std::int64_t message_id);
  // Calls a moderation method on this chat with moderation priority.
  boost::asio::awaitable<telegram::ApiResult<std::string>> moderate(std::string_view method,
                                                                    boost::json::object params);
};

}  // namespace warden::core

// NOTE: GCC 12 miscompiles some co_await expressions: one inside an if condition, in a
// conditional (?:) or after && / ||, and class-type temporaries of a conditional in a co_await
// statement (seen as both branches running, a crash on resume, or a freed string). Handlers
// therefore store each co_await result in a local before testing it.

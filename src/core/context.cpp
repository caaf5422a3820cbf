#include "core/context.h"

#include <spdlog/spdlog.h>

namespace warden::core {

namespace json = boost::json;
using telegram::ApiResult;
using telegram::Message;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Sender resolve_sender(const telegram::Message& message) {
  Sender sender;
  if (message.sender_chat) {
    const telegram::Chat& chat = *message.sender_chat;
    sender.id = chat.id;
    sender.name = chat.title.value_or("");
    if (chat.id == message.chat.id) {
      sender.kind = SenderKind::kAnonymousAdmin;
    } else if (message.is_automatic_forward) {
      sender.kind = SenderKind::kLinkedChannel;
    } else {
      sender.kind = SenderKind::kChannel;
    }
    return sender;
  }
  if (message.from) {
    const telegram::User& user = *message.from;
    // A placeholder in `from` without sender_chat still is not a person.
    if (user.id == telegram::kGroupAnonymousBotId) {
      sender.kind = SenderKind::kAnonymousAdmin;
      sender.id = message.chat.id;
    } else if (user.id == telegram::kTelegramServiceId || user.id == telegram::kChannelBotId) {
      sender.kind = SenderKind::kLinkedChannel;
      sender.id = user.id;
    } else {
      sender.kind = SenderKind::kUser;
      sender.id = user.id;
    }
    sender.name = user.first_name;
  }
  return sender;
}

json::object button_callback(std::string_view text, std::string_view data) {
  return json::object{{"text", text}, {"callback_data", data}};
}

json::object button_url(std::string_view text, std::string_view url) {
  return json::object{{"text", text}, {"url", url}};
}

Keyboard single_row(json::object button) {
  json::array row;
  row.push_back(std::move(button));
  Keyboard keyboard;
  keyboard.push_back(std::move(row));
  return keyboard;
}

Keyboard single_row(json::object first, json::object second) {
  json::array row;
  row.push_back(std::move(first));
  row.push_back(std::move(second));
  Keyboard keyboard;
  keyboard.push_back(std::move(row));
  return keyboard;
}

namespace {
json::object disabled_preview() {
  json::object options;
  options["is_disabled"] = true;
  return options;
}
json::object reply_parameters(std::int64_t message_id) {
  json::object parameters;
  parameters["message_id"] = message_id;
  parameters["allow_sending_without_reply"] = true;
  return parameters;
}
json::object inline_markup(Keyboard keyboard) {
  json::object markup;
  markup["inline_keyboard"] = std::move(keyboard);
  return markup;
}
}  // namespace

Context::Context(Services& services, const telegram::Update& update, std::string_view raw_json)
    : services(services), update(update), raw_json(raw_json) {
  if (update.message) {
    message = update.message.get();
    sender = resolve_sender(*message);
    chat_id = message->chat.id;
    chat_type = message->chat.type;
  } else if (update.callback_query) {
    callback = update.callback_query.get();
    sender = Sender{SenderKind::kUser, callback->from.id, callback->from.first_name};
    if (callback->message) {
      chat_id = callback->message->chat.id;
      chat_type = callback->message->chat.type;
    } else if (callback->inaccessible_chat) {
      chat_id = callback->inaccessible_chat->id;
      chat_type = callback->inaccessible_chat->type;
    }
  } else if (update.member_update) {
    sender = Sender{SenderKind::kUser, update.member_update->from.id,
                    update.member_update->from.first_name};
    chat_id = update.member_update->chat.id;
    chat_type = update.member_update->chat.type;
  } else if (update.join_request) {
    sender = Sender{SenderKind::kUser, update.join_request->from.id,
                    update.join_request->from.first_name};
    chat_id = update.join_request->chat.id;
    chat_type = update.join_request->chat.type;
  }
}

std::int64_t Context::now() const {
  if (message && message->date > 0) return message->date;
  if (callback && callback->message && callback->message->date > 0) {
    // The button's message may be old; never go back in time from the local clock.
    return std::max(unix_now(), callback->message->date);
  }
  return unix_now();
}

boost::asio::awaitable<ApiResult<Message>> Context::send(std::int64_t target_chat, std::string html,
                                                         Keyboard keyboard,
                                                         std::int64_t reply_to_message_id,
                                                         telegram::Priority priority) {
  acted = true;
  json::object params;
  params["chat_id"] = target_chat;
  params["text"] = std::move(html);
  params["parse_mode"] = "HTML";
  params["link_preview_options"] = disabled_preview();
  if (reply_to_message_id != 0) {
    params["reply_parameters"] = reply_parameters(reply_to_message_id);
  }
  if (message && message->message_thread_id && message->chat.id == target_chat &&
      message->is_topic_message) {
    params["message_thread_id"] = *message->message_thread_id;
  }
  if (!keyboard.empty()) params["reply_markup"] = inline_markup(std::move(keyboard));
  telegram::CallOptions options;
  options.chat_id = target_chat;
  options.priority = priority;
  options.counts_as_message = true;
  auto sent = co_await services.api.call_message("sendMessage", std::move(params), options);
  if (!sent) {
    spdlog::warn("event=send_failed chat_id={} error_code={} error=\"{}\"", target_chat,
                 sent.error().error_code, sent.error().description);
  }
  co_return sent;
}

boost::asio::awaitable<ApiResult<Message>> Context::reply(std::string html, Keyboard keyboard,
                                                          telegram::Priority priority) {
  std::int64_t target = chat_id;
  std::int64_t reply_to = message ? message->message_id : 0;
  if (!message && callback && callback->message) reply_to = 0;
  {
    auto result = co_await send(target, std::move(html), std::move(keyboard), reply_to, priority);
    co_return result;
  }
}

boost::asio::awaitable<ApiResult<Message>> Context::edit(std::int64_t target_chat,
                                                         std::int64_t message_id, std::string html,
                                                         Keyboard keyboard) {
  acted = true;
  json::object params;
  params["chat_id"] = target_chat;
  params["message_id"] = message_id;
  params["text"] = std::move(html);
  params["parse_mode"] = "HTML";
  params["link_preview_options"] = disabled_preview();
  if (!keyboard.empty()) params["reply_markup"] = inline_markup(std::move(keyboard));
  telegram::CallOptions options;
  options.chat_id = target_chat;
  options.counts_as_message = true;
  auto body = co_await services.api.call("editMessageText", std::move(params), options);
  if (!body) co_return tl::unexpected(body.error());
  co_return Message{};
}

boost::asio::awaitable<void> Context::answer_callback(std::string text, bool alert) {
  acted = true;
  if (!callback) co_return;
  json::object params;
  params["callback_query_id"] = callback->id;
  if (!text.empty()) params["text"] = std::move(text);
  if (alert) params["show_alert"] = true;
  telegram::CallOptions options;
  options.priority = telegram::Priority::kModeration;
  options.max_attempts = 2;
  co_await services.api.call("answerCallbackQuery", std::move(params), options);
}

boost::asio::awaitable<bool> Context::delete_message(std::int64_t target_chat,
                                                     std::int64_t message_id) {
  acted = true;
  json::object params;
  params["chat_id"] = target_chat;
  params["message_id"] = message_id;
  telegram::CallOptions options;
  options.chat_id = target_chat;
  options.priority = telegram::Priority::kModeration;
  auto deleted = co_await services.api.call("deleteMessage", std::move(params), options);
  co_return deleted.has_value();
}

boost::asio::awaitable<ApiResult<std::string>> Context::moderate(std::string_view method,
                                                                 json::object params) {
  acted = true;
  params["chat_id"] = chat_id;
  telegram::CallOptions options;
  options.chat_id = chat_id;
  options.priority = telegram::Priority::kModeration;
  auto result = co_await services.api.call(method, std::move(params), options);
  if (!result) {
    spdlog::warn("event=moderation_failed method={} chat_id={} error_code={} error=\"{}\"", method,
                 chat_id, result.error().error_code, result.error().description);
  }
  co_return result;
}

}  // namespace warden::core

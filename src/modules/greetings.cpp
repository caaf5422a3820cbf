// Greetings: welcome and goodbye messages (welcome, goodbye, setwelcome, setgoodbye,
// resetwelcome, resetgoodbye, cleanwelcome, cleangoodbye), the cleaning of join and leave service
// messages (cleanservice) and join requests (a notice with buttons for the admins, or autoapprove).
//
// A join reaches the bot twice: as a chat_member update and as a service message listing the new
// members. A leave does too. Each (chat, user) join or leave is greeted once, whichever copy
// comes first.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <unordered_map>

#include "core/permissions.h"
#include "modules/content.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
namespace json = boost::json;
using core::CallbackData;
using core::CommandCall;
using core::Context;
using core::Flow;
using core::Right;
using storage::GreetingKind;
using storage::GreetingSettings;

namespace {

// How long a join or leave stays claimed, so that its second copy is not greeted again.
constexpr std::int64_t kEventClaimSeconds = 60;
// A repeated join request within this time posts no second notice.
constexpr std::int64_t kJoinRequestNoticeSeconds = 5 * 60;
constexpr std::size_t kClaimSweepSize = 4096;
constexpr std::string_view kJoinRequestNamespace = "joinreq";
// How long the bot remembers whose request a notice is about. An older notice is checked by the
// user id its text shows.
constexpr std::int64_t kJoinRequestRecordSeconds = 30 * 24 * 60 * 60;

// Claims of recent joins and leaves per (chat, user). Claiming a join releases the user's leave
// claim and the other way round, so that someone who leaves and comes back at once is greeted
// again.
// NOTE: the claims live in this process. This works because one chat's updates are handled in
// order on one queue, so both copies of an event reach the same map. Several instances sharing
// chats would need a shared claim, such as a database row with an expiry.
class EventClaims {
 public:
  bool claim(std::int64_t chat_id, std::int64_t user_id, bool join, std::int64_t now) {
    std::lock_guard lock(mutex_);
    if (until_.size() >= kClaimSweepSize) {
      std::erase_if(until_, [now](const auto& entry) { return entry.second <= now; });
    }
    const Key key{chat_id, user_id, join};
    if (auto found = until_.find(key); found != until_.end() && found->second > now) return false;
    until_[key] = now + kEventClaimSeconds;
    until_.erase(Key{chat_id, user_id, !join});
    return true;
  }

 private:
  struct Key {
    std::int64_t chat_id;
    std::int64_t user_id;
    bool join;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const {
      std::size_t hash = std::hash<std::int64_t>()(key.chat_id);
      hash ^= std::hash<std::int64_t>()(key.user_id) + 0x9e3779b97f4a7c15ULL + (hash << 6) +
              (hash >> 2);
      return hash ^ static_cast<std::size_t>(key.join);
    }
  };
  std::mutex mutex_;
  std::unordered_map<Key, std::int64_t, KeyHash> until_;
};

EventClaims& event_claims() {
  static EventClaims claims;
  return claims;
}

const char* kind_name(GreetingKind kind) {
  return kind == GreetingKind::kWelcome ? "welcome" : "goodbye";
}

storage::Greeting& greeting_of(GreetingSettings& settings, GreetingKind kind) {
  return kind == GreetingKind::kWelcome ? settings.welcome : settings.goodbye;
}

std::string key(std::string_view name) { return "greetings." + std::string(name); }

std::string on_off(const Context& ctx, bool value) {
  return ctx.text(value ? "greetings.on" : "greetings.off");
}

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id, error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

// ---- events ------------------------------------------------------------------------------------

bool greetable(const Context& ctx, const telegram::User& user) {
  // Bots are not greeted. The BotUpdates module sends the message for the bot's own arrival.
  return !user.is_bot && user.id != ctx.services.me.id;
}

// Sends the chat's welcome or goodbye for `user` when it is on, and replaces the previous one
// when cleaning is on.
asio::awaitable<void> send_greeting(Context& ctx, GreetingKind kind, const telegram::User& user,
                                    const telegram::Chat& chat) {
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) {
    spdlog::error("event=greetings_load_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  settings.error().message);
    co_return;
  }
  const storage::Greeting& greeting = greeting_of(*settings, kind);
  if (!greeting.enabled) co_return;
  SendOptions options;
  options.chat_id = ctx.chat_id;
  options.user = &user;
  options.chat_title = chat.title.value_or("");
  options.web_preview = false;
  options.random_variant = true;
  auto sent = co_await send_content(ctx, greeting.content, options);
  if (!sent) {
    spdlog::warn("event=greeting_failed chat_id={} user_id={} kind={} error=\"{}\"", ctx.chat_id,
                 user.id, kind_name(kind), sent.error().description);
    co_return;
  }
  spdlog::debug("event=greeted chat_id={} user_id={} kind={}", ctx.chat_id, user.id,
                kind_name(kind));
  if (sent->empty() || !greeting.clean_old) co_return;
  if (greeting.last_message_id != 0) {
    auto deleted = co_await ctx.delete_message(ctx.chat_id, greeting.last_message_id);
    if (!deleted) {
      spdlog::info("event=old_greeting_not_deleted chat_id={} message_id={} kind={}", ctx.chat_id,
                   greeting.last_message_id, kind_name(kind));
    }
  }
  // Content split over several messages is remembered by its first message only.
  auto stored = ctx.services.content.set_last_greeting(ctx.chat_id, kind, sent->front());
  if (!stored) {
    spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  stored.error().message);
  }
}

asio::awaitable<void> member_joined(Context& ctx, const telegram::User& user,
                                    const telegram::Chat& chat) {
  if (!greetable(ctx, user)) co_return;
  if (!event_claims().claim(ctx.chat_id, user.id, true, core::unix_now())) co_return;
  // Hook for a captcha: once one exists, it decides here whether the member must solve it first
  // and whether the welcome waits until they have.
  co_await send_greeting(ctx, GreetingKind::kWelcome, user, chat);
}

asio::awaitable<void> member_left(Context& ctx, const telegram::User& user,
                                  const telegram::Chat& chat) {
  if (!greetable(ctx, user)) co_return;
  if (!event_claims().claim(ctx.chat_id, user.id, false, core::unix_now())) co_return;
  co_await send_greeting(ctx, GreetingKind::kGoodbye, user, chat);
}

asio::awaitable<Flow> on_member_update(Context& ctx) {
  if (!ctx.in_group()) co_return Flow::kContinue;
  const telegram::ChatMemberUpdated& change = *ctx.update.member_update;
  const bool was_in = change.old_chat_member.is_present();
  const bool is_in = change.new_chat_member.is_present();
  if (!was_in && is_in) {
    co_await member_joined(ctx, change.new_chat_member.user, change.chat);
  } else if (was_in && !is_in) {
    co_await member_left(ctx, change.new_chat_member.user, change.chat);
  }
  co_return Flow::kContinue;
}

// Deletes a join or leave service message when the chat asked for it and the bot may.
asio::awaitable<void> clean_service_message(Context& ctx, const telegram::Message& message) {
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) {
    spdlog::error("event=greetings_load_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  settings.error().message);
    co_return;
  }
  if (!settings->clean_service) co_return;
  auto bot = co_await core::find_admin(ctx, ctx.chat_id, ctx.services.me.id);
  bool may_delete = bot.has_value() && core::has_right(*bot, Right::kDelete);
  if (!may_delete) {
    spdlog::info("event=service_message_kept chat_id={} message_id={} reason=no_delete_right",
                 ctx.chat_id, message.message_id);
    co_return;
  }
  auto deleted = co_await ctx.delete_message(ctx.chat_id, message.message_id);
  if (!deleted) {
    spdlog::warn("event=service_message_delete_failed chat_id={} message_id={}", ctx.chat_id,
                 message.message_id);
  }
}

asio::awaitable<Flow> on_service_message(Context& ctx) {
  const telegram::Message& message = *ctx.message;
  const bool joined = !message.new_chat_members.empty();
  const bool left = message.left_chat_member.has_value();
  if (!ctx.in_group() || (!joined && !left)) co_return Flow::kContinue;
  co_await clean_service_message(ctx, message);
  for (const telegram::User& user : message.new_chat_members) {
    co_await member_joined(ctx, user, message.chat);
  }
  if (left) co_await member_left(ctx, *message.left_chat_member, message.chat);
  co_return Flow::kContinue;
}

// What is stored for a join request notice: whose request it is about.
std::string notice_record(std::int64_t user_id) { return "joinreq:" + std::to_string(user_id); }

core::Keyboard join_request_keyboard(const Context& ctx, std::int64_t user_id) {
  auto button = [&](std::string_view label_key, std::string_view action) {
    std::map<std::string, std::string> fields;
    fields["a"] = std::string(action);
    fields["u"] = std::to_string(user_id);
    return core::button_callback(ctx.text(key(label_key)),
                                 *core::make_callback_data(kJoinRequestNamespace, fields));
  };
  core::Keyboard keyboard =
      core::single_row(button("approve_button", "accept"), button("decline_button", "decline"));
  json::array last_row;
  last_row.push_back(button("ban_button", "ban"));
  keyboard.push_back(std::move(last_row));
  return keyboard;
}

asio::awaitable<Flow> on_join_request(Context& ctx) {
  if (!ctx.in_group()) co_return Flow::kContinue;
  const telegram::ChatJoinRequest& request = *ctx.update.join_request;
  const telegram::User& user = request.from;
  const std::int64_t now = core::unix_now();
  // Remembered so that the buttons can name the user later.
  ctx.services.directory.observe_user(user, now);

  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) {
    spdlog::error("event=greetings_load_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  settings.error().message);
    co_return Flow::kContinue;
  }
  if (settings->auto_approve) {
    json::object params;
    params["user_id"] = user.id;
    auto approved = co_await ctx.moderate("approveChatJoinRequest", std::move(params));
    if (!approved) {
      spdlog::warn("event=join_request_approve_failed chat_id={} user_id={} error=\"{}\"",
                   ctx.chat_id, user.id, approved.error().description);
    } else {
      spdlog::info("event=join_request_approved chat_id={} user_id={} by=auto", ctx.chat_id,
                   user.id);
    }
    co_return Flow::kContinue;
  }

  auto claimed = ctx.services.content.claim_join_request_notice(ctx.chat_id, user.id, now,
                                                                now - kJoinRequestNoticeSeconds);
  if (!claimed) {
    // Better a second notice than none.
    spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  claimed.error().message);
  } else if (!*claimed) {
    co_return Flow::kContinue;
  }

  std::string text =
      ctx.text("greetings.join_request", "user", text::mention_html(user.id, user.first_name), "id",
               std::to_string(user.id));
  core::Keyboard keyboard = join_request_keyboard(ctx, user.id);
  auto sent = co_await ctx.send(ctx.chat_id, std::move(text), std::move(keyboard));
  if (sent) {
    // Remembers the requester of this notice, so that its buttons act on that request only.
    // Stored as a pending confirmation under the notice's id, which no command message has.
    // NOTE: nothing deletes expired confirmations, so each notice leaves one row behind.
    auto stored = ctx.services.chats.put_confirmation(
        ctx.chat_id, sent->message_id, notice_record(user.id), now + kJoinRequestRecordSeconds);
    if (!stored) {
      spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id,
                    stored.error().message);
    }
  }
  co_return Flow::kContinue;
}

// True when `text` contains `number` written in decimal, not as part of a longer number.
bool shows_number(std::string_view text, std::int64_t number) {
  const std::string digits = std::to_string(number);
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t at = text.find(digits); at != std::string_view::npos;
       at = text.find(digits, at + 1)) {
    const bool digit_before = at > 0 && is_digit(text[at - 1]);
    const std::size_t after = at + digits.size();
    const bool digit_after = after < text.size() && is_digit(text[after]);
    if (!digit_before && !digit_after) return true;
  }
  return false;
}

// Whether the pressed message is the notice of `user_id`'s join request: by the stored record,
// or, for a notice without one, by the id in its text.
bool is_notice_of(Context& ctx, std::int64_t message_id, std::int64_t user_id) {
  if (message_id <= 0) return false;
  auto stored = ctx.services.chats.peek_confirmation(ctx.chat_id, message_id, core::unix_now());
  if (stored && stored->has_value()) return **stored == notice_record(user_id);
  if (!stored) {
    spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  stored.error().message);
  }
  const std::string* text =
      ctx.callback->message ? ctx.callback->message->text_or_caption() : nullptr;
  return text && shows_number(*text, user_id);
}

// The user of a join request as a mention, by the name the bot saw last.
std::string requester_mention(Context& ctx, std::int64_t user_id) {
  auto known = ctx.services.directory.find_user(user_id);
  if (known && known->has_value()) return text::mention_html(user_id, (*known)->first_name);
  return text::mention_html(user_id, std::to_string(user_id));
}

bool request_is_gone(const telegram::ApiError& error) {
  return error.description.find("HIDE_REQUESTER_MISSING") != std::string::npos ||
         error.description.find("USER_ALREADY_PARTICIPANT") != std::string::npos;
}

asio::awaitable<void> join_request_pressed(Context& ctx, const CallbackData& data) {
  auto user_id = data.get_int("u");
  const std::string action = data.get("a");
  if (!user_id || (action != "accept" && action != "decline" && action != "ban")) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto presser = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!presser) {
    co_await ctx.answer_callback(ctx.text("common.button_admins_only"), true);
    co_return;
  }
  Right missing = Right::kNone;
  if (!core::has_right(*presser, Right::kInvite)) {
    missing = Right::kInvite;
  } else if (action == "ban" && !core::has_right(*presser, Right::kRestrict)) {
    missing = Right::kRestrict;
  }
  if (missing != Right::kNone) {
    co_await ctx.answer_callback(
        ctx.text("common.button_missing_right", "right", core::right_name(missing)), true);
    co_return;
  }
  const std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  const std::int64_t notice_id =
      message_id != 0 ? message_id : ctx.callback->inaccessible_message_id;
  if (!is_notice_of(ctx, notice_id, *user_id)) {
    spdlog::warn("event=join_request_button_mismatch chat_id={} message_id={} user_id={} by={}",
                 ctx.chat_id, notice_id, *user_id, ctx.sender.id);
    co_await ctx.answer_callback(ctx.text("greetings.request_mismatch"), true);
    co_return;
  }

  json::object params;
  params["user_id"] = *user_id;
  std::string done_key = "request_approved";
  std::string toast_key = "approved_toast";
  std::string decline_error;
  telegram::ApiResult<std::string> result;
  if (action == "accept") {
    result = co_await ctx.moderate("approveChatJoinRequest", params);
  } else if (action == "decline") {
    done_key = "request_declined";
    toast_key = "declined_toast";
    result = co_await ctx.moderate("declineChatJoinRequest", params);
  } else {
    done_key = "request_banned";
    toast_key = "banned_toast";
    result = co_await ctx.moderate("banChatMember", params);
    if (result) {
      // The outcome names what became of the request: declined, already gone (handled before,
      // or possibly dropped by the ban), or still pending because Telegram rejected the decline.
      auto declined = co_await ctx.moderate("declineChatJoinRequest", params);
      if (!declined) {
        spdlog::info("event=join_request_decline_after_ban chat_id={} user_id={} error=\"{}\"",
                     ctx.chat_id, *user_id, declined.error().description);
        const bool request_missing = request_is_gone(declined.error());
        done_key = request_missing ? "request_banned_no_request" : "request_banned_decline_failed";
        decline_error = text::escape_html(declined.error().description);
      }
    }
  }

  const std::string user = requester_mention(ctx, *user_id);
  if (!result) {
    spdlog::warn("event=join_request_action_failed chat_id={} user_id={} action={} error=\"{}\"",
                 ctx.chat_id, *user_id, action, result.error().description);
    if (request_is_gone(result.error())) {
      co_await ctx.answer_callback(ctx.text("greetings.request_gone_toast"));
      if (message_id != 0) {
        co_await ctx.edit(ctx.chat_id, message_id,
                          ctx.text("greetings.request_gone", "user", user));
      }
      co_return;
    }
    co_await ctx.answer_callback(
        ctx.text("greetings.request_failed", "error", result.error().description), true);
    co_return;
  }
  spdlog::info("event=join_request_{} chat_id={} user_id={} by={}", action, ctx.chat_id, *user_id,
               ctx.sender.id);
  co_await ctx.answer_callback(ctx.text(key(toast_key)));
  if (message_id != 0) {
    std::string text =
        ctx.text(key(done_key), "admin", text::mention_html(ctx.sender.id, ctx.sender.name), "user",
                 user, "error", decline_error);
    co_await ctx.edit(ctx.chat_id, message_id, std::move(text));
  }
}

// ---- commands ----------------------------------------------------------------------------------

// /welcome and /goodbye: the settings and a preview, noformat for the source, or on/off.
asio::awaitable<void> show_or_toggle_greeting(Context& ctx, const CommandCall& call,
                                              GreetingKind kind) {
  const std::string name = kind_name(kind);
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  storage::Greeting& greeting = greeting_of(*settings, kind);
  bool noformat = false;
  if (!call.args.empty()) {
    const std::string choice = storage::to_lower_ascii(call.args.front());
    if (choice == "noformat") {
      noformat = true;
    } else {
      auto toggle = parse_toggle(choice);
      if (!toggle) {
        co_await ctx.reply(ctx.text("greetings.invalid_choice", "value",
                                    text::escape_html(call.args.front()), "choices",
                                    ctx.text("greetings.greeting_choices")));
        co_return;
      }
      greeting.enabled = *toggle;
      auto saved = ctx.services.content.save_greetings(ctx.chat_id, *settings);
      if (!saved) co_return co_await storage_failure(ctx, saved.error());
      std::string done = ctx.text(key(name + (*toggle ? "_enabled" : "_disabled")));
      co_await ctx.reply(std::move(done));
      co_return;
    }
  }
  std::string status =
      ctx.text(key(name + "_status"), "state", on_off(ctx, greeting.enabled), "clean",
               on_off(ctx, greeting.clean_old), "service", on_off(ctx, settings->clean_service));
  co_await ctx.reply(std::move(status));
  SendOptions options;
  options.chat_id = ctx.chat_id;
  options.reply_to = ctx.message->message_id;
  options.noformat = noformat;
  options.random_variant = true;
  if (ctx.sender.is_person() && ctx.message->from) options.user = &*ctx.message->from;
  options.chat_title = ctx.message->chat.title.value_or("");
  auto sent = co_await send_content(ctx, greeting.content, options);
  if (!sent) {
    co_await ctx.reply(
        ctx.text("content.send_failed", "error", text::escape_html(sent.error().description)));
  }
}

asio::awaitable<void> welcome_command(Context& ctx, const CommandCall& call) {
  co_await show_or_toggle_greeting(ctx, call, GreetingKind::kWelcome);
}
asio::awaitable<void> goodbye_command(Context& ctx, const CommandCall& call) {
  co_await show_or_toggle_greeting(ctx, call, GreetingKind::kGoodbye);
}

// /setwelcome and /setgoodbye. The content is the text after the command, with its formatting.
// In reply to a message, the content is that message's text and media, and text after the
// command replaces its text or caption.
asio::awaitable<void> set_greeting(Context& ctx, const CommandCall& call, GreetingKind kind) {
  const std::string name = kind_name(kind);
  const telegram::Message& message = *ctx.message;
  const std::string own_text = markdown_from(message, offset_after_arguments(call, 0));
  const telegram::Message* source = message.reply_to_message.get();
  storage::StoredContent content = content_of(source ? *source : message);
  if (!source || !own_text.empty()) content.source = own_text;

  SendOptions defaults;
  ContentCheck check = check_content(ctx, content, true, defaults.unnamed_button_text);
  if (!check.error.empty()) {
    co_await ctx.reply(check.error);
    co_return;
  }
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  storage::Greeting& greeting = greeting_of(*settings, kind);
  greeting.content = std::move(content);
  auto saved = ctx.services.content.save_greetings(ctx.chat_id, *settings);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  std::string reply = ctx.text(key(name + "_saved"));
  if (!greeting.enabled) reply += "\n" + ctx.text(key(name + "_saved_while_off"));
  std::string problems = describe_problems(ctx, check.problems);
  if (!problems.empty()) reply += "\n\n" + problems;
  co_await ctx.reply(std::move(reply));
}

asio::awaitable<void> setwelcome_command(Context& ctx, const CommandCall& call) {
  co_await set_greeting(ctx, call, GreetingKind::kWelcome);
}
asio::awaitable<void> setgoodbye_command(Context& ctx, const CommandCall& call) {
  co_await set_greeting(ctx, call, GreetingKind::kGoodbye);
}

asio::awaitable<void> reset_greeting(Context& ctx, GreetingKind kind) {
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  GreetingSettings defaults;
  greeting_of(*settings, kind).content = greeting_of(defaults, kind).content;
  auto saved = ctx.services.content.save_greetings(ctx.chat_id, *settings);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(ctx.text(key(std::string(kind_name(kind)) + "_reset")));
}

asio::awaitable<void> resetwelcome_command(Context& ctx, const CommandCall&) {
  co_await reset_greeting(ctx, GreetingKind::kWelcome);
}
asio::awaitable<void> resetgoodbye_command(Context& ctx, const CommandCall&) {
  co_await reset_greeting(ctx, GreetingKind::kGoodbye);
}

enum class Switch { kCleanWelcome, kCleanGoodbye, kCleanService, kAutoApprove };

bool& switch_of(GreetingSettings& settings, Switch which) {
  switch (which) {
    case Switch::kCleanWelcome:
      return settings.welcome.clean_old;
    case Switch::kCleanGoodbye:
      return settings.goodbye.clean_old;
    case Switch::kCleanService:
      return settings.clean_service;
    case Switch::kAutoApprove:
      break;
  }
  return settings.auto_approve;
}

// The locale key prefix of a switch's replies.
std::string switch_key(Switch which) {
  switch (which) {
    case Switch::kCleanWelcome:
      return "greetings.clean_welcome";
    case Switch::kCleanGoodbye:
      return "greetings.clean_goodbye";
    case Switch::kCleanService:
      return "greetings.clean_service";
    case Switch::kAutoApprove:
      break;
  }
  return "greetings.auto_approve";
}

// /cleanwelcome, /cleangoodbye, /cleanservice and /autoapprove: the state, or on/off.
asio::awaitable<void> switch_command(Context& ctx, const CommandCall& call, Switch which) {
  auto settings = ctx.services.content.greetings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  bool& value = switch_of(*settings, which);
  const std::string prefix = switch_key(which);
  std::string reply;
  if (call.args.empty()) {
    reply = ctx.text(prefix + "_status", "state", on_off(ctx, value));
  } else {
    auto toggle = parse_toggle(call.args.front());
    if (!toggle) {
      co_await ctx.reply(ctx.text("greetings.invalid_choice", "value",
                                  text::escape_html(call.args.front()), "choices",
                                  ctx.text("greetings.toggle_choices")));
      co_return;
    }
    value = *toggle;
    auto saved = ctx.services.content.save_greetings(ctx.chat_id, *settings);
    if (!saved) co_return co_await storage_failure(ctx, saved.error());
    reply = ctx.text(prefix + (*toggle ? "_on" : "_off"));
  }
  if (which == Switch::kCleanService && value) {
    auto bot = co_await core::find_admin(ctx, ctx.chat_id, ctx.services.me.id);
    bool may_delete = bot.has_value() && core::has_right(*bot, Right::kDelete);
    if (!may_delete) reply += "\n" + ctx.text("greetings.clean_service_needs_right");
  }
  co_await ctx.reply(std::move(reply));
}

asio::awaitable<void> cleanwelcome_command(Context& ctx, const CommandCall& call) {
  co_await switch_command(ctx, call, Switch::kCleanWelcome);
}
asio::awaitable<void> cleangoodbye_command(Context& ctx, const CommandCall& call) {
  co_await switch_command(ctx, call, Switch::kCleanGoodbye);
}
asio::awaitable<void> cleanservice_command(Context& ctx, const CommandCall& call) {
  co_await switch_command(ctx, call, Switch::kCleanService);
}
asio::awaitable<void> autoapprove_command(Context& ctx, const CommandCall& call) {
  co_await switch_command(ctx, call, Switch::kAutoApprove);
}

}  // namespace

core::Module greetings_module() {
  core::Module module;
  module.name = "Greetings";
  module.help_key = "greetings.help";
  module.priority = 210;
  module.in_help = true;
  module.help_aliases = {"greeting", "welcome", "goodbye"};
  module.commands.push_back(
      core::admin_command("greetings", "welcome", welcome_command, Right::kNone));
  module.commands.push_back(
      core::admin_command("greetings", "goodbye", goodbye_command, Right::kNone));
  module.commands.push_back(
      core::admin_command("greetings", "setwelcome", setwelcome_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "setgoodbye", setgoodbye_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "resetwelcome", resetwelcome_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "resetgoodbye", resetgoodbye_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "cleanwelcome", cleanwelcome_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "cleangoodbye", cleangoodbye_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "cleanservice", cleanservice_command, Right::kChangeInfo));
  module.commands.push_back(
      core::admin_command("greetings", "autoapprove", autoapprove_command, Right::kChangeInfo));
  module.callbacks[std::string(kJoinRequestNamespace)] = join_request_pressed;
  module.watchers.push_back({0, {telegram::UpdateKind::kChatMember}, on_member_update});
  module.watchers.push_back({0, {telegram::UpdateKind::kMessage}, on_service_message});
  module.watchers.push_back({0, {telegram::UpdateKind::kChatJoinRequest}, on_join_request});
  return module;
}

}  // namespace warden::modules

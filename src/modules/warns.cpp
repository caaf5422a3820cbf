// Warns: warn, swarn, dwarn, warns, rmwarn/unwarn, resetwarns/resetwarn, resetallwarns,
// setwarnlimit, setwarnmode and warnings. Reaching the limit applies the chat's warn mode
// (ban, kick, mute, or a timed ban or mute) and clears the user's warnings.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/permissions.h"
#include "core/target.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/duration.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CallbackData;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

constexpr std::size_t kMaxReasonBytes = 3000;
constexpr int kMaxWarnLimit = 100;

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id, error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

// One " - reason" line per warning, each shortened so that a list always fits in messages.
std::vector<std::string> reason_lines(const Context& ctx, const std::vector<std::string>& reasons) {
  std::vector<std::string> lines;
  lines.reserve(reasons.size());
  for (const std::string& reason : reasons) {
    std::string shown = reason.empty() ? ctx.text("warns.no_reason")
                                       : text::escape_html(shorten(reason, kMaxShownReason));
    lines.push_back(" - " + shown);
  }
  return lines;
}

asio::awaitable<bool> punish(Context& ctx, std::int64_t user_id,
                             const storage::ChatSettings& settings) {
  bool done = false;
  switch (settings.warn_mode) {
    case storage::WarnMode::kBan:
      done = co_await ban_member(ctx, user_id, 0);
      break;
    case storage::WarnMode::kKick:
      done = co_await kick_member(ctx, user_id);
      break;
    case storage::WarnMode::kMute:
      done = co_await mute_member(ctx, user_id, 0);
      break;
    case storage::WarnMode::kTban:
      done = co_await ban_member(ctx, user_id, ctx.now() + settings.warn_mode_seconds);
      break;
    case storage::WarnMode::kTmute:
      done = co_await mute_member(ctx, user_id, ctx.now() + settings.warn_mode_seconds);
      break;
  }
  co_return done;
}

asio::awaitable<void> warn(Context& ctx, const CommandCall& call, bool silent,
                           bool delete_replied) {
  if ((silent || delete_replied)) {
    auto bot_ok = co_await core::require_bot_right(ctx, Right::kDelete);
    if (!bot_ok) co_return;
  }
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.require_member = true});
  if (!target_ok) co_return;
  if (silent) co_await ctx.delete_message(ctx.chat_id, ctx.message->message_id);
  if (delete_replied && ctx.message->reply_to_message) {
    co_await ctx.delete_message(ctx.chat_id, ctx.message->reply_to_message->message_id);
  }
  std::string reason = text::truncate_utf16(target->rest, kMaxReasonBytes);
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  std::int64_t warned_by = ctx.sender.is_person() ? ctx.sender.id : ctx.chat_id;
  auto state =
      ctx.services.chats.add_warn(ctx.chat_id, target->id, reason, warned_by, ctx.update.update_id);
  if (!state) co_return co_await storage_failure(ctx, state.error());

  std::string count = fmt::format("{}/{}", state->count, settings->warn_limit);
  if (state->count >= settings->warn_limit) {
    bool punished = co_await punish(ctx, target->id, *settings);
    if (!punished) {
      co_await reply_api_failure(ctx, storage::to_string(settings->warn_mode));
      co_return;
    }
    std::string action =
        ctx.text(std::string("warns.action_") + storage::to_string(settings->warn_mode));
    std::string header = ctx.text("warns.limit_reached", "count", count, "user", target->mention(),
                                  "action", action);
    auto reset = ctx.services.chats.reset_warns(ctx.chat_id, target->id);
    if (!reset) {
      // The punishment was applied, so the reply reports it instead of claiming nothing changed.
      spdlog::error("event=storage_failed chat_id={} user_id={} error=\"{}\"", ctx.chat_id,
                    target->id, reset.error().message);
      header += "\n" + ctx.text("warns.reset_failed");
    }
    co_await reply_lines(ctx, std::move(header), reason_lines(ctx, state->reasons),
                         telegram::Priority::kModeration);
    co_return;
  }
  if (silent) co_return;
  std::map<std::string, std::string> fields;
  fields["u"] = std::to_string(target->id);
  fields["w"] = std::to_string(state->last_warn_id);
  auto data = core::make_callback_data("rmWarn", fields);
  co_await ctx.reply(
      ctx.text("warns.warned", "user", target->mention(), "count", count) +
          reason_line(ctx, reason),
      core::single_row(core::button_callback(ctx.text("warns.remove_button"), *data)));
}

asio::awaitable<void> warn_command(Context& ctx, const CommandCall& call) {
  co_await warn(ctx, call, false, false);
}
asio::awaitable<void> swarn_command(Context& ctx, const CommandCall& call) {
  co_await warn(ctx, call, true, false);
}
asio::awaitable<void> dwarn_command(Context& ctx, const CommandCall& call) {
  co_await warn(ctx, call, false, true);
}

asio::awaitable<void> warns_command(Context& ctx, const CommandCall& call) {
  core::Target target;
  if (call.args.empty() && !ctx.message->reply_to_message) {
    if (!ctx.sender.is_person()) {
      co_await ctx.reply(ctx.text("target.not_a_person"));
      co_return;
    }
    target.id = ctx.sender.id;
    target.name = ctx.sender.name;
  } else {
    auto found = co_await core::extract_target(ctx, call);
    if (!found) co_return;
    target = *found;
  }
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  auto state = ctx.services.chats.warns(ctx.chat_id, target.id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  if (!state) co_return co_await storage_failure(ctx, state.error());
  if (state->count == 0) {
    co_await ctx.reply(ctx.text("warns.none", "user", target.mention()));
    co_return;
  }
  std::string header = ctx.text("warns.list", "user", target.mention(), "count",
                                fmt::format("{}/{}", state->count, settings->warn_limit));
  co_await reply_lines(ctx, std::move(header), reason_lines(ctx, state->reasons));
}

asio::awaitable<void> rmwarn_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto removed = ctx.services.chats.remove_latest_warn(ctx.chat_id, target->id);
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  // GCC 12 miscompiles class-type temporaries of a conditional inside a co_await expression,
  // so such values are built in a statement of their own throughout the modules.
  std::string text =
      *removed ? ctx.text("warns.removed", "admin", caller_mention(ctx), "user", target->mention())
               : ctx.text("warns.none", "user", target->mention());
  co_await ctx.reply(std::move(text));
}

asio::awaitable<void> resetwarns_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto removed = ctx.services.chats.reset_warns(ctx.chat_id, target->id);
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  std::string text = *removed > 0 ? ctx.text("warns.reset", "user", target->mention())
                                  : ctx.text("warns.none", "user", target->mention());
  co_await ctx.reply(std::move(text));
}

asio::awaitable<void> resetallwarns_command(Context& ctx, const CommandCall&) {
  auto count = ctx.services.chats.count_warned_users(ctx.chat_id);
  if (!count) co_return co_await storage_failure(ctx, count.error());
  if (*count == 0) {
    co_await ctx.reply(ctx.text("warns.nobody_warned"));
    co_return;
  }
  std::map<std::string, std::string> yes{{"a", "yes"}};
  std::map<std::string, std::string> no{{"a", "no"}};
  co_await ctx.reply(
      ctx.text("warns.reset_all_question", "count", std::to_string(*count)),
      core::single_row(core::button_callback(ctx.text("common.yes"),
                                             *core::make_callback_data("rmAllChatWarns", yes)),
                       core::button_callback(ctx.text("common.no"),
                                             *core::make_callback_data("rmAllChatWarns", no))));
}

asio::awaitable<void> setwarnlimit_command(Context& ctx, const CommandCall& call) {
  if (call.args.empty()) {
    co_await ctx.reply(ctx.text("warns.limit_usage"));
    co_return;
  }
  int limit = 0;
  const std::string& arg = call.args.front();
  auto [end, error] = std::from_chars(arg.data(), arg.data() + arg.size(), limit);
  if (error != std::errc() || end != arg.data() + arg.size()) {
    co_await ctx.reply(ctx.text("warns.limit_not_number", "value", text::escape_html(arg)));
    co_return;
  }
  if (limit < 1 || limit > kMaxWarnLimit) {
    co_await ctx.reply(ctx.text("warns.limit_range", "value", std::to_string(limit)));
    co_return;
  }
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  settings->warn_limit = limit;
  if (auto saved = ctx.services.chats.save_settings(ctx.chat_id, *settings); !saved) {
    {
      co_await storage_failure(ctx, saved.error());
      co_return;
    }
  }
  co_await ctx.reply(ctx.text("warns.limit_set", "limit", std::to_string(limit)));
}

asio::awaitable<void> setwarnmode_command(Context& ctx, const CommandCall& call) {
  if (call.args.empty()) {
    co_await ctx.reply(ctx.text("warns.mode_usage"));
    co_return;
  }
  std::string name = storage::to_lower_ascii(call.args.front());
  auto mode = storage::parse_warn_mode(name);
  if (!mode) {
    co_await ctx.reply(
        ctx.text("warns.mode_unknown", "value", text::escape_html(call.args.front())));
    co_return;
  }
  std::int64_t seconds = 0;
  if (*mode == storage::WarnMode::kTban || *mode == storage::WarnMode::kTmute) {
    std::string_view duration_text;
    if (call.args.size() > 1) duration_text = call.args[1];
    auto duration = co_await read_restriction_duration(ctx, duration_text);
    if (!duration) co_return;
    seconds = duration->seconds;
  }
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  settings->warn_mode = *mode;
  settings->warn_mode_seconds = seconds;
  if (auto saved = ctx.services.chats.save_settings(ctx.chat_id, *settings); !saved) {
    {
      co_await storage_failure(ctx, saved.error());
      co_return;
    }
  }
  std::string shown = seconds ? name + " " + text::format_duration(seconds) : name;
  co_await ctx.reply(ctx.text("warns.mode_set", "mode", shown));
}

asio::awaitable<void> warnings_command(Context& ctx, const CommandCall&) {
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  if (!settings) co_return co_await storage_failure(ctx, settings.error());
  std::string mode = storage::to_string(settings->warn_mode);
  if (settings->warn_mode_seconds) mode += " " + text::format_duration(settings->warn_mode_seconds);
  co_await ctx.reply(
      ctx.text("warns.settings", "limit", std::to_string(settings->warn_limit), "mode", mode));
}

asio::awaitable<void> remove_warn_pressed(Context& ctx, const CallbackData& data) {
  auto user_id = data.get_int("u");
  if (!user_id) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto presser_ok = co_await core::require_presser_right(ctx, Right::kNone);
  if (!presser_ok) co_return;
  // The button removes the warning it was posted for, so a second press removes nothing more.
  // Buttons from before warnings carried their id fall back to the newest warning.
  auto warn_id = data.get_int("w");
  auto removed = warn_id ? ctx.services.chats.remove_warn(ctx.chat_id, *user_id, *warn_id)
                         : ctx.services.chats.remove_latest_warn(ctx.chat_id, *user_id);
  co_await ctx.answer_callback();
  std::string user = text::mention_html(*user_id, std::to_string(*user_id));
  if (auto known = ctx.services.directory.find_user(*user_id); known && known->has_value()) {
    user = text::mention_html(*user_id, (*known)->first_name);
  }
  std::string text =
      removed && *removed
          ? ctx.text("warns.removed_one", "admin",
                     text::mention_html(ctx.sender.id, ctx.sender.name), "user", user)
          : ctx.text("warns.already_removed", "user", user);
  if (ctx.callback->message)
    co_await ctx.edit(ctx.chat_id, ctx.callback->message->message_id, text);
}

asio::awaitable<void> reset_all_pressed(Context& ctx, const CallbackData& data) {
  auto owner = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!owner || owner->status != telegram::MemberStatus::kCreator) {
    co_await ctx.answer_callback(ctx.text("common.owner_only"), true);
    co_return;
  }
  std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  if (data.get("a") != "yes") {
    co_await ctx.answer_callback();
    if (message_id)
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text("warns.reset_all_cancelled"));
    co_return;
  }
  auto removed = ctx.services.chats.reset_all_warns(ctx.chat_id);
  if (!removed) {
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  co_await ctx.answer_callback(ctx.text("warns.reset_all_done"));
  if (message_id) co_await ctx.edit(ctx.chat_id, message_id, ctx.text("warns.reset_all_done"));
}

core::Command admin_command(std::string name, core::CommandHandler handler,
                            Right right = Right::kNone) {
  core::Command command;
  command.name = std::move(name);
  command.access = core::Access::kAdmin;
  command.user_right = right;
  command.bot_admin = true;
  command.group_only = true;
  command.help_key = "warns.help_" + command.name;
  command.handler = std::move(handler);
  return command;
}

}  // namespace

core::Module warns_module() {
  core::Module module;
  module.name = "Warns";
  module.help_key = "warns.help";
  module.priority = 200;
  module.help_aliases = {"warn", "warning", "warnings"};
  auto warn_cmd = moderation_command("warn", warn_command);
  auto swarn_cmd = moderation_command("swarn", swarn_command);
  auto dwarn_cmd = moderation_command("dwarn", dwarn_command);
  for (auto* command : {&warn_cmd, &swarn_cmd, &dwarn_cmd}) {
    command->help_key = "warns.help_" + command->name;
    module.commands.push_back(*command);
  }
  core::Command list;
  list.name = "warns";
  list.group_only = true;
  list.disableable = true;
  list.help_key = "warns.help_warns";
  list.handler = warns_command;
  module.commands.push_back(list);
  auto rmwarn = admin_command("rmwarn", rmwarn_command);
  rmwarn.aliases = {"unwarn"};
  module.commands.push_back(rmwarn);
  auto reset = admin_command("resetwarns", resetwarns_command);
  reset.aliases = {"resetwarn"};
  module.commands.push_back(reset);
  auto reset_all = admin_command("resetallwarns", resetallwarns_command);
  reset_all.access = core::Access::kOwner;
  module.commands.push_back(reset_all);
  module.commands.push_back(admin_command("setwarnlimit", setwarnlimit_command));
  module.commands.push_back(admin_command("setwarnmode", setwarnmode_command));
  module.commands.push_back(admin_command("warnings", warnings_command));
  module.callbacks["rmWarn"] = remove_warn_pressed;
  module.callbacks["rmAllChatWarns"] = reset_all_pressed;
  return module;
}

}  // namespace warden::modules

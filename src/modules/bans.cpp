// Bans: ban, tban, sban, dban, unban, kick, dkick, kickme, restrict and unrestrict, and the
// buttons that undo a ban or mute or pick a restriction.

#include <fmt/format.h>

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
using core::Target;

namespace {

asio::awaitable<void> ban_channel(Context& ctx, const Target& target, bool silent,
                                  bool delete_replied) {
  if (delete_replied)
    co_await ctx.delete_message(ctx.chat_id, ctx.message->reply_to_message->message_id);
  boost::json::object params;
  params["sender_chat_id"] = target.id;
  auto moderated = co_await ctx.moderate("banChatSenderChat", std::move(params));
  if (!moderated) {
    if (!silent) co_await reply_api_failure(ctx, "ban");
    co_return;
  }
  if (silent) {
    co_await ctx.delete_message(ctx.chat_id, ctx.message->message_id);
    co_return;
  }
  co_await ctx.reply(ctx.text("bans.channel_banned", "channel", text::escape_html(target.name)));
}

constexpr RestrictionWording kBanWording{"ban", "bans.banned", "bans.tbanned", "unban"};

// The shared body of ban, sban, dban and tban.
asio::awaitable<void> ban(Context& ctx, const CommandCall& call, Variant variant) {
  auto target = co_await begin_restriction(ctx, call, variant);
  if (!target) co_return;
  if (target->is_channel) {
    auto target_ok = co_await core::check_target(ctx, *target, {.allow_channel = true});
    if (!target_ok) co_return;
    if (variant.timed) {
      // banChatSenderChat has no until_date: a channel ban is always permanent.
      co_await ctx.reply(ctx.text("bans.channel_timed"));
      co_return;
    }
    co_await ban_channel(ctx, *target, variant.silent, variant.delete_replied);
    co_return;
  }
  auto target_ok = co_await core::check_target(ctx, *target, {});
  if (!target_ok) co_return;
  auto restriction = co_await prepare_restriction(ctx, *target, variant);
  if (!restriction) co_return;
  auto banned = co_await ban_member(ctx, target->id, restriction->until_date);
  co_await report_restriction(ctx, *target, variant, *restriction, banned, kBanWording);
}

asio::awaitable<void> ban_command(Context& ctx, const CommandCall& call) {
  co_await ban(ctx, call, {});
}
asio::awaitable<void> sban_command(Context& ctx, const CommandCall& call) {
  co_await ban(ctx, call, {.silent = true});
}
asio::awaitable<void> dban_command(Context& ctx, const CommandCall& call) {
  co_await ban(ctx, call, {.delete_replied = true});
}
asio::awaitable<void> tban_command(Context& ctx, const CommandCall& call) {
  co_await ban(ctx, call, {.timed = true});
}

asio::awaitable<void> unban_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  if (target->is_channel) {
    auto target_ok = co_await core::check_target(ctx, *target, {.allow_channel = true});
    if (!target_ok) co_return;
    boost::json::object params;
    params["sender_chat_id"] = target->id;
    auto moderated = co_await ctx.moderate("unbanChatSenderChat", std::move(params));
    if (!moderated) {
      co_await reply_api_failure(ctx, "unban");
      co_return;
    }
    co_await ctx.reply(
        ctx.text("bans.channel_unbanned", "channel", text::escape_html(target->name)));
    co_return;
  }
  auto target_ok = co_await core::check_target(ctx, *target, {.protect_admins = false});
  if (!target_ok) co_return;
  // Only a banned user is unbanned; a member stays in the chat.
  auto member = co_await ctx.services.api.get_chat_member(ctx.chat_id, target->id);
  if (member && member->status != telegram::MemberStatus::kKicked) {
    co_await ctx.reply(ctx.text("bans.not_banned", "user", target->mention()));
    co_return;
  }
  auto unbanned = co_await unban_member(ctx, target->id);
  if (!unbanned) {
    co_await reply_api_failure(ctx, "unban");
    co_return;
  }
  co_await ctx.reply(
      ctx.text("bans.unbanned", "admin", caller_mention(ctx), "user", target->mention()));
}

asio::awaitable<void> kick(Context& ctx, const CommandCall& call, bool delete_replied) {
  if (delete_replied && !ctx.message->reply_to_message) {
    co_await ctx.reply(ctx.text("common.reply_required"));
    co_return;
  }
  if (delete_replied) {
    auto bot_ok = co_await core::require_bot_right(ctx, Right::kDelete);
    if (!bot_ok) co_return;
  }
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.require_member = true});
  if (!target_ok) co_return;
  if (delete_replied)
    co_await ctx.delete_message(ctx.chat_id, ctx.message->reply_to_message->message_id);
  auto kicked = co_await kick_member(ctx, target->id);
  if (!kicked) {
    co_await reply_api_failure(ctx, "kick");
    co_return;
  }
  co_await ctx.reply(
      ctx.text("bans.kicked", "admin", caller_mention(ctx), "user", target->mention()) +
      reason_line(ctx, target->rest));
}

asio::awaitable<void> kick_command(Context& ctx, const CommandCall& call) {
  co_await kick(ctx, call, false);
}
asio::awaitable<void> dkick_command(Context& ctx, const CommandCall& call) {
  co_await kick(ctx, call, true);
}

asio::awaitable<void> kickme_command(Context& ctx, const CommandCall&) {
  if (!ctx.sender.is_person()) {
    co_await ctx.reply(ctx.text("target.not_a_person"));
    co_return;
  }
  bool admin = co_await core::is_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (admin) {
    co_await ctx.reply(ctx.text("bans.kickme_admin"));
    co_return;
  }
  bool kicked = co_await kick_member(ctx, ctx.sender.id);
  if (!kicked) {
    co_await reply_api_failure(ctx, "kick");
    co_return;
  }
  co_await ctx.reply(ctx.text("bans.kickme_done"));
}

asio::awaitable<void> restrict_menu(Context& ctx, const CommandCall& call, bool undo) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.require_member = !undo});
  if (!target_ok) co_return;
  core::Keyboard keyboard;
  auto button = [&](const char* action, const char* label) {
    std::map<std::string, std::string> fields;
    fields["a"] = action;
    fields["u"] = std::to_string(target->id);
    return core::button_callback(
        ctx.text(label), *core::make_callback_data(undo ? "unrestrict" : "restrict", fields));
  };
  boost::json::array first;
  boost::json::array second;
  if (undo) {
    first.push_back(button("unban", "bans.unban_button"));
    first.push_back(button("unmute", "mutes.unmute_button"));
  } else {
    first.push_back(button("ban", "bans.ban_button"));
    first.push_back(button("kick", "bans.kick_button"));
    second.push_back(button("mute", "mutes.mute_button"));
  }
  keyboard.push_back(std::move(first));
  if (!second.empty()) keyboard.push_back(std::move(second));
  const char* question = undo ? "bans.unrestrict_question" : "bans.restrict_question";
  co_await ctx.reply(ctx.text(question, "user", target->mention()), std::move(keyboard));
}

asio::awaitable<void> restrict_command(Context& ctx, const CommandCall& call) {
  co_await restrict_menu(ctx, call, false);
}
asio::awaitable<void> unrestrict_command(Context& ctx, const CommandCall& call) {
  co_await restrict_menu(ctx, call, true);
}

std::string original_html(const Context& ctx) {
  const telegram::Message* message = ctx.callback->message.get();
  return message && message->text ? text::escape_html(*message->text) : std::string();
}

asio::awaitable<void> restrict_pressed(Context& ctx, const CallbackData& data) {
  auto user_id = data.get_int("u");
  std::string action = data.get("a");
  if (!user_id || (action != "ban" && action != "kick" && action != "mute")) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto presser_ok = co_await core::require_presser_right(ctx, Right::kRestrict);
  if (!presser_ok) co_return;
  auto admin = co_await core::is_admin(ctx, ctx.chat_id, *user_id);
  if (admin) {
    co_await ctx.answer_callback(ctx.text("target.is_admin", "user", std::to_string(*user_id)),
                                 true);
    co_return;
  }
  // GCC 12 evaluates every co_await of a nested conditional, so each action has its own branch.
  bool done = false;
  if (action == "ban") {
    done = co_await ban_member(ctx, *user_id, 0);
  } else if (action == "kick") {
    done = co_await kick_member(ctx, *user_id);
  } else {
    done = co_await mute_member(ctx, *user_id, 0);
  }
  if (!done) {
    co_await ctx.answer_callback(ctx.text("common.action_failed", "action", action), true);
    co_return;
  }
  co_await ctx.answer_callback();
  std::string user = text::mention_html(*user_id, std::to_string(*user_id));
  if (auto known = ctx.services.directory.find_user(*user_id); known && known->has_value()) {
    user = text::mention_html(*user_id, (*known)->first_name);
  }
  std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  co_await ctx.edit(ctx.chat_id, message_id,
                    ctx.text("bans.restricted_by_button", "admin",
                             text::mention_html(ctx.sender.id, ctx.sender.name), "user", user,
                             "action", ctx.text("bans.action_" + action)));
}

asio::awaitable<void> unrestrict_pressed(Context& ctx, const CallbackData& data) {
  auto user_id = data.get_int("u");
  std::string action = data.get("a");
  if (!user_id || (action != "unban" && action != "unmute")) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto presser_ok = co_await core::require_presser_right(ctx, Right::kRestrict);
  if (!presser_ok) co_return;
  bool done = false;
  if (action == "unmute") {
    done = co_await unmute_member(ctx, *user_id);
  } else if (*user_id < 0) {
    boost::json::object params;
    params["sender_chat_id"] = *user_id;
    done = (co_await ctx.moderate("unbanChatSenderChat", std::move(params))).has_value();
  } else {
    done = co_await unban_member(ctx, *user_id);
  }
  if (!done) {
    co_await ctx.answer_callback(ctx.text("common.action_failed", "action", action), true);
    co_return;
  }
  co_await ctx.answer_callback();
  if (ctx.callback->message) {
    co_await ctx.edit(
        ctx.chat_id, ctx.callback->message->message_id,
        "<s>" + original_html(ctx) + "</s>\n" +
            ctx.text(action == "unban" ? "bans.unbanned_by_button" : "mutes.unmuted_by_button",
                     "admin", text::mention_html(ctx.sender.id, ctx.sender.name)));
  }
}

}  // namespace

core::Command moderation_command(std::string name, core::CommandHandler handler) {
  core::Command command;
  command.name = std::move(name);
  command.access = core::Access::kAdmin;
  command.user_right = Right::kRestrict;
  command.bot_right = Right::kRestrict;
  command.group_only = true;
  command.anonymous_confirm = true;
  command.help_key = "bans.help_" + command.name;
  command.handler = std::move(handler);
  return command;
}

core::Module bans_module() {
  core::Module module;
  module.name = "Bans";
  module.help_key = "bans.help";
  module.priority = 70;
  module.help_aliases = {"ban",        "kick", "dkick", "restrict", "kickme",
                         "unrestrict", "sban", "dban",  "tban",     "unban"};
  module.commands.push_back(moderation_command("ban", ban_command));
  module.commands.push_back(moderation_command("tban", tban_command));
  module.commands.push_back(moderation_command("sban", sban_command));
  module.commands.push_back(moderation_command("dban", dban_command));
  module.commands.push_back(moderation_command("unban", unban_command));
  auto kick = moderation_command("kick", kick_command);
  kick.anonymous_confirm = false;
  module.commands.push_back(kick);
  auto dkick = moderation_command("dkick", dkick_command);
  dkick.anonymous_confirm = false;
  module.commands.push_back(dkick);
  core::Command kickme;
  kickme.name = "kickme";
  kickme.group_only = true;
  kickme.bot_right = Right::kRestrict;
  kickme.help_key = "bans.help_kickme";
  kickme.handler = kickme_command;
  module.commands.push_back(kickme);
  module.commands.push_back(moderation_command("restrict", restrict_command));
  module.commands.push_back(moderation_command("unrestrict", unrestrict_command));
  module.callbacks["restrict"] = restrict_pressed;
  module.callbacks["unrestrict"] = unrestrict_pressed;
  return module;
}

}  // namespace warden::modules

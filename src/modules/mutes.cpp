// Mutes: mute, tmute, smute, dmute and unmute. A mute removes every send permission; an unmute
// restores the chat's default permissions.

#include "core/permissions.h"
#include "core/target.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/duration.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

asio::awaitable<void> mute(Context& ctx, const CommandCall& call, bool silent, bool delete_replied,
                           bool timed) {
  if (delete_replied && !ctx.message->reply_to_message) {
    co_await ctx.reply(ctx.text("common.reply_required"));
    co_return;
  }
  if ((silent || delete_replied)) {
    auto bot_ok = co_await core::require_bot_right(ctx, Right::kDelete);
    if (!bot_ok) co_return;
  }
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.require_member = true});
  if (!target_ok) co_return;
  std::int64_t until = 0;
  std::int64_t seconds = 0;
  std::string reason = target->rest;
  if (timed) {
    auto duration = co_await read_restriction_duration(ctx, target->rest);
    if (!duration) co_return;
    seconds = duration->seconds;
    until = ctx.now() + seconds;
    reason = duration->reason;
  }
  if (delete_replied) co_await ctx.delete_message(ctx.chat_id, ctx.message->reply_to_message->message_id);
  auto muted = co_await mute_member(ctx, target->id, until);
  if (!muted) {
    if (!silent) co_await reply_api_failure(ctx, "mute");
    co_return;
  }
  if (silent) {
    co_await ctx.delete_message(ctx.chat_id, ctx.message->message_id);
    co_return;
  }
  if (timed) {
    co_await ctx.reply(ctx.text("mutes.tmuted", "admin", caller_mention(ctx), "user", target->mention(),
                                "duration", text::format_duration(seconds)) +
                       reason_line(ctx, reason));
    co_return;
  }
  co_await ctx.reply(ctx.text("mutes.muted", "admin", caller_mention(ctx), "user", target->mention()) +
                         reason_line(ctx, reason),
                     undo_keyboard(ctx, "unmute", target->id));
}

asio::awaitable<void> mute_command(Context& ctx, const CommandCall& call) { co_await mute(ctx, call, false, false, false); }
asio::awaitable<void> smute_command(Context& ctx, const CommandCall& call) { co_await mute(ctx, call, true, false, false); }
asio::awaitable<void> dmute_command(Context& ctx, const CommandCall& call) { co_await mute(ctx, call, false, true, false); }
asio::awaitable<void> tmute_command(Context& ctx, const CommandCall& call) { co_await mute(ctx, call, false, false, true); }

asio::awaitable<void> unmute_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.protect_admins = false, .require_member = true});
  if (!target_ok) co_return;
  auto unmuted = co_await unmute_member(ctx, target->id);
  if (!unmuted) {
    co_await reply_api_failure(ctx, "unmute");
    co_return;
  }
  co_await ctx.reply(ctx.text("mutes.unmuted", "admin", caller_mention(ctx), "user", target->mention()));
}

}  // namespace

core::Module mutes_module() {
  core::Module module;
  module.name = "Mutes";
  module.help_key = "mutes.help";
  module.priority = 80;
  module.help_aliases = {"mute", "unmute", "tmute", "smute", "dmute"};
  module.commands.push_back(moderation_command("mute", mute_command));
  module.commands.push_back(moderation_command("tmute", tmute_command));
  module.commands.push_back(moderation_command("smute", smute_command));
  module.commands.push_back(moderation_command("dmute", dmute_command));
  module.commands.push_back(moderation_command("unmute", unmute_command));
  for (auto& command : module.commands) command.help_key = "mutes.help_" + command.name;
  return module;
}

}  // namespace warden::modules

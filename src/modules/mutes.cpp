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

constexpr RestrictionWording kMuteWording{"mute", "mutes.muted", "mutes.tmuted", "unmute"};

asio::awaitable<void> mute(Context& ctx, const CommandCall& call, Variant variant) {
  auto target = co_await begin_restriction(ctx, call, variant);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {.require_member = true});
  if (!target_ok) co_return;
  auto restriction = co_await prepare_restriction(ctx, *target, variant);
  if (!restriction) co_return;
  auto muted = co_await mute_member(ctx, target->id, restriction->until_date);
  co_await report_restriction(ctx, *target, variant, *restriction, muted, kMuteWording);
}

asio::awaitable<void> mute_command(Context& ctx, const CommandCall& call) {
  co_await mute(ctx, call, {});
}
asio::awaitable<void> smute_command(Context& ctx, const CommandCall& call) {
  co_await mute(ctx, call, {.silent = true});
}
asio::awaitable<void> dmute_command(Context& ctx, const CommandCall& call) {
  co_await mute(ctx, call, {.delete_replied = true});
}
asio::awaitable<void> tmute_command(Context& ctx, const CommandCall& call) {
  co_await mute(ctx, call, {.timed = true});
}

asio::awaitable<void> unmute_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok =
      co_await core::check_target(ctx, *target, {.protect_admins = false, .require_member = true});
  if (!target_ok) co_return;
  auto unmuted = co_await unmute_member(ctx, target->id);
  if (!unmuted) {
    co_await reply_api_failure(ctx, "unmute");
    co_return;
  }
  co_await ctx.reply(
      ctx.text("mutes.unmuted", "admin", caller_mention(ctx), "user", target->mention()));
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

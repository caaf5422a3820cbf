// The bot's own membership: greets a supergroup that adds it, leaves basic groups (after
// explaining why) and channels, refreshes the admin cache when admin rights change, and moves a
// chat's data when a group becomes a supergroup.

#include <spdlog/spdlog.h>

#include "core/context.h"
#include "modules/modules.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::Context;
using core::Flow;

namespace {

asio::awaitable<void> leave(Context& ctx) {
  boost::json::object params;
  params["chat_id"] = ctx.chat_id;
  co_await ctx.services.api.call("leaveChat", std::move(params), telegram::CallOptions());
}

asio::awaitable<Flow> on_my_membership(Context& ctx) {
  const auto& change = *ctx.update.member_update;
  ctx.services.admins.invalidate(ctx.chat_id);
  bool was_in = change.old_chat_member.is_present();
  bool is_in = change.new_chat_member.is_present();
  if (was_in || !is_in) {
    if (!is_in) spdlog::info("event=bot_removed chat_id={} by={}", ctx.chat_id, change.from.id);
    co_return Flow::kContinue;
  }
  spdlog::info("event=bot_added chat_id={} type={} by={}", ctx.chat_id,
               static_cast<int>(ctx.chat_type), change.from.id);
  switch (ctx.chat_type) {
    case telegram::ChatType::kPrivate:
      co_return Flow::kStop;
    case telegram::ChatType::kChannel:
      co_await leave(ctx);
      co_return Flow::kStop;
    case telegram::ChatType::kGroup:
      co_await ctx.send(ctx.chat_id, ctx.text("bot.basic_group"));
      co_await leave(ctx);
      co_return Flow::kStop;
    default:
      break;
  }
  std::string text =
      ctx.text("bot.added", "chat", text::escape_html(change.chat.title.value_or("")));
  if (!change.new_chat_member.is_admin()) text += "\n\n" + ctx.text("bot.make_admin");
  co_await ctx.send(ctx.chat_id, std::move(text));
  co_return Flow::kContinue;
}

asio::awaitable<Flow> on_member_change(Context& ctx) {
  const auto& change = *ctx.update.member_update;
  if (change.old_chat_member.is_admin() != change.new_chat_member.is_admin() ||
      change.old_chat_member.status != change.new_chat_member.status) {
    if (change.old_chat_member.is_admin() || change.new_chat_member.is_admin()) {
      ctx.services.admins.invalidate(ctx.chat_id);
    }
  }
  co_return Flow::kContinue;
}

asio::awaitable<Flow> on_migration(Context& ctx) {
  const telegram::Message& message = *ctx.message;
  if (!message.migrate_to_chat_id) co_return Flow::kContinue;
  std::int64_t new_id = *message.migrate_to_chat_id;
  auto moved = ctx.services.chats.migrate_chat(message.chat.id, new_id);
  ctx.services.admins.move(message.chat.id, new_id);
  if (!moved) {
    spdlog::error("event=chat_migration_failed chat_id={} new_chat_id={} error=\"{}\"",
                  message.chat.id, new_id, moved.error().message);
  } else {
    spdlog::info("event=chat_migrated chat_id={} new_chat_id={}", message.chat.id, new_id);
  }
  co_return Flow::kStop;
}

}  // namespace

core::Module bot_updates_module() {
  core::Module module;
  module.name = "BotUpdates";
  module.priority = -10;
  module.in_help = false;
  module.watchers.push_back({-1, {telegram::UpdateKind::kMyChatMember}, on_my_membership});
  module.watchers.push_back({0, {telegram::UpdateKind::kChatMember}, on_member_change});
  module.watchers.push_back({-3, {telegram::UpdateKind::kMessage}, on_migration});
  return module;
}

}  // namespace warden::modules

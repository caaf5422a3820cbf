// Admin: adminlist, admincache, clearadmincache, promote, demote, title, invitelink and
// anonadmin.

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "core/permissions.h"
#include "core/target.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

constexpr std::size_t kMaxTitleLength = 16;  // Telegram's limit for custom admin titles

asio::awaitable<void> adminlist_command(Context& ctx, const CommandCall&) {
  bool cached = ctx.services.admins.cached(ctx.chat_id) != nullptr;
  auto list = co_await ctx.services.admins.get(ctx.chat_id);
  if (!list) {
    co_await reply_api_failure(ctx, "getChatAdministrators");
    co_return;
  }
  std::string lines;
  for (const auto& member : (*list)->members) {
    if (member.user.is_bot || member.is_anonymous) continue;
    std::string name = member.user.username
                           ? "@" + text::escape_html(*member.user.username)
                           : text::mention_html(member.user.id, member.user.first_name);
    if (member.status == telegram::MemberStatus::kCreator)
      name += " " + ctx.text("admin.owner_mark");
    lines += "\n- " + name;
  }
  if (lines.empty()) {
    co_await ctx.reply(ctx.text("admin.no_visible_admins"));
    co_return;
  }
  std::string title = text::escape_html(ctx.message->chat.title.value_or(""));
  co_await ctx.reply(ctx.text("admin.list_header", "chat", title) + lines + "\n\n" +
                     ctx.text(cached ? "admin.list_cached" : "admin.list_fresh"));
}

asio::awaitable<void> admincache_command(Context& ctx, const CommandCall&) {
  auto list = co_await ctx.services.admins.get(ctx.chat_id, true);
  if (!list) {
    co_await reply_api_failure(ctx, "getChatAdministrators");
    co_return;
  }
  co_await ctx.reply(
      ctx.text("admin.cache_reloaded", "count", std::to_string((*list)->members.size())));
}

asio::awaitable<void> clearadmincache_command(Context& ctx, const CommandCall&) {
  ctx.services.admins.invalidate(ctx.chat_id);
  co_await ctx.reply(ctx.text("admin.cache_cleared"));
}

boost::json::object promotion(const telegram::ChatMember& bot,
                              const std::optional<telegram::ChatMember>& promoter, bool grant) {
  auto allow = [&](bool bot_has, bool promoter_has) {
    return grant && bot_has &&
           (!promoter || promoter->status == telegram::MemberStatus::kCreator || promoter_has);
  };
  boost::json::object params;
  const telegram::ChatMember empty;
  const telegram::ChatMember& p = promoter ? *promoter : empty;
  params["can_manage_chat"] = allow(bot.can_manage_chat, p.can_manage_chat);
  params["can_delete_messages"] = allow(bot.can_delete_messages, p.can_delete_messages);
  params["can_manage_video_chats"] = allow(bot.can_manage_video_chats, p.can_manage_video_chats);
  params["can_restrict_members"] = allow(bot.can_restrict_members, p.can_restrict_members);
  params["can_change_info"] = allow(bot.can_change_info, p.can_change_info);
  params["can_invite_users"] = allow(bot.can_invite_users, p.can_invite_users);
  params["can_pin_messages"] = allow(bot.can_pin_messages, p.can_pin_messages);
  params["can_manage_topics"] = allow(bot.can_manage_topics, p.can_manage_topics);
  params["can_promote_members"] = false;
  return params;
}

asio::awaitable<void> set_title(Context& ctx, std::int64_t user_id, std::string title,
                                std::string& note) {
  std::size_t length = text::utf16_length(title);
  if (length > kMaxTitleLength) {
    note = "\n" + ctx.text("admin.title_truncated", "length", std::to_string(length));
    title = text::truncate_utf16(title, kMaxTitleLength);
  }
  boost::json::object params;
  params["user_id"] = user_id;
  params["custom_title"] = title;
  auto moderated = co_await ctx.moderate("setChatAdministratorCustomTitle", std::move(params));
  if (!moderated) note = "\n" + ctx.text("admin.title_failed");
}

asio::awaitable<void> promote_command(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return;
  auto target_ok = co_await core::check_target(ctx, *target, {});
  if (!target_ok) co_return;
  auto bot = co_await core::find_admin(ctx, ctx.chat_id, ctx.services.me.id);
  if (!bot) {
    co_await ctx.reply(ctx.text("common.bot_not_admin"));
    co_return;
  }
  std::optional<telegram::ChatMember> promoter;
  if (ctx.sender.is_person()) promoter = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  boost::json::object params = promotion(*bot, promoter, true);
  params["user_id"] = target->id;
  auto moderated = co_await ctx.moderate("promoteChatMember", std::move(params));
  if (!moderated) {
    co_await ctx.reply(ctx.text("admin.promote_failed"));
    co_return;
  }
  ctx.services.admins.invalidate(ctx.chat_id);
  std::string note;
  if (!target->rest.empty()) co_await set_title(ctx, target->id, target->rest, note);
  co_await ctx.reply(ctx.text("admin.promoted", "user", target->mention()) + note);
}

// Finds the target of /demote or /title, which must be an admin other than the owner; replies
// and returns nothing otherwise.
asio::awaitable<std::optional<core::Target>> admin_target(Context& ctx, const CommandCall& call) {
  auto target = co_await core::extract_target(ctx, call);
  if (!target) co_return std::nullopt;
  auto target_ok = co_await core::check_target(ctx, *target, {.protect_admins = false});
  if (!target_ok) co_return std::nullopt;
  auto member = co_await core::find_admin(ctx, ctx.chat_id, target->id);
  if (!member) {
    co_await ctx.reply(ctx.text("admin.not_admin", "user", target->mention()));
    co_return std::nullopt;
  }
  if (member->status == telegram::MemberStatus::kCreator) {
    co_await ctx.reply(ctx.text("target.is_owner", "user", target->mention()));
    co_return std::nullopt;
  }
  co_return target;
}

asio::awaitable<void> demote_command(Context& ctx, const CommandCall& call) {
  auto target = co_await admin_target(ctx, call);
  if (!target) co_return;
  telegram::ChatMember bot;
  boost::json::object params = promotion(bot, std::nullopt, false);
  params["user_id"] = target->id;
  auto moderated = co_await ctx.moderate("promoteChatMember", std::move(params));
  if (!moderated) {
    co_await ctx.reply(ctx.text("admin.demote_failed"));
    co_return;
  }
  ctx.services.admins.invalidate(ctx.chat_id);
  co_await ctx.reply(ctx.text("admin.demoted", "user", target->mention()));
}

asio::awaitable<void> title_command(Context& ctx, const CommandCall& call) {
  auto target = co_await admin_target(ctx, call);
  if (!target) co_return;
  if (target->rest.empty()) {
    co_await ctx.reply(ctx.text("admin.title_missing"));
    co_return;
  }
  std::string note;
  co_await set_title(ctx, target->id, target->rest, note);
  if (note.find(ctx.text("admin.title_failed")) != std::string::npos) {
    co_await ctx.reply(ctx.text("admin.title_failed"));
    co_return;
  }
  std::string title = text::escape_html(text::truncate_utf16(target->rest, kMaxTitleLength));
  co_await ctx.reply(ctx.text("admin.title_set", "user", target->mention(), "title", title) + note);
}

asio::awaitable<void> invitelink_command(Context& ctx, const CommandCall&) {
  if (ctx.message->chat.username) {
    co_await ctx.reply(ctx.text("admin.invite_link", "link",
                                "https://t.me/" + text::escape_html(*ctx.message->chat.username)));
    co_return;
  }
  auto bot_ok = co_await core::require_bot_right(ctx, Right::kInvite);
  if (!bot_ok) co_return;
  // exportChatInviteLink revokes the current primary link, so the existing one is shown when
  // the chat has one, and a new one is made only when it has none.
  auto chat = co_await ctx.services.api.get_chat(ctx.chat_id);
  if (chat && chat->invite_link && !chat->invite_link->empty()) {
    std::string link = text::escape_html(*chat->invite_link);
    co_await ctx.reply(ctx.text("admin.invite_link", "link", link));
    co_return;
  }
  boost::json::object params;
  auto link = co_await ctx.moderate("exportChatInviteLink", std::move(params));
  if (!link) co_return co_await reply_api_failure(ctx, "exportChatInviteLink");
  thread_local simdjson::dom::parser parser;
  std::string_view url;
  if (parser.parse(*link).get_object()["result"].get_string().get(url) != simdjson::SUCCESS) {
    co_return co_await reply_api_failure(ctx, "exportChatInviteLink");
  }
  co_await ctx.reply(ctx.text("admin.invite_link", "link", text::escape_html(url)));
}

asio::awaitable<void> anonadmin_command(Context& ctx, const CommandCall& call) {
  auto settings = ctx.services.chats.settings(ctx.chat_id);
  if (!settings) {
    co_await ctx.reply(ctx.text("common.storage_error"));
    co_return;
  }
  if (call.args.empty()) {
    const char* key = settings->anon_admin ? "admin.anon_on" : "admin.anon_off";
    co_await ctx.reply(ctx.text(key));
    co_return;
  }
  if (!ctx.sender.is_person()) {
    co_await ctx.reply(ctx.text("common.owner_anonymous"));
    co_return;
  }
  auto member = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!member || member->status != telegram::MemberStatus::kCreator) {
    {
      co_await ctx.reply(ctx.text("common.owner_only"));
      co_return;
    }
  }
  std::string value = storage::to_lower_ascii(call.args.front());
  bool enable = false;
  if (value == "on" || value == "yes" || value == "true")
    enable = true;
  else if (value == "off" || value == "no" || value == "false")
    enable = false;
  else {
    co_await ctx.reply(ctx.text("admin.anon_invalid", "value", text::escape_html(value)));
    co_return;
  }
  if (settings->anon_admin == enable) {
    {
      const char* key = enable ? "admin.anon_already_on" : "admin.anon_already_off";
      co_await ctx.reply(ctx.text(key));
      co_return;
    }
  }
  settings->anon_admin = enable;
  if (!ctx.services.chats.save_settings(ctx.chat_id, *settings)) {
    co_await ctx.reply(ctx.text("common.storage_error"));
    co_return;
  }
  const char* key = enable ? "admin.anon_enabled" : "admin.anon_disabled";
  co_await ctx.reply(ctx.text(key));
}

core::Command command(std::string name, core::CommandHandler handler) {
  core::Command result;
  result.name = std::move(name);
  result.group_only = true;
  result.help_key = "admin.help_" + result.name;
  result.handler = std::move(handler);
  return result;
}

}  // namespace

core::Module admin_module() {
  core::Module module;
  module.name = "Admin";
  module.help_key = "admin.help";
  module.priority = 30;
  module.help_aliases = {"admins", "promote", "demote", "title"};

  auto adminlist = command("adminlist", adminlist_command);
  adminlist.disableable = true;
  module.commands.push_back(adminlist);
  auto cache = command("admincache", admincache_command);
  cache.access = core::Access::kAdmin;
  module.commands.push_back(cache);
  auto clear = command("clearadmincache", clearadmincache_command);
  clear.access = core::Access::kAdmin;
  module.commands.push_back(clear);
  const std::pair<const char*, core::CommandHandler> promotions[] = {
      {"promote", promote_command}, {"demote", demote_command}, {"title", title_command}};
  for (const auto& [name, handler] : promotions) {
    auto promote = command(name, handler);
    promote.access = core::Access::kAdmin;
    promote.user_right = Right::kPromote;
    promote.bot_right = Right::kPromote;
    promote.anonymous_confirm = true;
    module.commands.push_back(promote);
  }
  auto invite = command("invitelink", invitelink_command);
  invite.access = core::Access::kAdmin;
  invite.user_right = Right::kInvite;
  module.commands.push_back(invite);
  auto anon = command("anonadmin", anonadmin_command);
  anon.bot_admin = true;
  module.commands.push_back(anon);
  return module;
}

}  // namespace warden::modules

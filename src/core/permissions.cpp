#include "core/permissions.h"

#include <spdlog/spdlog.h>

#include "text/html.h"

namespace warden::core {

namespace asio = boost::asio;

asio::awaitable<std::optional<telegram::ChatMember>> find_admin(Context& ctx, std::int64_t chat_id,
                                                                std::int64_t user_id) {
  auto list = co_await ctx.services.admins.get(chat_id);
  if (!list) {
    spdlog::warn("event=admin_list_failed chat_id={} error_code={} error=\"{}\"", chat_id,
                 list.error().error_code, list.error().description);
    co_return std::nullopt;
  }
  const telegram::ChatMember* member = (*list)->find(user_id);
  if (!member) co_return std::nullopt;
  co_return *member;
}

asio::awaitable<bool> is_admin(Context& ctx, std::int64_t chat_id, std::int64_t user_id) {
  co_return (co_await find_admin(ctx, chat_id, user_id)).has_value();
}

asio::awaitable<bool> require_bot_right(Context& ctx, Right right) {
  auto bot = co_await find_admin(ctx, ctx.chat_id, ctx.services.me.id);
  if (!bot) {
    co_await ctx.reply(ctx.text("common.bot_not_admin"));
    co_return false;
  }
  if (right != Right::kNone && !has_right(*bot, right)) {
    co_await ctx.reply(ctx.text("common.bot_missing_right", "right", right_name(right)));
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> require_presser_right(Context& ctx, Right right) {
  auto member = co_await find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!member) {
    co_await ctx.answer_callback(ctx.text("common.button_admins_only"), true);
    co_return false;
  }
  if (right != Right::kNone && !has_right(*member, right)) {
    co_await ctx.answer_callback(
        ctx.text("common.button_missing_right", "right", right_name(right)), true);
    co_return false;
  }
  co_return true;
}

namespace {

// Stores an anonymous admin's command and posts a button for a real admin to confirm it.
asio::awaitable<void> ask_anonymous_confirmation(Context& ctx, const Command& command) {
  std::int64_t expires = unix_now() + ctx.services.confirmation_ttl_seconds;
  auto stored = ctx.services.chats.put_confirmation(ctx.chat_id, ctx.message->message_id,
                                                    std::string(ctx.raw_json), expires);
  if (!stored) {
    spdlog::error("event=confirmation_store_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  stored.error().message);
    co_await ctx.reply(ctx.text("common.storage_error"));
    co_return;
  }
  std::map<std::string, std::string> fields;
  fields["c"] = std::to_string(ctx.chat_id);
  fields["m"] = std::to_string(ctx.message->message_id);
  auto data = make_callback_data("anon_admin", fields);
  Keyboard keyboard = single_row(button_callback(ctx.text("common.anon_confirm_button"), *data));
  co_await ctx.reply(ctx.text("common.anon_confirm", "command", command.name), std::move(keyboard));
}

}  // namespace

asio::awaitable<bool> pass_gates(Context& ctx, const Command& command) {
  if (command.group_only && !ctx.in_group()) {
    co_await ctx.reply(ctx.text("common.group_only"));
    co_return false;
  }
  if (!ctx.in_group()) co_return true;
  bool needs_admin = command.access != Access::kAnyone || command.user_right != Right::kNone;
  if (!needs_admin) {
    if (command.bot_admin || command.bot_right != Right::kNone) {
      {
        auto result = co_await require_bot_right(ctx, command.bot_right);
        co_return result;
      }
    }
    co_return true;
  }

  switch (ctx.sender.kind) {
    case SenderKind::kChannel:
    case SenderKind::kLinkedChannel:
    case SenderKind::kNone:
      co_await ctx.reply(ctx.text("common.channel_not_allowed"));
      co_return false;
    case SenderKind::kAnonymousAdmin: {
      if (command.access == Access::kOwner) {
        co_await ctx.reply(ctx.text("common.owner_anonymous"));
        co_return false;
      }
      if (command.user_right != Right::kNone) {
        auto settings = ctx.services.chats.settings(ctx.chat_id);
        bool trusted = settings && settings->anon_admin;
        if (!trusted) {
          if (command.anonymous_confirm) {
            co_await ask_anonymous_confirmation(ctx, command);
          } else {
            co_await ctx.reply(ctx.text("common.anonymous_not_allowed"));
          }
          co_return false;
        }
      }
      break;
    }
    case SenderKind::kUser: {
      auto list = co_await ctx.services.admins.get(ctx.chat_id);
      if (!list) {
        spdlog::warn("event=admin_list_failed chat_id={} error_code={} error=\"{}\"", ctx.chat_id,
                     list.error().error_code, list.error().description);
        co_await ctx.reply(ctx.text("common.admin_list_failed"));
        co_return false;
      }
      std::optional<telegram::ChatMember> member;
      if (const telegram::ChatMember* found = (*list)->find(ctx.sender.id)) member = *found;
      if (command.access == Access::kOwner) {
        if (!member || member->status != telegram::MemberStatus::kCreator) {
          co_await ctx.reply(ctx.text("common.owner_only"));
          co_return false;
        }
      } else if (!member) {
        co_await ctx.reply(ctx.text("common.not_admin"));
        co_return false;
      }
      if (command.user_right != Right::kNone && !has_right(*member, command.user_right)) {
        co_await ctx.reply(
            ctx.text("common.user_missing_right", "right", right_name(command.user_right)));
        co_return false;
      }
      break;
    }
  }
  if (command.bot_admin || command.bot_right != Right::kNone) {
    {
      auto result = co_await require_bot_right(ctx, command.bot_right);
      co_return result;
    }
  }
  co_return true;
}

}  // namespace warden::core

// Records the users, chats and channels in the updates the bot receives, for @username lookups and membership
// hints. Runs before commands on every message and member update; writes are batched.

#include "core/context.h"
#include "modules/modules.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::Context;
using core::Flow;

namespace {

void observe_message(Context& ctx, const telegram::Message& message, std::int64_t now) {
  auto& directory = ctx.services.directory;
  bool group = message.chat.type == telegram::ChatType::kGroup ||
               message.chat.type == telegram::ChatType::kSupergroup;
  if (group) directory.observe_chat(message.chat, now);
  if (message.sender_chat && message.sender_chat->id != message.chat.id) {
    directory.observe_chat(*message.sender_chat, now);
  } else if (message.from && !message.sender_chat) {
    core::Sender sender = core::resolve_sender(message);
    if (sender.is_person()) {
      directory.observe_user(*message.from, now);
      if (group) directory.observe_member(message.chat.id, message.from->id, now);
    }
  }
  for (const telegram::User& user : message.new_chat_members) {
    directory.observe_user(user, now);
    if (group) directory.observe_member(message.chat.id, user.id, now);
  }
  if (message.left_chat_member)
    directory.forget_member(message.chat.id, message.left_chat_member->id);
  if (message.forward_origin && message.forward_origin->sender_user) {
    directory.observe_user(*message.forward_origin->sender_user, now);
  }
}

asio::awaitable<Flow> track(Context& ctx) {
  std::int64_t now = core::unix_now();
  if (ctx.message) {
    observe_message(ctx, *ctx.message, now);
    if (ctx.message->reply_to_message) observe_message(ctx, *ctx.message->reply_to_message, now);
  } else if (ctx.update.member_update) {
    const auto& change = *ctx.update.member_update;
    auto& directory = ctx.services.directory;
    directory.observe_chat(change.chat, now);
    directory.observe_user(change.new_chat_member.user, now);
    if (change.new_chat_member.is_present()) {
      directory.observe_member(change.chat.id, change.new_chat_member.user.id, now);
    } else {
      directory.forget_member(change.chat.id, change.new_chat_member.user.id);
    }
  } else if (ctx.callback) {
    ctx.services.directory.observe_user(ctx.callback->from, now);
  }
  co_return Flow::kContinue;
}

}  // namespace

core::Module users_module() {
  core::Module module;
  module.name = "Users";
  module.priority = 100;
  module.in_help = false;
  module.watchers.push_back({-1,
                             {telegram::UpdateKind::kMessage, telegram::UpdateKind::kChatMember,
                              telegram::UpdateKind::kCallbackQuery},
                             track});
  return module;
}

}  // namespace warden::modules

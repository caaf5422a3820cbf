#pragma once

// The checks that run before a command: group-only, caller is admin or owner, caller and bot
// hold the named right. Each failed check replies with what is missing.

#include <boost/asio/awaitable.hpp>
#include <optional>

#include "core/registry.h"

namespace warden::core {

// Returns true when every gate of `command` passes for the sender of ctx; otherwise it has
// replied (or asked an anonymous admin to confirm) and returns false.
boost::asio::awaitable<bool> pass_gates(Context& ctx, const Command& command);

// The member record of `user_id` from the admin list; nothing when not an admin.
boost::asio::awaitable<std::optional<telegram::ChatMember>> find_admin(Context& ctx,
                                                                       std::int64_t chat_id,
                                                                       std::int64_t user_id);
boost::asio::awaitable<bool> is_admin(Context& ctx, std::int64_t chat_id, std::int64_t user_id);

// Checks that the bot is an admin holding `right` (kNone: any admin); replies when not.
boost::asio::awaitable<bool> require_bot_right(Context& ctx, Right right);
// Checks that the person who pressed a button is an admin with `right`. When not, it sends
// an alert in reply to the callback.
boost::asio::awaitable<bool> require_presser_right(Context& ctx, Right right);

}  // namespace warden::core

#pragma once

// Finds whom a moderation command is about: the replied-to sender, a text mention, an
// @username seen before, or a numeric user or channel id; the text after it is the rest
// (reason, duration). Then checks the target: not the bot, not an admin or the owner, in
// the chat. Each failure replies with what was wrong.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/command.h"
#include "core/context.h"

namespace warden::core {

struct Target {
  std::int64_t id = 0;
  std::string name;         // first name or channel title, for mentions
  bool is_channel = false;  // a channel or an anonymous group sender
  bool from_reply = false;
  std::string rest;  // the text after the target
  std::string mention() const;
};

// Returns the target or, after replying why, nothing.
boost::asio::awaitable<std::optional<Target>> extract_target(Context& ctx, const CommandCall& call);

struct TargetRules {
  bool allow_channel = false;   // channel ids are acceptable targets
  bool protect_admins = true;   // admins and the owner are refused
  bool require_member = false;  // the target must be in the chat now
};

// Returns true when the target may be acted on; otherwise it has replied why.
boost::asio::awaitable<bool> check_target(Context& ctx, const Target& target, TargetRules rules);

// Byte offset in UTF-8 text of a UTF-16 code unit offset (clamped to the text).
std::size_t utf16_to_byte_offset(std::string_view utf8, std::size_t units);

}  // namespace warden::core

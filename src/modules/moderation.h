#pragma once

// Helpers the moderation modules share: the Bot API calls behind ban, kick, mute and unmute,
// duration parsing with the replies for bad input, and the wording of mentions and reasons.

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>

#include "core/command.h"
#include "core/context.h"
#include "core/registry.h"
#include "core/target.h"

namespace warden::modules {

// The caller as shown in replies: a mention for a person, the chat title for an anonymous admin.
std::string caller_mention(const core::Context& ctx);
// Reasons longer than this are cut in replies (UTF-16 code units), so that a long reason cannot
// push a reply past Telegram's 4096-character limit after the action was taken.
inline constexpr std::size_t kMaxShownReason = 500;

// "\nReason: ..." with the reason escaped and shortened, or nothing when it is empty.
std::string reason_line(const core::Context& ctx, std::string_view reason);
// Cuts text to max_units UTF-16 code units, ending with an ellipsis when it was cut.
std::string shorten(std::string_view text, std::size_t max_units);
// Replies with a header and lines, in as many messages as Telegram's length limit needs.
boost::asio::awaitable<void> reply_lines(core::Context& ctx, std::string header,
                                         const std::vector<std::string>& lines,
                                         telegram::Priority priority = telegram::Priority::kReply);

struct DurationAndReason {
  std::int64_t seconds = 0;
  std::string reason;
};
// Reads "<duration> [reason]" for tban/tmute; replies and returns nothing when the duration is
// missing, malformed, or outside Telegram's 30 seconds to 366 days.
boost::asio::awaitable<std::optional<DurationAndReason>> read_restriction_duration(
    core::Context& ctx, std::string_view text);

// until_date is a unix time; 0 means forever.
boost::asio::awaitable<bool> ban_member(core::Context& ctx, std::int64_t user_id,
                                        std::int64_t until_date);
boost::asio::awaitable<bool> kick_member(core::Context& ctx, std::int64_t user_id);
boost::asio::awaitable<bool> mute_member(core::Context& ctx, std::int64_t user_id,
                                         std::int64_t until_date);
// Restores the chat's default permissions.
boost::asio::awaitable<bool> unmute_member(core::Context& ctx, std::int64_t user_id);
boost::asio::awaitable<bool> unban_member(core::Context& ctx, std::int64_t user_id);

// The variants of a restricting command: /ban, /sban (silent), /dban (deletes the replied
// message) and /tban (timed), and the same for mutes.
struct Variant {
  bool silent = false;
  bool delete_replied = false;
  bool timed = false;
};

// Checks what the variant needs (a reply, the bot's right to delete) and extracts the target;
// replies and returns nothing when something is missing.
boost::asio::awaitable<std::optional<core::Target>> begin_restriction(core::Context& ctx,
                                                                      const core::CommandCall& call,
                                                                      Variant variant);

struct Restriction {
  std::int64_t until_date = 0;  // 0 = forever
  std::int64_t seconds = 0;
  std::string reason;
};
// Reads the duration of a timed variant from the text after the target; replies and returns
// nothing when it is missing or out of range. Deletes the replied message for /dban-like variants.
boost::asio::awaitable<std::optional<Restriction>> prepare_restriction(core::Context& ctx,
                                                                       const core::Target& target,
                                                                       Variant variant);

// The replies of one kind of restriction: locale keys and the undo button's action.
struct RestrictionWording {
  const char* action;     // for the failure reply: "ban", "mute"
  const char* done_key;   // "bans.banned"
  const char* timed_key;  // "bans.tbanned"
  const char* undo;       // "unban", "unmute"
};
// Replies after the Bot API call: the failure, nothing for a silent variant (whose command is
// deleted), or the confirmation with the reason and the undo button.
boost::asio::awaitable<void> report_restriction(core::Context& ctx, const core::Target& target,
                                                Variant variant, const Restriction& restriction,
                                                bool applied, const RestrictionWording& wording);

// Replies with the Bot API's reason when a moderation call failed.
boost::asio::awaitable<void> reply_api_failure(core::Context& ctx, std::string_view action);

// A command with the standard moderation gates: group only, caller and bot hold
// can_restrict_members, anonymous admins confirm with a button.
core::Command moderation_command(std::string name, core::CommandHandler handler);

// A keyboard with one admins-only button that undoes an action ("unban" or "unmute").
core::Keyboard undo_keyboard(const core::Context& ctx, std::string_view action,
                             std::int64_t user_id);

}  // namespace warden::modules

#include "modules/moderation.h"

#include <fmt/format.h>

#include "core/permissions.h"
#include "core/registry.h"
#include "text/duration.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
namespace json = boost::json;

std::string caller_mention(const core::Context& ctx) {
  if (ctx.sender.is_person()) return text::mention_html(ctx.sender.id, ctx.sender.name);
  return ctx.text("common.anonymous_admin");
}

std::string reason_line(const core::Context& ctx, std::string_view reason) {
  if (reason.empty()) return {};
  return "\n" +
         ctx.text("common.reason", "reason", text::escape_html(shorten(reason, kMaxShownReason)));
}

std::string shorten(std::string_view text, std::size_t max_units) {
  if (text::utf16_length(text) <= max_units) return std::string(text);
  return text::truncate_utf16(text, max_units - 1) + "…";
}

boost::asio::awaitable<void> reply_lines(core::Context& ctx, std::string header,
                                         const std::vector<std::string>& lines,
                                         telegram::Priority priority) {
  // Lines are complete HTML, so cutting between them keeps every entity whole. The limit counts
  // tags too, which only makes each part shorter than Telegram's 4096 characters.
  constexpr std::size_t kMaxPart = 4000;
  std::string part = std::move(header);
  for (const std::string& line : lines) {
    if (!part.empty() && text::utf16_length(part) + text::utf16_length(line) + 1 > kMaxPart) {
      co_await ctx.reply(std::move(part), {}, priority);
      part.clear();
    }
    if (!part.empty()) part += '\n';
    part += line;
  }
  if (!part.empty()) co_await ctx.reply(std::move(part), {}, priority);
}

asio::awaitable<std::optional<DurationAndReason>> read_restriction_duration(core::Context& ctx,
                                                                            std::string_view text) {
  std::size_t space = text.find_first_of(" \n\t");
  std::string_view token = text.substr(0, space);
  if (token.empty()) {
    co_await ctx.reply(ctx.text("duration.missing"));
    co_return std::nullopt;
  }
  auto seconds = text::parse_duration(token);
  if (!seconds) {
    co_await ctx.reply(ctx.text("duration.invalid", "value", text::escape_html(token)));
    co_return std::nullopt;
  }
  if (*seconds < text::kMinRestrictionSeconds || *seconds > text::kMaxRestrictionSeconds) {
    co_await ctx.reply(ctx.text("duration.out_of_range", "value", text::escape_html(token)));
    co_return std::nullopt;
  }
  DurationAndReason result;
  result.seconds = *seconds;
  if (space != std::string_view::npos) {
    std::string_view rest = text.substr(space);
    std::size_t start = rest.find_first_not_of(" \n\t");
    if (start != std::string_view::npos) result.reason = std::string(rest.substr(start));
  }
  co_return result;
}

namespace {

json::object permissions(bool allowed) {
  json::object p;
  for (const char* name :
       {"can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos",
        "can_send_videos", "can_send_video_notes", "can_send_voice_notes", "can_send_polls",
        "can_send_other_messages", "can_add_web_page_previews", "can_invite_users"}) {
    p[name] = allowed;
  }
  p["can_change_info"] = false;
  p["can_pin_messages"] = false;
  p["can_manage_topics"] = false;
  return p;
}

json::object from_chat_permissions(const telegram::ChatPermissions& source) {
  json::object p = permissions(true);
  auto set = [&](const char* name, const std::optional<bool>& value) {
    if (value) p[name] = *value;
  };
  set("can_send_messages", source.can_send_messages);
  set("can_send_audios", source.can_send_audios);
  set("can_send_documents", source.can_send_documents);
  set("can_send_photos", source.can_send_photos);
  set("can_send_videos", source.can_send_videos);
  set("can_send_video_notes", source.can_send_video_notes);
  set("can_send_voice_notes", source.can_send_voice_notes);
  set("can_send_polls", source.can_send_polls);
  set("can_send_other_messages", source.can_send_other_messages);
  set("can_add_web_page_previews", source.can_add_web_page_previews);
  set("can_change_info", source.can_change_info);
  set("can_invite_users", source.can_invite_users);
  set("can_pin_messages", source.can_pin_messages);
  set("can_manage_topics", source.can_manage_topics);
  return p;
}

}  // namespace

asio::awaitable<bool> ban_member(core::Context& ctx, std::int64_t user_id,
                                 std::int64_t until_date) {
  json::object params;
  params["user_id"] = user_id;
  if (until_date != 0) params["until_date"] = until_date;
  co_return (co_await ctx.moderate("banChatMember", std::move(params))).has_value();
}

asio::awaitable<bool> kick_member(core::Context& ctx, std::int64_t user_id) {
  // unbanChatMember without only_if_banned removes a member who may then join again.
  json::object params;
  params["user_id"] = user_id;
  co_return (co_await ctx.moderate("unbanChatMember", std::move(params))).has_value();
}

asio::awaitable<bool> unban_member(core::Context& ctx, std::int64_t user_id) {
  json::object params;
  params["user_id"] = user_id;
  params["only_if_banned"] = true;
  co_return (co_await ctx.moderate("unbanChatMember", std::move(params))).has_value();
}

asio::awaitable<bool> mute_member(core::Context& ctx, std::int64_t user_id,
                                  std::int64_t until_date) {
  json::object params;
  params["user_id"] = user_id;
  params["permissions"] = permissions(false);
  params["use_independent_chat_permissions"] = true;
  if (until_date != 0) params["until_date"] = until_date;
  co_return (co_await ctx.moderate("restrictChatMember", std::move(params))).has_value();
}

asio::awaitable<bool> unmute_member(core::Context& ctx, std::int64_t user_id) {
  auto chat = co_await ctx.services.api.get_chat(ctx.chat_id);
  json::object params;
  params["user_id"] = user_id;
  params["permissions"] =
      chat && chat->permissions ? from_chat_permissions(*chat->permissions) : permissions(true);
  params["use_independent_chat_permissions"] = true;
  co_return (co_await ctx.moderate("restrictChatMember", std::move(params))).has_value();
}

asio::awaitable<std::optional<core::Target>> begin_restriction(core::Context& ctx,
                                                               const core::CommandCall& call,
                                                               Variant variant) {
  if (variant.delete_replied && !ctx.message->reply_to_message) {
    co_await ctx.reply(ctx.text("common.reply_required"));
    co_return std::nullopt;
  }
  if (variant.silent || variant.delete_replied) {
    auto bot_ok = co_await core::require_bot_right(ctx, core::Right::kDelete);
    if (!bot_ok) co_return std::nullopt;
  }
  auto target = co_await core::extract_target(ctx, call);
  co_return target;
}

asio::awaitable<std::optional<Restriction>> prepare_restriction(core::Context& ctx,
                                                                const core::Target& target,
                                                                Variant variant) {
  Restriction restriction;
  restriction.reason = target.rest;
  if (variant.timed) {
    auto duration = co_await read_restriction_duration(ctx, target.rest);
    if (!duration) co_return std::nullopt;
    restriction.seconds = duration->seconds;
    restriction.until_date = ctx.now() + duration->seconds;
    restriction.reason = duration->reason;
  }
  if (variant.delete_replied) {
    co_await ctx.delete_message(ctx.chat_id, ctx.message->reply_to_message->message_id);
  }
  co_return restriction;
}

asio::awaitable<void> report_restriction(core::Context& ctx, const core::Target& target,
                                         Variant variant, const Restriction& restriction,
                                         bool applied, const RestrictionWording& wording) {
  if (!applied) {
    if (!variant.silent) co_await reply_api_failure(ctx, wording.action);
    co_return;
  }
  if (variant.silent) {
    co_await ctx.delete_message(ctx.chat_id, ctx.message->message_id);
    co_return;
  }
  std::string reason = reason_line(ctx, restriction.reason);
  if (variant.timed) {
    std::string duration = text::format_duration(restriction.seconds);
    co_await ctx.reply(ctx.text(wording.timed_key, "admin", caller_mention(ctx), "user",
                                target.mention(), "duration", duration) +
                       reason);
    co_return;
  }
  std::string text =
      ctx.text(wording.done_key, "admin", caller_mention(ctx), "user", target.mention()) + reason;
  co_await ctx.reply(std::move(text), undo_keyboard(ctx, wording.undo, target.id));
}

asio::awaitable<void> reply_api_failure(core::Context& ctx, std::string_view action) {
  co_await ctx.reply(ctx.text("common.action_failed", "action", action));
}

core::Keyboard undo_keyboard(const core::Context& ctx, std::string_view action,
                             std::int64_t user_id) {
  std::map<std::string, std::string> fields;
  fields["a"] = std::string(action);
  fields["u"] = std::to_string(user_id);
  auto data = core::make_callback_data("unrestrict", fields);
  if (!data) return {};
  std::string label = ctx.text(action == "unban" ? "bans.unban_button" : "mutes.unmute_button");
  return core::single_row(core::button_callback(label, *data));
}

}  // namespace warden::modules

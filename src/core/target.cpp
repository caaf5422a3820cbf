#include "core/target.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "core/permissions.h"
#include "text/html.h"

namespace warden::core {

namespace asio = boost::asio;

std::string Target::mention() const {
  if (is_channel) return text::escape_html(name);
  return text::mention_html(id, name.empty() ? std::to_string(id) : name);
}

std::size_t utf16_to_byte_offset(std::string_view utf8, std::size_t units) {
  std::size_t seen = 0;
  std::size_t i = 0;
  while (i < utf8.size() && seen < units) {
    unsigned char lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 1;
    seen += length == 4 ? 2 : 1;
    i += length;
  }
  return std::min(i, utf8.size());
}

namespace {

std::string trim(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \n\t\r");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \n\t\r");
  return std::string(text.substr(start, end - start + 1));
}

// The text after the first whitespace-separated token of `args`.
std::string after_first_token(std::string_view args) {
  std::size_t space = args.find_first_of(" \n\t");
  if (space == std::string_view::npos) return {};
  return trim(args.substr(space));
}

std::optional<Target> from_replied(const telegram::Message& message) {
  const telegram::Message* replied = message.reply_to_message.get();
  if (!replied) return std::nullopt;
  Target target;
  target.from_reply = true;
  if (replied->sender_chat) {
    target.id = replied->sender_chat->id;
    target.name = replied->sender_chat->title.value_or("");
    target.is_channel = true;
  } else if (replied->from) {
    target.id = replied->from->id;
    target.name = replied->from->first_name;
  } else {
    return std::nullopt;
  }
  return target;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value > 0) return value;
  if (value < -1'000'000'000'000) return value;  // the -100... form of channels and supergroups
  return std::nullopt;
}

}  // namespace

asio::awaitable<std::optional<Target>> extract_target(Context& ctx, const CommandCall& call) {
  const telegram::Message& message = *ctx.message;
  if (call.args.empty()) {
    auto target = from_replied(message);
    if (!target) co_await ctx.reply(ctx.text("target.none"));
    co_return target;
  }

  const std::string& text = *message.text_or_caption();
  for (const telegram::MessageEntity& entity : message.text_or_caption_entities()) {
    if (entity.type != "text_mention" || !entity.user) continue;
    if (static_cast<std::size_t>(entity.offset) != call.args_offset_utf16) continue;
    Target target;
    target.id = entity.user->id;
    target.name = entity.user->first_name;
    std::size_t end = utf16_to_byte_offset(text, entity.offset + entity.length);
    target.rest = trim(std::string_view(text).substr(end));
    co_return target;
  }

  const std::string& first = call.args.front();
  if (first.size() > 1 && first[0] == '@') {
    std::string_view username = std::string_view(first).substr(1);
    auto found = ctx.services.directory.find_by_username(username);
    if (!found) {
      spdlog::error("event=username_lookup_failed chat_id={} error=\"{}\"", ctx.chat_id,
                    found.error().message);
      co_await ctx.reply(ctx.text("common.storage_error"));
      co_return std::nullopt;
    }
    if (!found->has_value()) {
      co_await ctx.reply(
          ctx.text("target.unknown_username", "username", text::escape_html(username)));
      co_return std::nullopt;
    }
    Target target;
    target.id = (*found)->id;
    target.name = (*found)->first_name;
    target.is_channel = target.id < 0;
    target.rest = after_first_token(call.raw_args);
    co_return target;
  }

  if (auto id = parse_id(first)) {
    Target target;
    target.id = *id;
    target.is_channel = *id < 0;
    target.rest = after_first_token(call.raw_args);
    if (!target.is_channel) {
      if (auto known = ctx.services.directory.find_user(*id); known && known->has_value()) {
        target.name = (*known)->first_name;
      }
    }
    if (target.name.empty()) target.name = std::to_string(*id);
    co_return target;
  }

  if (auto target = from_replied(message)) {
    target->rest = call.raw_args;
    co_return target;
  }
  co_await ctx.reply(ctx.text("target.none"));
  co_return std::nullopt;
}

asio::awaitable<bool> check_target(Context& ctx, const Target& target, TargetRules rules) {
  if (target.id == ctx.chat_id) {
    // A reply to an anonymous admin, or this group's own id: the group is not a sender to ban.
    co_await ctx.reply(ctx.text("target.this_chat"));
    co_return false;
  }
  if (target.id == ctx.services.me.id) {
    co_await ctx.reply(ctx.text("target.is_bot"));
    co_return false;
  }
  if (target.is_channel || target.id == telegram::kGroupAnonymousBotId ||
      target.id == telegram::kChannelBotId || target.id == telegram::kTelegramServiceId) {
    if (!rules.allow_channel || !target.is_channel) {
      co_await ctx.reply(ctx.text("target.not_a_person"));
      co_return false;
    }
    co_return true;
  }
  if (rules.protect_admins) {
    auto admin = co_await find_admin(ctx, ctx.chat_id, target.id);
    if (admin) {
      bool owner = admin->status == telegram::MemberStatus::kCreator;
      const char* key = owner ? "target.is_owner" : "target.is_admin";
      co_await ctx.reply(ctx.text(key, "user", target.mention()));
      co_return false;
    }
  }
  if (rules.require_member) {
    auto member = co_await ctx.services.api.get_chat_member(ctx.chat_id, target.id);
    if (!member || !member->is_present()) {
      co_await ctx.reply(ctx.text("target.not_in_chat", "user", target.mention()));
      co_return false;
    }
  }
  co_return true;
}

}  // namespace warden::core

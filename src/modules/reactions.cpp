// Keyword reactions: /addreaction KEYWORD EMOJI makes the bot react with the emoji to new group
// messages whose text contains the keyword as a whole word, in any letter case. A keyword of
// several words is written in quotes. A chat can have up to kMaxReactions. /removereaction,
// /reactions and /resetreactions manage them. Only Telegram's standard reaction emoji are
// accepted, since setMessageReaction refuses others.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <string_view>

#include "modules/content.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/fold.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
namespace json = boost::json;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

constexpr std::size_t kMaxKeywordLength = 100;  // Telegram characters (UTF-16 code units)
constexpr std::size_t kMaxReactions = 150;      // per chat, like filters
// How many allowed emoji the invalid-emoji reply names.
constexpr std::size_t kShownExamples = 10;

// The emoji of ReactionTypeEmoji in the Bot API, without variation selectors.
constexpr std::array<std::string_view, 73> kReactionEmoji = {
    "👍",    "👎",          "❤",    "🔥",    "🥰",        "👏", "😁",    "🤔", "🤯", "😱",
    "🤬", "😢",          "🎉",    "🤩", "🤮",        "💩", "🙏",    "👌",    "🕊", "🤡",
    "🥱", "🥴",       "😍",    "🐳",    "❤‍🔥",  "🌚", "🌭", "💯",    "🤣", "⚡",
    "🍌",    "🏆",          "💔",    "🤨", "😐",           "🍓", "🍾", "💋",    "🖕", "😈",
    "😴",    "😭",          "🤓", "👻",    "👨‍💻", "👀", "🎃",    "🙈",    "😇",    "😨",
    "🤝", "✍",          "🤗", "🫡", "🎅",           "🎄", "☃",    "💅",    "🤪", "🗿",
    "🆒",    "💘",          "🙉",    "🦄", "😘",           "💊", "🙊",    "😎",    "👾",    "🤷‍♂",
    "🤷", "🤷‍♀", "😡"};

// U+FE0F VARIATION SELECTOR-16, which clients add after some emoji ("❤️").
constexpr std::string_view kVariationSelector = "\xEF\xB8\x8F";

std::string without_variation_selectors(std::string_view emoji) {
  std::string result;
  result.reserve(emoji.size());
  while (!emoji.empty()) {
    if (emoji.substr(0, kVariationSelector.size()) == kVariationSelector) {
      emoji.remove_prefix(kVariationSelector.size());
      continue;
    }
    result += emoji.front();
    emoji.remove_prefix(1);
  }
  return result;
}

bool is_reaction_emoji(std::string_view emoji) {
  for (std::string_view allowed : kReactionEmoji) {
    if (allowed == emoji) return true;
  }
  return false;
}

std::string trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed module=reactions chat_id={} error=\"{}\"", ctx.chat_id,
                error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

asio::awaitable<void> addreaction_command(Context& ctx, const CommandCall& call) {
  if (call.args.size() != 2) {
    co_await ctx.reply(ctx.text("reactions.usage"));
    co_return;
  }
  const std::string display = trim(call.args[0]);
  const std::size_t length = text::utf16_length(display);
  if (length > kMaxKeywordLength) {
    co_await ctx.reply(ctx.text("reactions.keyword_too_long", "length", std::to_string(length),
                                "limit", std::to_string(kMaxKeywordLength)));
    co_return;
  }
  const std::string keyword = trim(text::fold_for_matching(display));
  if (keyword.empty()) {
    co_await ctx.reply(ctx.text("reactions.usage"));
    co_return;
  }
  const std::string emoji = without_variation_selectors(trim(call.args[1]));
  if (!is_reaction_emoji(emoji)) {
    std::string examples;
    for (std::size_t i = 0; i < kShownExamples; ++i) {
      if (i) examples += ' ';
      examples += kReactionEmoji[i];
    }
    std::string shown = text::escape_html(shorten(call.args[1], 20));
    co_await ctx.reply(ctx.text("reactions.invalid_emoji", "emoji", shown, "examples", examples));
    co_return;
  }
  auto loaded = ctx.services.content.reactions(ctx.chat_id);
  if (!loaded) co_return co_await storage_failure(ctx, loaded.error());
  const std::shared_ptr<const std::vector<storage::Reaction>> reactions = *loaded;
  const bool replaces =
      std::any_of(reactions->begin(), reactions->end(),
                  [&](const storage::Reaction& reaction) { return reaction.keyword == keyword; });
  // Replacing the emoji of a keyword is allowed at the limit.
  if (!replaces && reactions->size() >= kMaxReactions) {
    co_await ctx.reply(ctx.text("reactions.limit", "count", std::to_string(reactions->size()),
                                "limit", std::to_string(kMaxReactions)));
    co_return;
  }
  auto saved = ctx.services.content.save_reaction(ctx.chat_id, storage::Reaction{keyword, emoji});
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(
      ctx.text("reactions.added", "keyword", text::escape_html(keyword), "emoji", emoji));
}

asio::awaitable<void> removereaction_command(Context& ctx, const CommandCall& call) {
  // A keyword of several words may be quoted or not: all the arguments form the keyword.
  std::string written;
  for (const std::string& arg : call.args) {
    if (!written.empty()) written += ' ';
    written += arg;
  }
  const std::string keyword = trim(text::fold_for_matching(written));
  if (keyword.empty()) {
    co_await ctx.reply(ctx.text("reactions.remove_usage"));
    co_return;
  }
  auto removed = ctx.services.content.remove_reaction(ctx.chat_id, keyword);
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  std::string shown = text::escape_html(shorten(keyword, kMaxKeywordLength));
  std::string reply = *removed ? ctx.text("reactions.removed", "keyword", shown)
                               : ctx.text("reactions.not_found", "keyword", shown);
  co_await ctx.reply(std::move(reply));
}

asio::awaitable<void> reactions_command(Context& ctx, const CommandCall&) {
  auto loaded = ctx.services.content.reactions(ctx.chat_id);
  if (!loaded) co_return co_await storage_failure(ctx, loaded.error());
  const std::shared_ptr<const std::vector<storage::Reaction>> reactions = *loaded;
  if (reactions->empty()) {
    co_await ctx.reply(ctx.text("reactions.list_empty"));
    co_return;
  }
  std::vector<const storage::Reaction*> sorted;
  for (const storage::Reaction& reaction : *reactions) sorted.push_back(&reaction);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->keyword < b->keyword; });
  std::vector<std::string> lines;
  lines.reserve(sorted.size());
  for (const storage::Reaction* reaction : sorted) {
    lines.push_back(ctx.text("reactions.list_line", "keyword", text::escape_html(reaction->keyword),
                             "emoji", text::escape_html(reaction->emoji)));
  }
  std::string header = ctx.text("reactions.list_header", "chat",
                                text::escape_html(ctx.message->chat.title.value_or("")));
  co_await reply_lines(ctx, std::move(header), lines);
}

asio::awaitable<void> resetreactions_command(Context& ctx, const CommandCall&) {
  auto removed = ctx.services.content.remove_all_reactions(ctx.chat_id);
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  std::string reply = *removed == 0
                          ? ctx.text("reactions.list_empty")
                          : ctx.text("reactions.reset", "count", std::to_string(*removed));
  co_await ctx.reply(std::move(reply));
}

// Reacts to a new group message whose text contains a keyword. When several keywords match,
// the alphabetically first one wins.
asio::awaitable<core::Flow> reaction_watcher(Context& ctx) {
  const telegram::Message* message = ctx.message;
  if (!message || !ctx.in_group() || !message->text || message->text->empty()) {
    co_return core::Flow::kContinue;
  }
  // Commands never get a reaction, including commands this bot does not have.
  if (is_command_message(*message)) co_return core::Flow::kContinue;
  auto loaded = ctx.services.content.reactions(ctx.chat_id);
  if (!loaded) {
    spdlog::error("event=reactions_load_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  loaded.error().message);
    co_return core::Flow::kContinue;
  }
  const std::shared_ptr<const std::vector<storage::Reaction>> reactions = *loaded;
  if (reactions->empty()) co_return core::Flow::kContinue;
  const std::string folded = text::fold_for_matching(*message->text);
  const storage::Reaction* chosen = nullptr;
  for (const storage::Reaction& reaction : *reactions) {
    if (chosen && reaction.keyword >= chosen->keyword) continue;
    if (text::find_word(folded, reaction.keyword) != std::string_view::npos) chosen = &reaction;
  }
  if (!chosen) co_return core::Flow::kContinue;
  json::object params;
  params["chat_id"] = ctx.chat_id;
  params["message_id"] = message->message_id;
  json::array reaction;
  reaction.push_back(json::object{{"type", "emoji"}, {"emoji", chosen->emoji}});
  params["reaction"] = std::move(reaction);
  telegram::CallOptions options;
  options.chat_id = ctx.chat_id;
  options.priority = telegram::Priority::kBackground;
  ctx.acted = true;
  auto reacted = co_await ctx.services.api.call("setMessageReaction", std::move(params), options);
  if (!reacted) {
    spdlog::warn("event=reaction_failed chat_id={} message_id={} error_code={} error=\"{}\"",
                 ctx.chat_id, message->message_id, reacted.error().error_code,
                 reacted.error().description);
  }
  co_return core::Flow::kContinue;
}

}  // namespace

core::Module reactions_module() {
  core::Module module;
  module.name = "Reactions";
  module.help_key = "reactions.help";
  module.priority = 250;
  module.help_aliases = {"reaction"};
  module.commands.push_back(
      core::admin_command("reactions", "addreaction", addreaction_command, Right::kChangeInfo));
  module.commands.push_back(core::admin_command("reactions", "removereaction",
                                                removereaction_command, Right::kChangeInfo));
  core::Command list;
  list.name = "reactions";
  list.group_only = true;
  list.disableable = true;
  list.help_key = "reactions.help_reactions";
  list.handler = reactions_command;
  module.commands.push_back(list);
  module.commands.push_back(core::admin_command("reactions", "resetreactions",
                                                resetreactions_command, Right::kChangeInfo));
  core::WatcherSpec watcher;
  watcher.group = 20;
  watcher.kinds = {telegram::UpdateKind::kMessage};
  watcher.handler = reaction_watcher;
  module.watchers.push_back(std::move(watcher));
  return module;
}

}  // namespace warden::modules

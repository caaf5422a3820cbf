// Rules: rules, setrules, resetrules/clearrules, privaterules, rulesbutton/rulesbtn,
// resetrulesbutton and its aliases, and the deep link rules_<chat> that shows a chat's rules in
// a private chat to its members. Rules are stored as markdown (see docs/formatting.md) and sent
// without buttons or fillings; the button to them is modules::rules_button, which {rules} in
// notes and greetings uses as well.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/permissions.h"
#include "modules/content.h"
#include "modules/modules.h"
#include "text/html.h"
#include "text/markdown_syntax.h"
#include "text/utf8.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

// The maximum length of a custom rules button label, in code points.
constexpr std::size_t kMaxButtonText = 30;

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed chat_id={} error=\"{}\"", ctx.chat_id, error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size(); ++count) at += text::decode_utf8(text, at).size;
  return count;
}

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// The message that the rules reply to: the replied message if any, else the command.
std::int64_t reply_target(const Context& ctx) {
  if (!ctx.message) return 0;
  if (ctx.message->reply_to_message) return ctx.message->reply_to_message->message_id;
  return ctx.message->message_id;
}

// The rules as markdown below a bold header naming the chat. The header is markdown too, with
// the title escaped, so that send_content renders and splits the whole text at once.
storage::StoredContent rules_with_header(const Context& ctx, std::string_view chat_title,
                                         const std::string& rules) {
  std::string title = "*" + text::escape_markdown(chat_title) + "*";
  storage::StoredContent content;
  content.source = ctx.text("rules.header", "chat", title) + "\n\n" + rules;
  return content;
}

SendOptions rules_send_options(std::int64_t chat_id, std::int64_t reply_to) {
  SendOptions options;
  options.chat_id = chat_id;
  options.reply_to = reply_to;
  options.allow_buttons = false;
  options.fillings = false;
  return options;
}

asio::awaitable<void> rules_command(Context& ctx, const CommandCall&) {
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  const std::int64_t reply_to = reply_target(ctx);
  if (is_blank(rules->content)) {
    core::Keyboard no_buttons;
    co_await ctx.send(ctx.chat_id, ctx.text("rules.none"), std::move(no_buttons), reply_to);
    co_return;
  }
  if (rules->private_rules) {
    auto button = co_await rules_button(ctx, ctx.chat_id);
    if (button) {
      core::Keyboard keyboard = core::single_row(core::button_url(button->text, button->url));
      co_await ctx.send(ctx.chat_id, ctx.text("rules.private_prompt"), std::move(keyboard),
                        reply_to);
      co_return;
    }
  }
  const std::string title = ctx.message->chat.title.value_or("");
  storage::StoredContent content = rules_with_header(ctx, title, rules->content);
  SendOptions options = rules_send_options(ctx.chat_id, reply_to);
  auto sent = co_await send_content(ctx, content, options);
  if (!sent) {
    std::string text =
        ctx.text("content.send_failed", "error", text::escape_html(sent.error().description));
    co_await ctx.reply(std::move(text));
  }
}

asio::awaitable<void> setrules_command(Context& ctx, const CommandCall& call) {
  std::string source;
  if (!call.raw_args.empty()) {
    source = markdown_from(*ctx.message, offset_after_arguments(call, 0));
  } else if (ctx.message->reply_to_message) {
    source = markdown_from(*ctx.message->reply_to_message, 0);
  }
  if (is_blank(source)) {
    co_await ctx.reply(ctx.text("rules.set_usage"));
    co_return;
  }
  storage::StoredContent content;
  content.source = source;
  ContentCheck check = check_content(ctx, content, false, "");
  if (!check.error.empty()) {
    co_await ctx.reply(std::move(check.error));
    co_return;
  }
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  rules->content = std::move(source);
  auto saved = ctx.services.content.save_rules(ctx.chat_id, *rules);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(ctx.text("rules.set"));
}

asio::awaitable<void> resetrules_command(Context& ctx, const CommandCall&) {
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  rules->content.clear();
  auto saved = ctx.services.content.save_rules(ctx.chat_id, *rules);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(ctx.text("rules.cleared"));
}

asio::awaitable<void> privaterules_command(Context& ctx, const CommandCall& call) {
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  if (call.args.empty()) {
    std::string text =
        rules->private_rules ? ctx.text("rules.private_is_on") : ctx.text("rules.private_is_off");
    co_await ctx.reply(std::move(text));
    co_return;
  }
  std::optional<bool> requested = parse_toggle(call.args.front());
  if (!requested) {
    co_await ctx.reply(
        ctx.text("rules.private_invalid", "value", text::escape_html(call.args.front())));
    co_return;
  }
  rules->private_rules = *requested;
  auto saved = ctx.services.content.save_rules(ctx.chat_id, *rules);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  std::string text = *requested ? ctx.text("rules.private_enabled")
                                : ctx.text("rules.private_disabled", "chat",
                                           text::escape_html(ctx.message->chat.title.value_or("")));
  co_await ctx.reply(std::move(text));
}

asio::awaitable<void> rulesbutton_command(Context& ctx, const CommandCall& call) {
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  const std::string& label = call.raw_args;
  if (is_blank(label)) {
    std::string text =
        rules->button_text.empty()
            ? ctx.text("rules.button_default", "default",
                       text::escape_html(ctx.text("rules.default_button")))
            : ctx.text("rules.button_current", "text", text::escape_html(rules->button_text));
    co_await ctx.reply(std::move(text));
    co_return;
  }
  const std::size_t length = count_characters(label);
  if (length > kMaxButtonText) {
    co_await ctx.reply(ctx.text("rules.button_too_long", "length", std::to_string(length), "limit",
                                std::to_string(kMaxButtonText)));
    co_return;
  }
  rules->button_text = text::sanitize_utf8(label);
  auto saved = ctx.services.content.save_rules(ctx.chat_id, *rules);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(ctx.text("rules.button_set", "text", text::escape_html(rules->button_text)));
}

asio::awaitable<void> resetrulesbutton_command(Context& ctx, const CommandCall&) {
  auto rules = ctx.services.content.rules(ctx.chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  rules->button_text.clear();
  auto saved = ctx.services.content.save_rules(ctx.chat_id, *rules);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(ctx.text("rules.button_cleared", "default",
                              text::escape_html(ctx.text("rules.default_button"))));
}

bool is_member(const telegram::ChatMember& member) {
  switch (member.status) {
    case telegram::MemberStatus::kCreator:
    case telegram::MemberStatus::kAdministrator:
    case telegram::MemberStatus::kMember:
      return true;
    case telegram::MemberStatus::kRestricted:
      return member.is_member;
    default:
      return false;
  }
}

// /start rules_<chat> in a private chat.
asio::awaitable<void> rules_link(Context& ctx, std::string_view rest) {
  std::int64_t chat_id = 0;
  auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), chat_id);
  if (rest.empty() || error != std::errc() || end != rest.data() + rest.size() || chat_id >= 0) {
    co_await ctx.reply(ctx.text("rules.link_invalid"));
    co_return;
  }
  if (!ctx.sender.is_person()) co_return;

  auto member = co_await ctx.services.api.get_chat_member(chat_id, ctx.sender.id);
  if (!member) {
    spdlog::info("event=rules_link_member_check_failed chat_id={} user_id={} error=\"{}\"", chat_id,
                 ctx.sender.id, member.error().description);
    co_await ctx.reply(ctx.text("rules.link_not_member"));
    co_return;
  }
  if (!is_member(*member)) {
    co_await ctx.reply(ctx.text("rules.link_not_member"));
    co_return;
  }

  auto rules = ctx.services.content.rules(chat_id);
  if (!rules) co_return co_await storage_failure(ctx, rules.error());
  if (is_blank(rules->content)) {
    co_await ctx.reply(ctx.text("rules.none"));
    co_return;
  }

  std::string title;
  auto chat = co_await ctx.services.api.get_chat(chat_id);
  if (chat) title = chat->chat.title.value_or("");
  if (title.empty()) title = std::to_string(chat_id);
  storage::StoredContent content = rules_with_header(ctx, title, rules->content);
  SendOptions options = rules_send_options(ctx.chat_id, ctx.message ? ctx.message->message_id : 0);
  auto sent = co_await send_content(ctx, content, options);
  if (!sent) {
    std::string text =
        ctx.text("content.send_failed", "error", text::escape_html(sent.error().description));
    co_await ctx.reply(std::move(text));
  }
}

}  // namespace

core::Module rules_module() {
  core::Module module;
  module.name = "Rules";
  module.help_key = "rules.help";
  module.priority = 190;
  module.help_aliases = {"rule"};
  core::Command rules;
  rules.name = "rules";
  rules.group_only = true;
  rules.disableable = true;
  rules.help_key = "rules.help_rules";
  rules.handler = rules_command;
  module.commands.push_back(rules);
  module.commands.push_back(
      core::admin_command("rules", "setrules", setrules_command, Right::kChangeInfo));
  auto reset = core::admin_command("rules", "resetrules", resetrules_command, Right::kChangeInfo);
  reset.aliases = {"clearrules"};
  module.commands.push_back(reset);
  module.commands.push_back(core::admin_command("rules", "privaterules", privaterules_command));
  auto button = core::admin_command("rules", "rulesbutton", rulesbutton_command);
  button.aliases = {"rulesbtn"};
  module.commands.push_back(button);
  auto reset_button = core::admin_command("rules", "resetrulesbutton", resetrulesbutton_command);
  reset_button.aliases = {"resetrulesbtn", "clearrulesbutton", "clearrulesbtn"};
  module.commands.push_back(reset_button);
  module.deep_links["rules_"] = rules_link;
  return module;
}

}  // namespace warden::modules

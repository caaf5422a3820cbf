// Help and start: the module menu built from the registry, per-module pages, and deep links
// (/start help_<module>).

#include <fmt/format.h>

#include "core/registry.h"
#include "modules/modules.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CallbackData;
using core::CommandCall;
using core::Context;

namespace {

core::Keyboard module_menu(const Context& ctx) {
  std::vector<const core::Module*> modules;
  for (const auto& module : ctx.services.registry.modules()) {
    if (module.in_help) modules.push_back(&module);
  }
  std::sort(modules.begin(), modules.end(), [](auto* a, auto* b) { return a->name < b->name; });
  core::Keyboard keyboard;
  boost::json::array row;
  for (const core::Module* module : modules) {
    std::map<std::string, std::string> fields;
    fields["m"] = module->name;
    row.push_back(core::button_callback(module->name, *core::make_callback_data("helpq", fields)));
    if (row.size() == 3) {
      keyboard.push_back(std::move(row));
      row = boost::json::array();
    }
  }
  if (!row.empty()) keyboard.push_back(std::move(row));
  return keyboard;
}

std::string module_page(const Context& ctx, const core::Module& module) {
  std::string page =
      fmt::format("<b>{}</b>\n\n{}", text::escape_html(module.name), ctx.text(module.help_key));
  for (const core::Command& command : module.commands) {
    page += fmt::format("\n/{} - {}", command.name, ctx.text(command.help_key));
  }
  return page;
}

core::Keyboard back_keyboard(const Context& ctx) {
  std::map<std::string, std::string> fields;
  fields["m"] = "Help";
  return core::single_row(
      core::button_callback(ctx.text("help.back"), *core::make_callback_data("helpq", fields)));
}

// A module page's keyboard: the module's own help buttons, two to a row, then Back.
core::Keyboard page_keyboard(const Context& ctx, const core::Module& module) {
  core::Keyboard keyboard;
  boost::json::array row;
  for (const auto& [label_key, data] : module.help_buttons) {
    row.push_back(core::button_callback(ctx.text(label_key), data));
    if (row.size() == 2) {
      keyboard.push_back(std::move(row));
      row = boost::json::array();
    }
  }
  if (!row.empty()) keyboard.push_back(std::move(row));
  for (auto& back_row : back_keyboard(ctx)) keyboard.push_back(std::move(back_row));
  return keyboard;
}

std::string bot_username(const Context& ctx) { return ctx.services.me.username.value_or(""); }

asio::awaitable<void> send_help(Context& ctx, std::string_view name) {
  if (!name.empty()) {
    if (const core::Module* module = ctx.services.registry.find_module(name)) {
      co_await ctx.reply(module_page(ctx, *module), page_keyboard(ctx, *module));
      co_return;
    }
  }
  co_await ctx.reply(ctx.text("help.main", "name", text::escape_html(ctx.sender.name)),
                     module_menu(ctx));
}

asio::awaitable<void> help_command(Context& ctx, const CommandCall& call) {
  std::string name = call.args.empty() ? "" : call.args.front();
  if (ctx.in_private()) co_return co_await send_help(ctx, name);
  const core::Module* module = name.empty() ? nullptr : ctx.services.registry.find_module(name);
  std::string payload = module ? "help_" + storage::to_lower_ascii(module->name) : "help_help";
  std::string url = fmt::format("https://t.me/{}?start={}", bot_username(ctx), payload);
  std::string text =
      module ? ctx.text("help.in_private_module", "module", text::escape_html(module->name))
             : ctx.text("help.in_private");
  co_await ctx.reply(text, core::single_row(core::button_url(ctx.text("help.open_button"), url)));
}

asio::awaitable<void> start_command(Context& ctx, const CommandCall& call) {
  if (!ctx.in_private()) {
    co_await ctx.reply(ctx.text("start.group"));
    co_return;
  }
  std::string payload = call.args.empty() ? "" : call.args.front();
  if (payload.starts_with("help_")) {
    std::string name = payload.substr(5);
    if (name == "help") name.clear();
    co_return co_await send_help(ctx, name);
  }
  auto deep_link = ctx.services.registry.find_deep_link(payload);
  if (deep_link) {
    const core::DeepLinkHandler& handler = *deep_link->handler;
    co_await handler(ctx, deep_link->rest);
    co_return;
  }
  std::string add_url = fmt::format("https://t.me/{}?startgroup=botstart", bot_username(ctx));
  std::map<std::string, std::string> fields;
  fields["m"] = "Help";
  core::Keyboard keyboard =
      core::single_row(core::button_url(ctx.text("start.add_button"), add_url));
  boost::json::array second;
  second.push_back(core::button_callback(ctx.text("start.help_button"),
                                         *core::make_callback_data("helpq", fields)));
  keyboard.push_back(std::move(second));
  co_await ctx.reply(ctx.text("start.private", "name", text::escape_html(ctx.sender.name), "bot",
                              text::escape_html(ctx.services.me.first_name)),
                     std::move(keyboard));
}

asio::awaitable<void> help_pressed(Context& ctx, const CallbackData& data) {
  co_await ctx.answer_callback();
  if (!ctx.callback->message) co_return;
  std::int64_t message_id = ctx.callback->message->message_id;
  std::string name = data.get("m");
  if (const core::Module* module = ctx.services.registry.find_module(name)) {
    co_await ctx.edit(ctx.chat_id, message_id, module_page(ctx, *module),
                      page_keyboard(ctx, *module));
    co_return;
  }
  co_await ctx.edit(ctx.chat_id, message_id,
                    ctx.text("help.main", "name", text::escape_html(ctx.sender.name)),
                    module_menu(ctx));
}

}  // namespace

core::Module help_module() {
  core::Module module;
  module.name = "Help";
  module.priority = 1000;
  module.in_help = false;
  core::Command start;
  start.name = "start";
  start.help_key = "help.help_start";
  start.handler = start_command;
  module.commands.push_back(start);
  core::Command help;
  help.name = "help";
  help.help_key = "help.help_help";
  help.handler = help_command;
  module.commands.push_back(help);
  module.callbacks["helpq"] = help_pressed;
  return module;
}

void register_all(core::Registry& registry) {
  registry.add(bot_updates_module());
  registry.add(users_module());
  registry.add(admin_module());
  registry.add(bans_module());
  registry.add(mutes_module());
  registry.add(warns_module());
  registry.add(filters_module());
  registry.add(notes_module());
  registry.add(rules_module());
  registry.add(greetings_module());
  registry.add(reactions_module());
  registry.add(formatting_module());
  registry.add(help_module());
  registry.seal();
}

}  // namespace warden::modules

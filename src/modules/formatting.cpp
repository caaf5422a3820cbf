// Formatting: /markdownhelp (alias /formatting) explains the markdown dialect of notes, filters,
// greetings and rules (docs/formatting.md) on pages a private chat switches between with
// buttons. In a group it replies with a button to the Formatting help page in a private chat.
// The pages live in locales/en.formatting.yaml; src/modules/formatting_pages_test.cpp renders
// every example on them, so that they cannot drift from the engine.

#include <map>
#include <string>

#include "modules/content.h"
#include "modules/modules.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
using core::CallbackData;
using core::CommandCall;
using core::Context;

namespace {

struct Page {
  const char* id;          // the m= value of the page's button
  const char* text_key;    // the page
  const char* button_key;  // the label of its button
};

constexpr Page kPages[] = {
    {"md", "formatting.page_md", "formatting.button_md"},
    {"fillings", "formatting.page_fillings", "formatting.button_fillings"},
    {"random", "formatting.page_random", "formatting.button_random"},
};

std::string page_data(std::string_view id) {
  std::map<std::string, std::string> fields;
  if (!id.empty()) fields["m"] = std::string(id);
  return *core::make_callback_data("formatting", fields);
}

// The intro's keyboard: [Markdown formatting][Fillings] / [Random content] / [Back to help].
core::Keyboard intro_keyboard(const Context& ctx) {
  core::Keyboard keyboard = core::single_row(
      core::button_callback(ctx.text(kPages[0].button_key), page_data(kPages[0].id)),
      core::button_callback(ctx.text(kPages[1].button_key), page_data(kPages[1].id)));
  keyboard.push_back(core::single_row(core::button_callback(ctx.text(kPages[2].button_key),
                                                            page_data(kPages[2].id)))
                         .front());
  std::map<std::string, std::string> help;
  help["m"] = "Help";
  keyboard.push_back(
      core::single_row(
          core::button_callback(ctx.text("help.back"), *core::make_callback_data("helpq", help)))
          .front());
  return keyboard;
}

// A page's keyboard: one button back to the intro.
core::Keyboard page_keyboard(const Context& ctx) {
  return core::single_row(core::button_callback(ctx.text("help.back"), page_data("")));
}

asio::awaitable<void> markdownhelp_command(Context& ctx, const CommandCall&) {
  if (ctx.in_private()) {
    co_await ctx.reply(ctx.text("formatting.intro"), intro_keyboard(ctx));
    co_return;
  }
  std::int64_t reply_to = 0;
  if (ctx.message) {
    reply_to = ctx.message->reply_to_message ? ctx.message->reply_to_message->message_id
                                             : ctx.message->message_id;
  }
  core::Keyboard keyboard = core::single_row(
      core::button_url(ctx.text("formatting.open_button"), deep_link(ctx, "help_formatting")));
  co_await ctx.send(ctx.chat_id, ctx.text("formatting.in_private"), std::move(keyboard), reply_to);
}

asio::awaitable<void> page_pressed(Context& ctx, const CallbackData& data) {
  co_await ctx.answer_callback();
  if (!ctx.callback->message) co_return;
  const std::int64_t message_id = ctx.callback->message->message_id;
  const std::string requested = data.get("m");
  for (const Page& page : kPages) {
    if (requested == page.id) {
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text(page.text_key), page_keyboard(ctx));
      co_return;
    }
  }
  co_await ctx.edit(ctx.chat_id, message_id, ctx.text("formatting.intro"), intro_keyboard(ctx));
}

}  // namespace

core::Module formatting_module() {
  core::Module module;
  module.name = "Formatting";
  module.help_key = "formatting.help";
  module.priority = 260;
  module.help_aliases = {"markdown", "markdownhelp"};
  core::Command help;
  help.name = "markdownhelp";
  help.aliases = {"formatting"};
  help.disableable = true;
  help.help_key = "formatting.help_markdownhelp";
  help.handler = markdownhelp_command;
  module.commands.push_back(help);
  module.callbacks["formatting"] = page_pressed;
  for (const Page& page : kPages)
    module.help_buttons.emplace_back(page.button_key, page_data(page.id));
  return module;
}

}  // namespace warden::modules

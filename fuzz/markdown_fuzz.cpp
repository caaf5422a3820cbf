// Feeds arbitrary bytes to markdown_to_html, with and without buttons, and the result to the
// send-time steps (variants, note flags, fillings). Every output must be valid Telegram HTML.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "text/buttons.h"
#include "text/markdown.h"
#include "text/placeholders.h"

using namespace warden;

namespace {

void check_buttons(const text::Rendered& rendered, std::string_view input) {
  for (const auto& row : rendered.rows) {
    fuzz::require(!row.empty(), "no empty button row", input);
    for (const text::Button& button : row) {
      fuzz::require(!button.text.empty(), "button text is not empty", input);
      auto again = text::normalize_button_url(button.url);
      fuzz::require(again && *again == button.url, "button URL is normalized", button.url);
    }
  }
}

void check_send_steps(const std::string& html, std::string_view input) {
  const std::string variant =
      text::choose_random_variant(html, [&](std::size_t count) { return input.size() % count; });
  fuzz::require_valid_html(variant, input);

  const text::FlaggedContent flagged = text::extract_note_flags(variant);
  fuzz::require_valid_html(flagged.text, input);

  const telegram::User user{.id = 7345678901,
                            .first_name = "<b>{last}</b> & \"co\"",
                            .last_name = "{first}",
                            .username = std::nullopt};
  const text::FillingContext context{
      .user = &user, .chat_title = "<Chat>", .member_count = [] { return std::int64_t{42}; }};
  fuzz::require_valid_html(text::fill_placeholders(flagged.text, context), input);

  const text::RulesTokens rules = text::extract_rules_tokens(html);
  fuzz::require_valid_html(rules.text, input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const text::Rendered plain = text::markdown_to_html(input);
  fuzz::require_valid_html(plain.html, input);
  fuzz::require(plain.rows.empty() && plain.problems.empty(), "no buttons when not allowed", input);

  const text::Rendered with_buttons =
      text::markdown_to_html(input, text::MarkdownOptions{.allow_buttons = true});
  fuzz::require_valid_html(with_buttons.html, input);
  check_buttons(with_buttons, input);

  check_send_steps(with_buttons.html, input);
  return 0;
}

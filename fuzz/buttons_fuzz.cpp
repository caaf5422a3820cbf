// Checks button URL validation and the buttons_to_markdown round trip on arbitrary URLs and
// names.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "text/buttons.h"
#include "text/markdown.h"

using namespace warden;

namespace {

bool has_allowed_prefix(std::string_view url) {
  return url.starts_with("https://") || url.starts_with("http://") || url.starts_with("tg://");
}

void check_url(std::string_view url) {
  auto normalized = text::normalize_button_url(url);
  if (!normalized) return;
  fuzz::require(has_allowed_prefix(*normalized), "URL scheme is http, https or tg", *normalized);
  fuzz::require(normalized->size() <= text::kMaxButtonUrlBytes, "URL fits the limit");
  fuzz::require(normalized->find_first_of(" \t\n") == std::string::npos, "URL has no space");
  auto again = text::normalize_button_url(*normalized);
  fuzz::require(again && *again == *normalized, "normalizing is idempotent", *normalized);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first line is a button name, the rest a URL.
  const std::size_t newline = input.find('\n');
  const std::string_view name = newline == std::string_view::npos ? "" : input.substr(0, newline);
  const std::string_view url =
      newline == std::string_view::npos ? input : input.substr(newline + 1);
  check_url(url);

  const text::MarkdownOptions options{.allow_buttons = true};
  const std::string markdown = "Text\n[" + std::string(name) + "](buttonurl://" + std::string(url) +
                               ")\n[B](buttonurl://b.com:same)";
  const text::Rendered rendered = text::markdown_to_html(markdown, options);
  fuzz::require_valid_html(rendered.html, markdown);
  fuzz::require(!rendered.rows.empty(), "the valid button is kept", markdown);

  const std::string written = text::buttons_to_markdown(rendered.rows);
  const text::Rendered again = text::markdown_to_html(written, options);
  fuzz::require(again.rows == rendered.rows, "buttons_to_markdown round-trips", written);
  fuzz::require(again.problems.empty(), "written buttons are valid", written);
  fuzz::require(again.html.empty(), "written buttons leave no text", written);

  // Removal is a single pass: "{ru{rules}les}" leaves "{rules}" as text, which is fine.
  const text::RulesTokens rules = text::extract_rules_tokens(input);
  fuzz::require(rules.text.size() <= input.size(), "removing tokens never adds text", input);
  return 0;
}

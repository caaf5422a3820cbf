// Decodes entities from the start of the input and text from the rest. The markdown that
// entities_to_markdown writes must render to valid HTML and contain no carriage return. For
// text without markdown syntax, the rendered text must equal the message text, and with
// emphasis entities alone each character must keep its styles.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.h"
#include "telegram/types.h"
#include "text/entities_to_markdown.h"
#include "text/html_tokens.h"
#include "text/markdown.h"
#include "text/utf8.h"

using namespace warden;

namespace {

constexpr std::string_view kTypes[] = {
    "bold", "italic",    "underline",    "strikethrough", "spoiler",    "code",
    "pre",  "text_link", "text_mention", "custom_emoji",  "blockquote", "expandable_blockquote",
    "url",  "mention",   "hashtag",      "bot_command",   "email",      "unknown"};

constexpr std::string_view kUrls[] = {
    "https://example.com", "https://en.wikipedia.org/wiki/Foo_(bar)",
    "https://x.com/a)b",   "https://x.com/a\\b*c_d",
    "tg://user?id=5",      "https://x.com/[x]"};

constexpr std::string_view kLanguages[] = {"", "python", "c++", "not a language", "a`b"};

struct Reader {
  std::string_view data;
  std::size_t at = 0;
  std::uint8_t byte() { return at < data.size() ? static_cast<std::uint8_t>(data[at++]) : 0; }
  // A value that reaches past the text, below zero and near the int32 limits.
  std::int32_t number() {
    const std::uint8_t b = byte();
    if (b == 255) return 2147483647;
    if (b == 254) return -2147483647 - 1;
    return static_cast<std::int32_t>(b) - 8;
  }
};

telegram::MessageEntity read_entity(Reader& reader) {
  telegram::MessageEntity entity;
  entity.type = kTypes[reader.byte() % std::size(kTypes)];
  entity.offset = reader.number();
  entity.length = reader.number();
  const std::uint8_t argument = reader.byte();
  if (argument % 7 != 0) entity.url = kUrls[argument % std::size(kUrls)];
  if (argument % 5 != 0) entity.user = telegram::User{.id = argument * 1000003LL};
  if (argument % 3 != 0) entity.custom_emoji_id = argument % 2 ? "5368324170671202286" : "x1";
  entity.language = kLanguages[argument % std::size(kLanguages)];
  return entity;
}

// Text where no markdown syntax can arise, so every visible character must survive.
bool is_plain(std::string_view text) {
  if (text::sanitize_utf8(text) != text) return false;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n') ||
        std::string_view("*_~|`[]()!\\>").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// Bit of each emphasis entity type and of the tag that renders it.
unsigned emphasis_bit(std::string_view name) {
  constexpr std::string_view kNames[][2] = {{"bold", "b"},
                                            {"italic", "i"},
                                            {"underline", "u"},
                                            {"strikethrough", "s"},
                                            {"spoiler", "span"}};
  for (unsigned i = 0; i < std::size(kNames); ++i) {
    if (name == kNames[i][0] || name == kNames[i][1]) return 1u << i;
  }
  return 0;
}

// The emphasis styles of each non-whitespace character of the text, from the entities.
std::vector<unsigned> styles_from_entities(std::string_view text,
                                           const std::vector<telegram::MessageEntity>& entities) {
  std::vector<unsigned> styles;
  std::int64_t unit = 0;
  for (std::size_t at = 0; at < text.size();) {
    const text::DecodedChar decoded = text::decode_utf8(text, at);
    const std::int64_t end =
        unit + static_cast<std::int64_t>(text::utf16_units(decoded.code_point));
    unsigned style = 0;
    for (const telegram::MessageEntity& e : entities) {
      const std::int64_t begin = e.offset;
      if (e.length > 0 && begin < end && begin + e.length > unit) style |= emphasis_bit(e.type);
    }
    if (!text::is_whitespace(decoded.code_point)) styles.push_back(style);
    unit = end;
    at += decoded.size;
  }
  return styles;
}

// The emphasis styles of each non-whitespace visible character of the HTML.
std::vector<unsigned> styles_from_html(std::string_view html) {
  std::vector<unsigned> styles;
  std::vector<unsigned> open;
  for (const text::HtmlToken& token : text::tokenize_html(html)) {
    if (token.kind == text::HtmlTokenKind::kStartTag) {
      open.push_back((open.empty() ? 0 : open.back()) | emphasis_bit(token.name));
    } else if (token.kind == text::HtmlTokenKind::kEndTag) {
      open.pop_back();
    } else if (!text::is_whitespace(token.code_point)) {
      styles.push_back(open.empty() ? 0 : open.back());
    }
  }
  return styles;
}

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Reader reader{std::string_view(reinterpret_cast<const char*>(data), size)};
  std::vector<telegram::MessageEntity> entities(reader.byte() % 12);
  bool has_quote = false;
  for (telegram::MessageEntity& entity : entities) {
    entity = read_entity(reader);
    has_quote = has_quote || entity.type.ends_with("blockquote");
  }
  const std::string_view text = reader.data.substr(std::min(reader.at, reader.data.size()));

  const std::string markdown = text::entities_to_markdown(text, entities);
  const std::string html = text::markdown_to_html(markdown).html;
  fuzz::require_valid_html(html, markdown);
  // noformat shows the markdown as message text, from which Telegram removes carriage returns.
  fuzz::require(markdown.find('\r') == std::string::npos, "markdown has no carriage return",
                markdown);

  // Blockquotes may add line breaks around themselves; otherwise the text must be unchanged.
  if (!is_plain(text) || has_quote) return 0;
  const std::string detail = "markdown: " + markdown + "\nhtml: " + html;
  fuzz::require(trim(text::html_to_text(html)) == trim(text), "rendered text equals the text",
                detail);
  // With emphasis alone nothing is cut or dropped, so each character keeps its styles.
  const bool emphasis_only = std::all_of(entities.begin(), entities.end(),
                                         [](const auto& e) { return emphasis_bit(e.type) != 0; });
  if (emphasis_only) {
    fuzz::require(styles_from_html(html) == styles_from_entities(text, entities),
                  "each character keeps its styles", detail);
  }
  return 0;
}

// Splits rendered markdown, and raw input taken as HTML, at a limit read from the input. Every
// part must fit the limit. Parts of valid HTML must be valid HTML and keep the text.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "text/html_tokens.h"
#include "text/markdown.h"
#include "text/split.h"
#include "text/utf8.h"

using namespace warden;

namespace {

// The visible text without whitespace, which parts dropped as blank do not change.
std::string visible_non_space(std::string_view html) {
  const std::string text = text::html_to_text(html);
  std::string out;
  for (std::size_t at = 0; at < text.size();) {
    const text::DecodedChar decoded = text::decode_utf8(text, at);
    if (!text::is_whitespace(decoded.code_point)) out.append(text.substr(at, decoded.size));
    at += decoded.size;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t limit = 1 + (data[0] | (data[1] << 8)) % 300;
  const std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);

  const std::string html = text::markdown_to_html(input).html;
  std::string joined;
  for (const std::string& part : text::split_html(html, limit)) {
    fuzz::require(text::rendered_length(part) <= std::max<std::size_t>(limit, 2),
                  "part fits the limit", part);
    fuzz::require_valid_html(part, html);
    joined += part;
  }
  fuzz::require(visible_non_space(joined) == visible_non_space(html), "parts keep the text", html);

  for (const std::string& part : text::split_html(input, limit)) {
    fuzz::require(text::rendered_length(part) <= std::max<std::size_t>(limit, 2),
                  "raw part fits the limit", part);
  }
  return 0;
}

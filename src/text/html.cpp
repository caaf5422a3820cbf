#include "text/html.h"

#include <fmt/format.h>

namespace warden::text {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string mention_html(std::int64_t user_id, std::string_view name) {
  return fmt::format("<a href=\"tg://user?id={}\">{}</a>", user_id, escape_html(name));
}

namespace {
// Length in bytes of the UTF-8 sequence that starts with `lead`; 1 for invalid bytes.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}
}  // namespace

std::size_t utf16_length(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    std::size_t length = sequence_length(static_cast<unsigned char>(utf8[i]));
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

std::string truncate_utf16(std::string_view utf8, std::size_t max_units) {
  std::size_t units = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t length = sequence_length(static_cast<unsigned char>(utf8[i]));
    std::size_t width = length == 4 ? 2 : 1;
    if (units + width > max_units || i + length > utf8.size()) break;
    units += width;
    i += length;
  }
  return std::string(utf8.substr(0, i));
}

}  // namespace warden::text

#include "text/utf8.h"

#include <utf8proc.h>

namespace warden::text {

DecodedChar decode_utf8(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1};

  // The smallest code point of each length rejects overlong encodings.
  struct Form {
    std::size_t size;
    unsigned char payload_mask;
    char32_t minimum;
  };
  Form form{};
  if ((lead & 0xE0) == 0xC0) {
    form = {2, 0x1F, 0x80};
  } else if ((lead & 0xF0) == 0xE0) {
    form = {3, 0x0F, 0x800};
  } else if ((lead & 0xF8) == 0xF0) {
    form = {4, 0x07, 0x10000};
  } else {
    return {kReplacementCharacter, 1};
  }
  const std::size_t size = form.size;
  char32_t code_point = lead & form.payload_mask;
  if (at + size > text.size()) return {kReplacementCharacter, 1};
  for (std::size_t i = 1; i < size; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return {kReplacementCharacter, 1};
    code_point = (code_point << 6) | (byte(at + i) & 0x3F);
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point < form.minimum || code_point > 0x10FFFF || surrogate) {
    return {kReplacementCharacter, 1};
  }
  return {code_point, size};
}

DecodedChar decode_utf8_before(std::string_view text, std::size_t end) {
  std::size_t start = end - 1;
  const std::size_t lowest = end >= 4 ? end - 4 : 0;
  while (start > lowest && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
  DecodedChar decoded = decode_utf8(text, start);
  if (start + decoded.size == end) return decoded;
  return decode_utf8(text, end - 1);
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    DecodedChar decoded = decode_utf8(text, at);
    if (decoded.code_point == kReplacementCharacter && decoded.size == 1) {
      append_utf8(out, kReplacementCharacter);
    } else {
      out.append(text.substr(at, decoded.size));
    }
    at += decoded.size;
  }
  return out;
}

bool is_whitespace(char32_t code_point) {
  if (code_point == '\r') return false;
  if (code_point == ' ' || (code_point >= '\t' && code_point <= '\f')) return true;
  if (code_point < 0x80) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code_point))) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
      return true;
    default:
      return false;
  }
}

namespace {

bool in_script_without_spaces(char32_t c) {
  return (c >= 0x0E00 && c <= 0x0EFF) ||  // Thai, Lao
         (c >= 0x1000 && c <= 0x109F) ||  // Myanmar
         (c >= 0x1780 && c <= 0x17FF) ||  // Khmer
         (c >= 0x2E80 && c <= 0x9FFF) ||  // CJK radicals, kana, CJK ideographs
         (c >= 0xF900 && c <= 0xFAFF) ||  // CJK compatibility ideographs
         (c >= 0xFF66 && c <= 0xFF9F) ||  // half-width katakana
         (c >= 0x20000 && c <= 0x3FFFF);  // CJK extensions
}

}  // namespace

bool is_word_character(char32_t code_point) {
  if (code_point < 0x80) {
    return (code_point >= '0' && code_point <= '9') || (code_point >= 'a' && code_point <= 'z') ||
           (code_point >= 'A' && code_point <= 'Z');
  }
  if (in_script_without_spaces(code_point)) return false;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code_point))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

}  // namespace warden::text

#pragma once

// UTF-8 decoding and the character classes of the markdown dialect's delimiter rules.

#include <cstddef>
#include <string>
#include <string_view>

namespace warden::text {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

struct DecodedChar {
  char32_t code_point = 0;
  std::size_t size = 0;  // bytes in the source; 1 for an invalid byte
};

// Decodes the character that starts at byte `at` (which must be < text.size()). An invalid,
// truncated, overlong or surrogate sequence decodes as U+FFFD of size 1.
DecodedChar decode_utf8(std::string_view text, std::size_t at);

// Decodes the character that ends at byte `end` (which must be > 0).
DecodedChar decode_utf8_before(std::string_view text, std::size_t end);

void append_utf8(std::string& out, char32_t code_point);

// Replaces each invalid byte with U+FFFD, so that the result is valid UTF-8, which Telegram
// requires of every string.
std::string sanitize_utf8(std::string_view text);

// UTF-16 code units of one character: 2 above U+FFFF, else 1.
inline std::size_t utf16_units(char32_t code_point) { return code_point > 0xFFFF ? 2 : 1; }

// Unicode whitespace (categories Zs, Zl, Zp) and \t \n \v \f. A carriage return is not
// whitespace here: the dialect uses it as an invisible separator.
bool is_whitespace(char32_t code_point);

// Letters, combining marks and digits, except those of scripts written without spaces between
// words (Han, kana, Thai, Lao, Khmer, Myanmar). A delimiter next to a word character does not
// open or close an entity, which keeps snake_case_names and 2*3*4 literal. Scripts without
// spaces are exempt because there the rule would forbid formatting inside a sentence.
bool is_word_character(char32_t code_point);

}  // namespace warden::text

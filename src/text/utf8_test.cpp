#include "text/utf8.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

TEST(Utf8Decode, RejectsInvalidSequences) {
  EXPECT_EQ(decode_utf8("😀", 0).code_point, U'😀');
  EXPECT_EQ(decode_utf8("😀", 0).size, 4u);
  EXPECT_EQ(decode_utf8_before("a😀", 5).code_point, U'😀');
  EXPECT_EQ(decode_utf8_before("a\x80", 2).code_point, kReplacementCharacter);
  const char* invalid[] = {"\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80"};
  for (const char* bytes : invalid) {
    EXPECT_EQ(decode_utf8(bytes, 0).code_point, kReplacementCharacter) << bytes;
    EXPECT_EQ(decode_utf8(bytes, 0).size, 1u);
  }
  EXPECT_EQ(sanitize_utf8("a\xFF😀"), "a\uFFFD😀");
}

TEST(Utf8Classes, ClassifiesSpacesAndWords) {
  for (char32_t c : {U' ', U'\n', U'\t', U'\u00A0', U'\u2003', U'\u3000'}) {
    EXPECT_TRUE(is_whitespace(c)) << static_cast<std::uint32_t>(c);
  }
  EXPECT_FALSE(is_whitespace(U'\r'));
  for (char32_t c : {U'a', U'Z', U'7', U'я', U'ب', U'ש', U'é', U'\u0301', U'𝒳', U'한'}) {
    EXPECT_TRUE(is_word_character(c)) << static_cast<std::uint32_t>(c);
  }
  for (char32_t c : {U'_', U'*', U' ', U'😀', U'中', U'あ', U'ก', U'\r'}) {
    EXPECT_FALSE(is_word_character(c)) << static_cast<std::uint32_t>(c);
  }
}

}  // namespace
}  // namespace warden::text

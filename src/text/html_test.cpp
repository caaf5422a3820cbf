#include "text/html.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

TEST(EscapeHtml, EscapesMarkupInNames) {
  EXPECT_EQ(escape_html("<b>Eve</b> & co"), "&lt;b&gt;Eve&lt;/b&gt; &amp; co");
  EXPECT_EQ(mention_html(7345678901, "<b>Eve</b>"),
            "<a href=\"tg://user?id=7345678901\">&lt;b&gt;Eve&lt;/b&gt;</a>");
}

TEST(Utf16Length, CountsSurrogatePairs) {
  EXPECT_EQ(utf16_length("abc"), 3u);
  EXPECT_EQ(utf16_length("Привет"), 6u);
  EXPECT_EQ(utf16_length("😀"), 2u);
  EXPECT_EQ(utf16_length("👨‍👩‍👧"), 8u);
}

TEST(TruncateUtf16, NeverSplitsACharacter) {
  EXPECT_EQ(truncate_utf16("a😀b", 2), "a");
  EXPECT_EQ(truncate_utf16("a😀b", 3), "a😀");
  EXPECT_EQ(truncate_utf16("Привет", 3), "При");
}

}  // namespace
}  // namespace warden::text

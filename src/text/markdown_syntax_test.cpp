#include "text/markdown_syntax.h"

#include <gtest/gtest.h>

#include <string>

#include "text/html.h"
#include "text/markdown.h"

namespace warden::text {
namespace {

TEST(MarkdownSyntax, RendersAsThePlainText) {
  const std::string texts[] = {"*a* _b_ [c](d) \\ `e` ~f~ ||g|| > h ! &", "snake_case", "x\\"};
  for (const std::string& text : texts) {
    EXPECT_EQ(markdown_to_html(escape_markdown(text)).html, escape_html(text)) << text;
  }
}

TEST(MarkdownSyntax, EscapesUnbalancedUrlParentheses) {
  EXPECT_EQ(escape_markdown_url("https://a.com/Foo_(bar)"), "https://a.com/Foo_(bar)");
  EXPECT_EQ(escape_markdown_url("https://a.com/a)b"), "https://a.com/a\\)b");
  EXPECT_EQ(escape_markdown_url("https://a.com/a\\b"), "https://a.com/a\\\\b");
}

TEST(MarkdownSyntax, UnescapesGivenCharacters) {
  EXPECT_EQ(unescape_markdown("\\*a\\q\\\\\r"), "*a\\q\\");
  EXPECT_EQ(unescape_code("\\`a\\*\\\\"), "`a\\*\\");
}

TEST(MarkdownSyntax, RecognizesPreLanguages) {
  for (const char* language : {"python", "c++", "objective-c", "c#", "x86_64", "f.sharp"}) {
    EXPECT_TRUE(is_pre_language(language)) << language;
  }
  for (const char* line : {"", "two words", "a`b", "<x>", "код"}) {
    EXPECT_FALSE(is_pre_language(line)) << line;
  }
}

}  // namespace
}  // namespace warden::text

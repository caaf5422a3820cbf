#include "text/html_tokens.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

TEST(HtmlTokens, SplitsTagsEntitiesAndCharacters) {
  const std::string html = "<a href=\"x>y\">&lt;😀</a>&#x41;";
  const std::vector<HtmlToken> tokens = tokenize_html(html);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, HtmlTokenKind::kStartTag);
  EXPECT_EQ(tokens[0].name, "a");
  EXPECT_EQ(tokens[0].end, 14u);
  EXPECT_EQ(tokens[1].code_point, U'<');
  EXPECT_EQ(tokens[2].code_point, U'😀');
  EXPECT_EQ(tokens[3].kind, HtmlTokenKind::kEndTag);
  EXPECT_EQ(tokens[4].code_point, U'A');
}

TEST(HtmlTokens, TreatsMalformedMarkupAsCharacters) {
  EXPECT_EQ(html_to_text("a < b <c <3 &bogus; &amp &#0; \xff"),
            "a < b <c <3 &bogus; & &#0; \uFFFD");
  EXPECT_EQ(html_to_text("<b>bold</b> <i x='>'>i</i>"), "bold i");
}

TEST(HtmlTokens, ReopensAndClosesOpenTags) {
  const std::string html = "<b><a href=\"u\">x</a><i>";
  OpenTags open;
  for (const HtmlToken& token : tokenize_html(html)) open.apply(token);
  EXPECT_EQ(open.reopen(html), "<b><i>");
  EXPECT_EQ(open.close(), "</i></b>");
  EXPECT_TRUE(open.contains("i"));
  EXPECT_FALSE(open.contains("a"));
}

}  // namespace
}  // namespace warden::text

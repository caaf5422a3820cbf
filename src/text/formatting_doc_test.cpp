// Checks the examples of docs/formatting.md, so that the page stays true.

#include <gtest/gtest.h>

#include "text/markdown.h"
#include "text/placeholders.h"

namespace warden::text {
namespace {

std::string html(std::string_view markdown) { return markdown_to_html(markdown).html; }

TEST(FormattingDoc, TextStyles) {
  EXPECT_EQ(html("*bold*"), "<b>bold</b>");
  EXPECT_EQ(html("_italic_"), "<i>italic</i>");
  EXPECT_EQ(html("__underline__"), "<u>underline</u>");
  EXPECT_EQ(html("~strike~"), "<s>strike</s>");
  EXPECT_EQ(html("||spoiler||"), "<span class=\"tg-spoiler\">spoiler</span>");
  EXPECT_EQ(html("`code`"), "<code>code</code>");
  EXPECT_EQ(html("[Warden docs](https://example.org/docs)"),
            "<a href=\"https://example.org/docs\">Warden docs</a>");
  EXPECT_NE(html("```python\nprint(1)\n```").find("language-python"), std::string::npos);
  EXPECT_NE(html("> quoted line").find("<blockquote>"), std::string::npos);
}

TEST(FormattingDoc, OrdinaryTextStaysOrdinary) {
  EXPECT_EQ(html("snake_case_names"), "snake_case_names");
  EXPECT_EQ(html("2*3*4"), "2*3*4");
  EXPECT_EQ(html("a * b"), "a * b");
  EXPECT_EQ(html("\\*not bold\\*"), "*not bold*");
  EXPECT_EQ(html("<b>Eve</b> & co"), "&lt;b&gt;Eve&lt;/b&gt; &amp; co");
  EXPECT_EQ(html("foo\u200B*bar*"), "foo<b>bar</b>");
  EXPECT_EQ(html("foo*bar*"), "foo*bar*");
}

TEST(FormattingDoc, Buttons) {
  MarkdownOptions options;
  options.allow_buttons = true;
  auto rendered = markdown_to_html(
      "Read these\n[Rules](buttonurl://https://example.org/rules)\n[Chat](buttonurl://t.me/example:same)\n"
      "[Bad](buttonurl://javascript:alert(1))",
      options);
  EXPECT_EQ(rendered.html, "Read these");
  ASSERT_EQ(rendered.rows.size(), 1u);
  ASSERT_EQ(rendered.rows[0].size(), 2u);
  EXPECT_EQ(rendered.rows[0][0].url, "https://example.org/rules");
  EXPECT_EQ(rendered.rows[0][1].url, "https://t.me/example");
  EXPECT_EQ(rendered.problems.size(), 1u);
}

TEST(FormattingDoc, Fillings) {
  telegram::User user;
  user.id = 7345678901;
  user.first_name = "<b>Eve</b> & co";
  FillingContext context;
  context.user = &user;
  context.chat_title = "Example";
  std::string filled = fill_placeholders("Hi {first} of {chatname}, {id} {unknown}", context);
  EXPECT_EQ(filled, "Hi &lt;b&gt;Eve&lt;/b&gt; &amp; co of Example, 7345678901 {unknown}");
  FillingContext nobody;
  EXPECT_EQ(fill_placeholders("{first}", nobody), "PersonWithNoName");
}

}  // namespace
}  // namespace warden::text

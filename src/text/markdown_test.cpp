#include "text/markdown.h"

#include <gtest/gtest.h>

#include <string>

#include "text/html_check.h"

namespace warden::text {
namespace {

struct Case {
  const char* markdown;
  const char* html;
};

template <std::size_t N>
void expect_all_render(const Case (&cases)[N]) {
  for (const Case& c : cases) {
    const Rendered rendered = markdown_to_html(c.markdown);
    EXPECT_EQ(rendered.html, c.html) << "markdown: " << c.markdown;
    EXPECT_EQ(find_html_error(rendered.html), std::nullopt) << "markdown: " << c.markdown;
  }
}

TEST(MarkdownToHtml, RendersEachDelimiter) {
  const Case cases[] = {
      {"*bold*", "<b>bold</b>"},
      {"_italic_", "<i>italic</i>"},
      {"__underline__", "<u>underline</u>"},
      {"~strike~", "<s>strike</s>"},
      {"||spoiler||", "<span class=\"tg-spoiler\">spoiler</span>"},
      {"`code`", "<code>code</code>"},
      {"```\nplain block\n```", "<pre>plain block</pre>"},
      {"```python\nprint(1)\n```", "<pre><code class=\"language-python\">print(1)</code></pre>"},
      {"```one line```", "<pre>one line</pre>"},
      {"```hello world\nsecond```", "<pre>hello world\nsecond</pre>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, EscapesAllNonMarkup) {
  const Case cases[] = {
      {"a < b & c > \"d\"", "a &lt; b &amp; c &gt; &quot;d&quot;"},
      {"<b>not a tag</b>", "&lt;b&gt;not a tag&lt;/b&gt;"},
      {"*<i>x</i>*", "<b>&lt;i&gt;x&lt;/i&gt;</b>"},
      {"`<&>`", "<code>&lt;&amp;&gt;</code>"},
      {"[x](https://a.com/?a=1&b=\"2\")",
       "<a href=\"https://a.com/?a=1&amp;b=&quot;2&quot;\">x</a>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, LeavesUnmatchedDelimitersLiteral) {
  const Case cases[] = {
      {"*unmatched", "*unmatched"},
      {"unmatched_", "unmatched_"},
      {"snake_case_words here", "snake_case_words here"},
      {"call my_function_name() now", "call my_function_name() now"},
      {"2*3*4 = 24", "2*3*4 = 24"},
      {"* not bold *", "* not bold *"},
      {"a ~ b ~ c", "a ~ b ~ c"},
      {"a || b", "a || b"},
      {"**", "**"},
      {"``", "``"},
      {"```", "```"},
      {"*a*b", "*a*b"},
      {"~10 people", "~10 people"},
      {"x|y", "x|y"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, NestsAndJoinsEntities) {
  const Case cases[] = {
      {"*bold _italic_ bold*", "<b>bold <i>italic</i> bold</b>"},
      {"*a* _b_", "<b>a</b> <i>b</i>"},
      {"*a*_b_", "<b>a</b><i>b</i>"},
      {"___both___", "<u><i>both</i></u>"},
      {"__\r_x_\r__", "<u><i>x</i></u>"},
      {"_\r__x__\r y_", "<i><u>x</u> y</i>"},
      {"_a __b__ c_", "<i>a <u>b</u> c</i>"},
      {"||*~x~*||", "<span class=\"tg-spoiler\"><b><s>x</s></b></span>"},
      {"*a *b* c*", "<b>a *b</b> c*"},
      {"*line one\nline two*", "<b>line one\nline two</b>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, DropsSeparatorsAtDelimiters) {
  const Case cases[] = {
      {"ove\u200B_rlap_", "ove<i>rlap</i>"},
      {"*ove\u200B_rlap_* _text_", "<b>ove<i>rlap</i></b> <i>text</i>"},
      {"__\u200B_x_\u200B__", "<u><i>x</i></u>"},
      {"___x_\u200B__", "<u><i>x</i></u>"},
      {"_\u200B__x__\u200B y_", "<i><u>x</u> y</i>"},
      {"_x_\u200B_y_", "<i>x</i><i>y</i>"},
      {"foo\u200B*bar*\u200Bbaz", "foo<b>bar</b>baz"},
      {"`a`\u200B`b`", "<code>a</code><code>b</code>"},
      {"a\u200B```\nx\n```\u200Bb", "a<pre>x</pre>b"},
      {"[a\u200B*b*](https://x.com)", "<a href=\"https://x.com\">a<b>b</b></a>"},
      {"___x_\r__", "<u><i>x</i></u>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, KeepsOtherZeroWidthSpaces) {
  const Case cases[] = {
      {"a\u200Bb", "a\u200Bb"},
      {"\u200B*x", "\u200B*x"},
      {"snake\u200B_case_names", "snake\u200B_case_names"},
      {"*\u200Bx\u200B*", "<b>\u200Bx\u200B</b>"},
      {"a\u200B\u200B*b*", "a\u200B<b>b</b>"},
      {"*a*\u200B\u200Bb", "<b>a</b>\u200Bb"},
      {"`\u200B`", "<code>\u200B</code>"},
      {"\u200B [x](https://x.com)\u200B", "\u200B <a href=\"https://x.com\">x</a>\u200B"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, KeepsCodeAndPreLiteral) {
  const Case cases[] = {
      {"`a*b*c`", "<code>a*b*c</code>"},
      {"`_x_ [y](z)`", "<code>_x_ [y](z)</code>"},
      {"*a `*` b*", "<b>a <code>*</code> b</b>"},
      {"`a\\`b`", "<code>a`b</code>"},
      {"`C:\\\\dir`", "<code>C:\\dir</code>"},
      {"`C:\\dir`", "<code>C:\\dir</code>"},
      {"```\n*not bold*\n> not a quote\n```", "<pre>*not bold*\n&gt; not a quote</pre>"},
      {"```\na \\`\\`\\` b\n```", "<pre>a ``` b</pre>"},
      {"*a ```b``` c*", "<b>a ```b``` c</b>"},
      {"```c++\nint x;\n```", "<pre><code class=\"language-c++\">int x;</code></pre>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, HandlesEscapes) {
  const Case cases[] = {
      {"\\*not bold\\*", "*not bold*"}, {"\\_\\_x\\_\\_", "__x__"},
      {"\\[x\\](y)", "[x](y)"},         {"a \\ b", "a \\ b"},
      {"\\\\*bold*", "\\<b>bold</b>"},  {"\\> not a quote", "&gt; not a quote"},
      {"\\&amp;", "&amp;amp;"},         {"ends with \\", "ends with \\"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, RendersLinks) {
  const Case cases[] = {
      {"[site](https://example.com)", "<a href=\"https://example.com\">site</a>"},
      {"[a_b](https://example.com/a_b_c)", "<a href=\"https://example.com/a_b_c\">a_b</a>"},
      {"[wiki](https://en.wikipedia.org/wiki/Foo_(bar))",
       "<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">wiki</a>"},
      {"[x](https://a.com/\\(\\()", "<a href=\"https://a.com/((\">x</a>"},
      {"[a \\] b](https://x.com)", "<a href=\"https://x.com\">a ] b</a>"},
      {"[*bold* link](https://x.com)", "<a href=\"https://x.com\"><b>bold</b> link</a>"},
      {"*[link](https://x.com/*)*", "<b><a href=\"https://x.com/*\">link</a></b>"},
      {"[Eve](tg://user?id=7345678901)", "<a href=\"tg://user?id=7345678901\">Eve</a>"},
      {"[a [b](http://x.com)](http://y.com)", "<a href=\"http://y.com\">a [b](http://x.com)</a>"},
      {"[no url]()", "[no url]()"},
      {"[spaces](https://a.com/a b)", "[spaces](https://a.com/a b)"},
      {"[](https://x.com)", "[](https://x.com)"},
      {"[1] see (here)", "[1] see (here)"},
      {"wow![x](https://x.com)", "wow!<a href=\"https://x.com\">x</a>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, RendersCustomEmoji) {
  const Case cases[] = {
      {"![👍](tg://emoji?id=5368324170671202286)",
       "<tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>"},
      {"*![👍](tg://emoji?id=1)*", "<b><tg-emoji emoji-id=\"1\">👍</tg-emoji></b>"},
      {"![x](tg://emoji?id=abc)", "!<a href=\"tg://emoji?id=abc\">x</a>"},
      {"![x](tg://emoji?id=0)", "!<a href=\"tg://emoji?id=0\">x</a>"},
      {"![x](tg://emoji?id=99999999999999999999)",
       "!<a href=\"tg://emoji?id=99999999999999999999\">x</a>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, RendersBlockquotes) {
  const Case cases[] = {
      {"> quoted", "<blockquote>quoted</blockquote>"},
      {"> one\n> two\nafter", "<blockquote>one\ntwo</blockquote>\nafter"},
      {"before\n  >indented", "before\n<blockquote>indented</blockquote>"},
      {"> *bold\n> across*", "<blockquote><b>bold\nacross</b></blockquote>"},
      {"**> hidden\n> more||", "<blockquote expandable>hidden\nmore</blockquote>"},
      {"**> not closed", "<blockquote>**not closed</blockquote>"},
      {"> a\n\n> b", "<blockquote>a</blockquote>\n\n<blockquote>b</blockquote>"},
      {"> ```\n> code\n> ```", "<blockquote><pre>code</pre></blockquote>"},
      {"> > nested", "<blockquote>&gt; nested</blockquote>"},
      {">", "&gt;"},
      {"a > b", "a &gt; b"},
      {"*x\n> y*", "<b>x\n&gt; y</b>"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, HandlesEmojiAndOtherScripts) {
  const Case cases[] = {
      {"😀*x*", "😀<b>x</b>"},
      {"*👨‍👩‍👧 family*", "<b>👨‍👩‍👧 family</b>"},
      {"👨‍👩‍👧 _𝒳 math_ 🇺🇦", "👨‍👩‍👧 <i>𝒳 math</i> 🇺🇦"},
      {"*مرحبا* بالعالم", "<b>مرحبا</b> بالعالم"},
      {"_שלום_ עולם", "<i>שלום</i> עולם"},
      {"кот_собака_птица", "кот_собака_птица"},
      {"这是*粗体*字", "这是<b>粗体</b>字"},
      {"foo\r*bar*", "foo<b>bar</b>"},
      {"*foo*\rbar", "<b>foo</b>bar"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, TrimsAndHandlesEmptyInput) {
  const Case cases[] = {
      {"", ""},
      {"   \n\t  \n", ""},
      {"  *x*  \n", "<b>x</b>"},
      {"\n\nline\n\n", "line"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, CleansInvalidInput) {
  const Case cases[] = {
      {"a\x01z", "a z"},
      {"a\xff\xfez", "a\xEF\xBF\xBD\xEF\xBF\xBDz"},
      {"a\xED\xA0\x80z", "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz"},
      {"line\r\nnext", "line\nnext"},
  };
  expect_all_render(cases);
}

TEST(MarkdownToHtml, LeavesButtonsLiteralWhenNotAllowed) {
  const Rendered rendered = markdown_to_html("Rules [Site](buttonurl://example.com)");
  EXPECT_EQ(rendered.html, "Rules [Site](buttonurl://example.com)");
  EXPECT_TRUE(rendered.rows.empty());
}

std::string repeat(std::string_view unit, std::size_t bytes) {
  std::string out;
  while (out.size() < bytes) out += unit;
  return out;
}

TEST(MarkdownToHtml, MatchesDelimitersInLongMessages) {
  // Each unmatched opener searches to the end: the worst case for a 4096-byte message.
  const char* units[] = {"*a ", "_a ", "__a ", "`a ", "||a ", "~a ", "[a", "![a]("};
  for (const char* unit : units) {
    const std::string input = repeat(unit, 4070) + " [end](https://e.com)";
    const Rendered rendered = markdown_to_html(input);
    EXPECT_TRUE(rendered.html.ends_with(" <a href=\"https://e.com\">end</a>")) << unit;
    EXPECT_EQ(find_html_error(rendered.html), std::nullopt) << unit;
  }
}

TEST(MarkdownToHtml, StaysValidOnHugeInput) {
  for (const char* unit : {"*a ", "`a ", "*`[_(", "[a](b"}) {
    const Rendered rendered = markdown_to_html(repeat(unit, 200'000));
    EXPECT_EQ(find_html_error(rendered.html), std::nullopt) << unit;
  }
}

}  // namespace
}  // namespace warden::text

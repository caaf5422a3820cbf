#include "text/entities_to_markdown.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/markdown.h"

namespace warden::text {
namespace {

using telegram::MessageEntity;

MessageEntity entity(std::string type, std::int32_t offset, std::int32_t length) {
  MessageEntity result;
  result.type = std::move(type);
  result.offset = offset;
  result.length = length;
  return result;
}

MessageEntity text_link(std::int32_t offset, std::int32_t length, std::string url) {
  MessageEntity result = entity("text_link", offset, length);
  result.url = std::move(url);
  return result;
}

MessageEntity pre(std::int32_t offset, std::int32_t length, std::string language) {
  MessageEntity result = entity("pre", offset, length);
  result.language = std::move(language);
  return result;
}

struct Case {
  std::string text;
  std::vector<MessageEntity> entities;
  std::string markdown;
  std::string html;  // what the markdown renders to
};

void expect_all(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    const std::string markdown = entities_to_markdown(c.text, c.entities);
    EXPECT_EQ(markdown, c.markdown) << "text: " << c.text;
    EXPECT_EQ(markdown_to_html(markdown).html, c.html) << "text: " << c.text;
  }
}

TEST(EntitiesToMarkdown, WritesEachEntityType) {
  MessageEntity mention = entity("text_mention", 0, 3);
  mention.user = telegram::User{.id = 7345678901, .first_name = "Eve"};
  MessageEntity emoji = entity("custom_emoji", 5, 2);
  emoji.custom_emoji_id = "5368324170671202286";
  expect_all({
      {"bold", {entity("bold", 0, 4)}, "*bold*", "<b>bold</b>"},
      {"italic", {entity("italic", 0, 6)}, "_italic_", "<i>italic</i>"},
      {"under", {entity("underline", 0, 5)}, "__under__", "<u>under</u>"},
      {"gone", {entity("strikethrough", 0, 4)}, "~gone~", "<s>gone</s>"},
      {"secret",
       {entity("spoiler", 0, 6)},
       "||secret||",
       "<span class=\"tg-spoiler\">secret</span>"},
      {"x = 1", {entity("code", 0, 5)}, "`x = 1`", "<code>x = 1</code>"},
      {"print(1)",
       {pre(0, 8, "python")},
       "```python\nprint(1)\n```",
       "<pre><code class=\"language-python\">print(1)</code></pre>"},
      {"a\nb", {pre(0, 3, "")}, "```\na\nb\n```", "<pre>a\nb</pre>"},
      {"site",
       {text_link(0, 4, "https://example.com")},
       "[site](https://example.com)",
       "<a href=\"https://example.com\">site</a>"},
      {"Eve",
       {mention},
       "[Eve](tg://user?id=7345678901)",
       "<a href=\"tg://user?id=7345678901\">Eve</a>"},
      {"like 👍",
       {emoji},
       "like ![👍](tg://emoji?id=5368324170671202286)",
       "like <tg-emoji emoji-id=\"5368324170671202286\">👍</tg-emoji>"},
  });
}

TEST(EntitiesToMarkdown, KeepsOtherTypesPlain) {
  expect_all({
      {"see https://x.com/_a_ and @_bot_ #_tag_",
       {entity("url", 4, 17), entity("mention", 26, 6), entity("hashtag", 33, 6)},
       "see https://x.com/\\_a\\_ and @\\_bot\\_ #\\_tag\\_",
       "see https://x.com/_a_ and @_bot_ #_tag_"},
      {"/start now", {entity("bot_command", 0, 6)}, "/start now", "/start now"},
      {"call +1 555", {entity("phone_number", 5, 6)}, "call +1 555", "call +1 555"},
  });
}

TEST(EntitiesToMarkdown, MovesEdgeWhitespaceOutside) {
  expect_all({
      {"Hello world", {entity("bold", 5, 6)}, "Hello *world*", "Hello <b>world</b>"},
      {"a  b  c", {entity("italic", 1, 5)}, "a  _b_  c", "a  <i>b</i>  c"},
      {"x \n", {entity("bold", 0, 3)}, "*x* \n", "<b>x</b>"},
      {"   ", {entity("bold", 0, 3)}, "   ", ""},
      {"a\u00A0b\u00A0", {entity("code", 0, 4)}, "`a\u00A0b`\u00A0", "<code>a\u00A0b</code>\u00A0"},
  });
}

TEST(EntitiesToMarkdown, NestsAndSplitsEntities) {
  expect_all({
      {"Hello world",
       {entity("bold", 0, 11), entity("italic", 6, 5)},
       "*Hello _world_*",
       "<b>Hello <i>world</i></b>"},
      {"Hello world",
       {entity("bold", 0, 7), entity("italic", 6, 5)},
       "*Hello _w_*_orld_",
       "<b>Hello <i>w</i></b><i>orld</i>"},
      {"ab", {entity("bold", 0, 1), entity("italic", 1, 1)}, "*a*_b_", "<b>a</b><i>b</i>"},
      {"ab", {entity("bold", 0, 1), entity("bold", 1, 1)}, "*ab*", "<b>ab</b>"},
      {"both",
       {entity("italic", 0, 4), entity("underline", 0, 4)},
       "__\u200B_both_\u200B__",
       "<u><i>both</i></u>"},
      {"xy z",
       {entity("italic", 0, 4), entity("underline", 0, 2)},
       "_\u200B__xy__ z_",
       "<i><u>xy</u> z</i>"},
      {"all",
       {entity("bold", 0, 3), entity("italic", 0, 3), entity("strikethrough", 0, 3),
        entity("spoiler", 0, 3)},
       "*_~||all||~_*",
       "<b><i><s><span class=\"tg-spoiler\">all</span></s></i></b>"},
      {"link bold",
       {text_link(0, 9, "https://x.com"), entity("bold", 5, 4)},
       "[link *bold*](https://x.com)",
       "<a href=\"https://x.com\">link <b>bold</b></a>"},
      {"a\nb", {entity("bold", 0, 3)}, "*a\nb*", "<b>a\nb</b>"},
  });
}

TEST(EntitiesToMarkdown, SeparatesAdjacentDelimiters) {
  expect_all({
      {"foobar", {entity("bold", 0, 3)}, "*foo*\u200Bbar", "<b>foo</b>bar"},
      {"foobar", {entity("bold", 3, 3)}, "foo\u200B*bar*", "foo<b>bar</b>"},
      {"overlap text",
       {entity("bold", 0, 7), entity("italic", 3, 9)},
       "*ove\u200B_rlap_* _text_",
       "<b>ove<i>rlap</i></b> <i>text</i>"},
      {"ab",
       {entity("italic", 0, 1), entity("underline", 1, 1)},
       "_a_\u200B__b__",
       "<i>a</i><u>b</u>"},
      {"snake_case", {entity("italic", 0, 10)}, "_snake\\_case_", "<i>snake_case</i>"},
      {"a*b", {entity("bold", 0, 3)}, "*a\\*b*", "<b>a*b</b>"},
      {"*x", {entity("bold", 1, 1)}, "\\**x*", "*<b>x</b>"},
      {"x_", {entity("italic", 0, 1)}, "_x_\\_", "<i>x</i>_"},
      {"a\\b", {entity("bold", 2, 1)}, "a\\\\*b*", "a\\<b>b</b>"},
      {"[a]",
       {text_link(0, 3, "https://x.com")},
       "[\\[a\\]](https://x.com)",
       "<a href=\"https://x.com\">[a]</a>"},
      {"wow",
       {text_link(0, 3, "https://en.wikipedia.org/wiki/Foo_(bar)")},
       "[wow](https://en.wikipedia.org/wiki/Foo_(bar))",
       "<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">wow</a>"},
      {"odd",
       {text_link(0, 3, "https://x.com/a)b")},
       "[odd](https://x.com/a\\)b)",
       "<a href=\"https://x.com/a)b\">odd</a>"},
  });
}

TEST(EntitiesToMarkdown, KeepsZeroWidthSpacesOfTheText) {
  expect_all({
      {"a\u200Bb", {entity("bold", 2, 1)}, "a\u200B\u200B*b*", "a\u200B<b>b</b>"},
      {"b\u200Ba", {entity("bold", 0, 1)}, "*b*\u200B\u200Ba", "<b>b</b>\u200Ba"},
      {"x\u200By",
       {entity("bold", 0, 1), entity("bold", 2, 1)},
       "*x*\u200B\u200B\u200B*y*",
       "<b>x</b>\u200B<b>y</b>"},
      {"\u200Bx\u200B", {entity("bold", 0, 3)}, "*\u200Bx\u200B*", "<b>\u200Bx\u200B</b>"},
      {"a\u200B", {entity("code", 0, 1)}, "`a`\u200B\u200B", "<code>a</code>\u200B"},
  });
}

TEST(EntitiesToMarkdown, DropsCarriageReturns) {
  expect_all({
      {"a\rb", {entity("bold", 2, 1)}, "a\u200B*b*", "a<b>b</b>"},
      {"x\r\ny", {entity("code", 0, 4)}, "`x\ny`", "<code>x\ny</code>"},
  });
}

TEST(EntitiesToMarkdown, EscapesCodeContent) {
  expect_all({
      {"a*b`c", {entity("code", 0, 5)}, "`a*b\\`c`", "<code>a*b`c</code>"},
      {"C:\\dir\\", {entity("code", 0, 7)}, "`C:\\dir\\\\`", "<code>C:\\dir\\</code>"},
      {"x ``` y", {pre(0, 7, "")}, "```\nx \\`\\`\\` y\n```", "<pre>x ``` y</pre>"},
      {"a b", {pre(0, 3, "not a language")}, "```\na b\n```", "<pre>a b</pre>"},
  });
}

TEST(EntitiesToMarkdown, WritesBlockquotesOnTheirOwnLines) {
  expect_all({
      {"Intro\nQuoted line\nSecond\nAfter",
       {entity("blockquote", 6, 18)},
       "Intro\n> Quoted line\n> Second\nAfter",
       "Intro\n<blockquote>Quoted line\nSecond</blockquote>\nAfter"},
      {"Hidden\ntext",
       {entity("expandable_blockquote", 0, 11)},
       "**> Hidden\n> text||",
       "<blockquote expandable>Hidden\ntext</blockquote>"},
      {"ab", {entity("blockquote", 1, 1)}, "a\n> b", "a\n<blockquote>b</blockquote>"},
      {"q\n>not",
       {entity("blockquote", 0, 1)},
       "> q\n\\>not",
       "<blockquote>q</blockquote>\n&gt;not"},
      {"x q y",
       {entity("bold", 0, 5), entity("blockquote", 2, 1)},
       "*x* \n> *q*\n *y*",
       "<b>x</b> \n<blockquote><b>q</b></blockquote>\n <b>y</b>"},
      {"qs",
       {entity("expandable_blockquote", 0, 1), entity("spoiler", 1, 1)},
       "**> q||\n||s||",
       "<blockquote expandable>q</blockquote>\n<span class=\"tg-spoiler\">s</span>"},
      {"code\nmore",
       {entity("blockquote", 0, 9), pre(0, 9, "")},
       "> ```\n> code\n> more\n> ```",
       "<blockquote><pre>code\nmore</pre></blockquote>"},
  });
}

TEST(EntitiesToMarkdown, CountsOffsetsInUtf16) {
  MessageEntity emoji = entity("custom_emoji", 0, 8);
  emoji.custom_emoji_id = "42";
  expect_all({
      {"😀 bold", {entity("bold", 3, 4)}, "😀 *bold*", "😀 <b>bold</b>"},
      {"👨‍👩‍👧 family fun",
       {entity("bold", 0, 8), entity("italic", 9, 6)},
       "*👨‍👩‍👧* _family_ fun",
       "<b>👨‍👩‍👧</b> <i>family</i> fun"},
      {"𝒳𝒴 math", {entity("italic", 2, 2)}, "𝒳\u200B_𝒴_ math", "𝒳<i>𝒴</i> math"},
      {"👨‍👩‍👧",
       {emoji},
       "![👨‍👩‍👧](tg://emoji?id=42)",
       "<tg-emoji emoji-id=\"42\">👨‍👩‍👧</tg-emoji>"},
      {"a😀b", {entity("bold", 2, 1)}, "a\u200B*😀*\u200Bb", "a<b>😀</b>b"},
      {"مرحبا بالعالم", {entity("bold", 0, 5)}, "*مرحبا* بالعالم", "<b>مرحبا</b> بالعالم"},
      {"שלום עולם", {entity("italic", 5, 4)}, "שלום _עולם_", "שלום <i>עולם</i>"},
      {"这是粗体字", {entity("bold", 2, 2)}, "这是*粗体*字", "这是<b>粗体</b>字"},
  });
}

TEST(EntitiesToMarkdown, SurvivesInvalidEntities) {
  MessageEntity link_without_url = entity("text_link", 0, 2);
  MessageEntity emoji_without_id = entity("custom_emoji", 0, 2);
  expect_all({
      {"", {entity("bold", 0, 5)}, "", ""},
      {"abc", {entity("bold", 2, 100)}, "ab\u200B*c*", "ab<b>c</b>"},
      {"abc", {entity("bold", -2, 3)}, "*a*\u200Bbc", "<b>a</b>bc"},
      {"abc", {entity("bold", 5, 1), entity("italic", 1, 0), entity("code", 1, -3)}, "abc", "abc"},
      {"abc", {entity("unknown_type", 0, 3), link_without_url, emoji_without_id}, "abc", "abc"},
      {"😀x", {entity("bold", 1, 2)}, "*😀x*", "<b>😀x</b>"},
      {"code", {entity("code", 0, 4), entity("bold", 1, 2)}, "`code`", "<code>code</code>"},
      {"abcd",
       {entity("code", 1, 2), entity("bold", 0, 2)},
       "*a*`bc`\u200Bd",
       "<b>a</b><code>bc</code>d"},
      {"links",
       {text_link(0, 4, "https://a.com"), text_link(2, 3, "https://b.com")},
       "[link](https://a.com)[s](https://b.com)",
       "<a href=\"https://a.com\">link</a><a href=\"https://b.com\">s</a>"},
      {"abc", {entity("bold", 0, 2147483647)}, "*abc*", "<b>abc</b>"},
      {"abc", {entity("bold", 2147483647, 2147483647)}, "abc", "abc"},
  });
}

}  // namespace
}  // namespace warden::text

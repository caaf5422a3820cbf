#include "text/split.h"

#include <gtest/gtest.h>

#include <string>

#include "text/html_check.h"
#include "text/html_tokens.h"
#include "text/markdown.h"

namespace warden::text {
namespace {

// Checks the invariants every split must keep and returns the parts.
std::vector<std::string> split_checked(std::string_view html, std::size_t limit) {
  std::vector<std::string> parts = split_html(html, limit);
  for (const std::string& part : parts) {
    EXPECT_LE(rendered_length(part), limit) << part;
    EXPECT_EQ(find_html_error(part), std::nullopt) << part;
  }
  return parts;
}

std::string visible_text(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += html_to_text(part);
  return text;
}

std::string repeat(std::string_view unit, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

TEST(RenderedLength, CountsVisibleUtf16Units) {
  struct Case {
    const char* html;
    std::size_t length;
  };
  const Case cases[] = {
      {"", 0},
      {"plain", 5},
      {"<b>a</b>&amp;", 2},
      {"&lt;&gt;&quot;", 3},
      {"<a href=\"https://example.com/very/long\">ab</a>", 2},
      {"😀", 2},
      {"&#128512;&#x1F600;", 4},
      {"👨‍👩‍👧", 8},
      {"Привет", 6},
      {"مرحبا", 5},
      {"&unknown;", 9},
      {"a < b", 5},
      {"<tg-emoji emoji-id=\"1\">👍</tg-emoji>", 2},
  };
  for (const Case& c : cases) EXPECT_EQ(rendered_length(c.html), c.length) << c.html;
}

TEST(SplitHtml, ReturnsShortTextUnchanged) {
  EXPECT_EQ(split_html("<b>short</b>", kMaxTextLength), std::vector<std::string>{"<b>short</b>"});
  EXPECT_EQ(split_html("", kMaxTextLength), std::vector<std::string>{""});
}

TEST(SplitHtml, SplitsFiveThousandCharacters) {
  std::string html;
  for (int line = 0; line < 100; ++line) html += repeat("x", 49) + "\n";
  ASSERT_EQ(rendered_length(html), 5000u);

  const std::vector<std::string> parts = split_checked(html, kMaxTextLength);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(rendered_length(parts[0]), 4050u);  // 81 whole lines
  EXPECT_EQ(parts[0].back(), '\n');
  EXPECT_EQ(visible_text(parts), html);
}

TEST(SplitHtml, SplitsLongLineAtSpacesThenCharacters) {
  const std::string words = repeat("word ", 1000);
  const std::vector<std::string> by_space = split_checked(words, kMaxTextLength);
  ASSERT_EQ(by_space.size(), 2u);
  EXPECT_EQ(by_space[0].back(), ' ');
  EXPECT_EQ(visible_text(by_space), words);

  const std::string solid = repeat("y", 5000);
  const std::vector<std::string> by_character = split_checked(solid, kMaxTextLength);
  ASSERT_EQ(by_character.size(), 2u);
  EXPECT_EQ(rendered_length(by_character[0]), 4096u);
  EXPECT_EQ(rendered_length(by_character[1]), 904u);
}

TEST(SplitHtml, ReopensTagsAcrossParts) {
  const std::string html = "<blockquote><b>" + repeat("line\n", 900) +
                           "</b></blockquote><a href=\"https://x.com\">" + repeat("link ", 300) +
                           "</a>";
  const std::vector<std::string> parts = split_checked(html, kMaxTextLength);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_TRUE(parts[0].starts_with("<blockquote><b>line"));
  EXPECT_TRUE(parts[0].ends_with("line\n</b></blockquote>"));
  EXPECT_TRUE(parts[1].starts_with("<blockquote><b>line"));
  EXPECT_TRUE(parts[1].ends_with("link </a>"));
  EXPECT_EQ(visible_text(parts), html_to_text(html));
}

TEST(SplitHtml, SplitsInsidePreAndCode) {
  const std::string html =
      "<pre><code class=\"language-cpp\">" + repeat("int x;\n", 20) + "</code></pre>";
  const std::vector<std::string> parts = split_checked(html, 50);
  ASSERT_EQ(parts.size(), 3u);
  for (const std::string& part : parts) {
    EXPECT_TRUE(part.starts_with("<pre><code class=\"language-cpp\">")) << part;
    EXPECT_TRUE(part.ends_with("</code></pre>")) << part;
  }
}

TEST(SplitHtml, NeverSplitsCharactersOrEntities) {
  const std::vector<std::string> emoji = split_checked(repeat("😀", 3000), kMaxTextLength);
  ASSERT_EQ(emoji.size(), 2u);
  EXPECT_EQ(emoji[0], repeat("😀", 2048));

  const std::vector<std::string> entities = split_checked(repeat("&amp;", 5000), 1024);
  ASSERT_EQ(entities.size(), 5u);
  EXPECT_EQ(entities[0], repeat("&amp;", 1024));

  const std::string families = repeat("👨‍👩‍👧", 10);  // 8 units per cluster
  const std::vector<std::string> clusters = split_checked(families, 20);
  ASSERT_EQ(clusters.size(), 5u);
  for (const std::string& part : clusters) EXPECT_EQ(part, repeat("👨‍👩‍👧", 2));

  const std::string custom = "ab<tg-emoji emoji-id=\"7\">😀</tg-emoji>cd";
  const std::vector<std::string> kept_whole = split_checked(custom, 3);
  EXPECT_EQ(kept_whole,
            (std::vector<std::string>{"ab", "<tg-emoji emoji-id=\"7\">😀</tg-emoji>c", "d"}));
}

TEST(SplitHtml, SplitsRightToLeftMarkdown) {
  const std::string line = "*مرحبا بالعالم* _שלום עולם_ 😀\n";
  std::string markdown;
  for (int i = 0; i < 200; ++i) markdown += line;
  const std::string html = markdown_to_html(markdown).html;
  const std::vector<std::string> parts = split_checked(html, kMaxCaptionLength);
  EXPECT_GT(parts.size(), 1u);
  EXPECT_EQ(visible_text(parts) + "", html_to_text(html));
}

TEST(SplitHtml, DropsPartsThatAreOnlyWhitespace) {
  const std::string html = "a\n" + repeat("\n", 30) + "b";
  const std::vector<std::string> parts = split_checked(html, 10);
  EXPECT_EQ(parts, (std::vector<std::string>{"a" + repeat("\n", 9), "\n\nb"}));
}

TEST(SplitHtml, TreatsTinyLimitsAsTwo) {
  const std::vector<std::string> parts = split_html("😀😀", 0);
  EXPECT_EQ(parts, (std::vector<std::string>{"😀", "😀"}));
}

}  // namespace
}  // namespace warden::text

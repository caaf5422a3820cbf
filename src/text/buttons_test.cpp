#include "text/buttons.h"

#include <gtest/gtest.h>

#include <string>

#include "text/markdown.h"

namespace warden::text {
namespace {

Rendered render_with_buttons(std::string_view markdown) {
  return markdown_to_html(markdown,
                          MarkdownOptions{.allow_buttons = true, .unnamed_button_text = "welcome"});
}

TEST(ButtonsUrl, AcceptsWebAndTelegramUrls) {
  struct Case {
    const char* url;
    const char* normalized;
  };
  const Case cases[] = {
      {"https://example.com", "https://example.com"},
      {"http://example.com/a_b_(c)?q=1#top", "http://example.com/a_b_(c)?q=1#top"},
      {"example.com", "https://example.com"},
      {"example.com:8080/path", "https://example.com:8080/path"},
      {"t.me/warden_bot?start=rules_-100123", "https://t.me/warden_bot?start=rules_-100123"},
      {"HTTPS://Example.com", "https://Example.com"},
      {"tg://resolve?domain=warden_bot", "tg://resolve?domain=warden_bot"},
      {"tg://user?id=7345678901", "tg://user?id=7345678901"},
      {"https://пример.рф/путь", "https://пример.рф/путь"},
      {"https://user@example.com", "https://user@example.com"},
      {"https://user:s%40cret@example.com", "https://user:s%40cret@example.com"},
      {"https://10.0.0.1:443", "https://10.0.0.1:443"},
      {"https://[::1]:8080/", "https://[::1]:8080/"},
  };
  for (const Case& c : cases) {
    auto normalized = normalize_button_url(c.url);
    ASSERT_TRUE(normalized) << c.url << ": " << describe(normalized.error());
    EXPECT_EQ(*normalized, c.normalized);
  }
}

TEST(ButtonsUrl, RejectsOtherUrls) {
  struct Case {
    std::string url;
    ButtonUrlError error;
  };
  const Case cases[] = {
      {"", ButtonUrlError::kEmpty},
      {"javascript:alert(1)", ButtonUrlError::kSchemeNotAllowed},
      {"JavaScript://example.com", ButtonUrlError::kSchemeNotAllowed},
      {"ftp://example.com", ButtonUrlError::kSchemeNotAllowed},
      {"mailto:eve@example.com", ButtonUrlError::kSchemeNotAllowed},
      {"tg:resolve?domain=x", ButtonUrlError::kSchemeNotAllowed},
      {"exa mple.com", ButtonUrlError::kContainsSpace},
      {"https://example.com/\tx", ButtonUrlError::kContainsSpace},
      {"https://example.com/\u00A0", ButtonUrlError::kContainsSpace},
      {"https://", ButtonUrlError::kInvalidHost},
      {"https:///path", ButtonUrlError::kInvalidHost},
      {"https://localhost", ButtonUrlError::kInvalidHost},
      {"https://example.", ButtonUrlError::kInvalidHost},
      {"https://exa<mple.com", ButtonUrlError::kInvalidHost},
      {"https://example.com:99999", ButtonUrlError::kInvalidHost},
      {"tg://", ButtonUrlError::kInvalidHost},
      {"https://example.com:0", ButtonUrlError::kInvalidHost},
      {"tg://a.b", ButtonUrlError::kInvalidHost},
      {"tg://resolve:80?domain=x", ButtonUrlError::kInvalidHost},
      {"tg://eve@resolve?domain=x", ButtonUrlError::kInvalidHost},
      {"https://[zz]", ButtonUrlError::kInvalidHost},
      {"https://[1]", ButtonUrlError::kInvalidHost},
      {"https://user:pa@ss@example.com", ButtonUrlError::kInvalidHost},
      {"https://us<er@example.com", ButtonUrlError::kInvalidHost},
      {"https://example.com/" + std::string(2100, 'a'), ButtonUrlError::kTooLong},
  };
  for (const Case& c : cases) {
    auto normalized = normalize_button_url(c.url);
    ASSERT_FALSE(normalized) << c.url << " became " << *normalized;
    EXPECT_EQ(normalized.error(), c.error) << c.url;
  }
}

TEST(ButtonsUrl, AcceptsMaximumLength) {
  const std::string base = "https://example.com/";
  const std::string url = base + std::string(kMaxButtonUrlBytes - base.size(), 'a');
  EXPECT_TRUE(normalize_button_url(url));
  EXPECT_FALSE(normalize_button_url(url + "a"));
}

TEST(ButtonsMarkdown, BuildsRowsRemovesButtons) {
  const Rendered rendered = render_with_buttons(
      "Hello!\n[Site](buttonurl://example.com)\n[Docs](buttonurl:https://docs.example.com:same)\n"
      "[Chat](buttonurl://t.me/warden_chat)");
  EXPECT_EQ(rendered.html, "Hello!");
  const ButtonRows expected = {
      {{"Site", "https://example.com"}, {"Docs", "https://docs.example.com"}},
      {{"Chat", "https://t.me/warden_chat"}},
  };
  EXPECT_EQ(rendered.rows, expected);
  EXPECT_TRUE(rendered.problems.empty());
}

TEST(ButtonsMarkdown, KeepsTextAroundInlineButtons) {
  const Rendered rendered =
      render_with_buttons("Before [A](buttonurl://a.com) after\n\nNext [B](buttonurl://b.com)");
  EXPECT_EQ(rendered.html, "Before  after\n\nNext");
  EXPECT_EQ(rendered.rows.size(), 2u);
}

TEST(ButtonsMarkdown, ReportsInvalidKeepsRest) {
  const Rendered rendered = render_with_buttons(
      "Text\n[Good](buttonurl://good.com)\n[Evil](buttonurl://javascript:alert(1))\n"
      "[Spaced](buttonurl://exa mple.com:same)\n[Also good](buttonurl://also.com:same)");
  EXPECT_EQ(rendered.html, "Text");
  const ButtonRows expected = {{{"Good", "https://good.com"}, {"Also good", "https://also.com"}}};
  EXPECT_EQ(rendered.rows, expected);
  const std::vector<ButtonProblem> problems = {
      {"Evil", "javascript:alert(1)", describe(ButtonUrlError::kSchemeNotAllowed)},
      {"Spaced", "exa mple.com", describe(ButtonUrlError::kContainsSpace)},
  };
  EXPECT_EQ(rendered.problems, problems);
}

TEST(ButtonsMarkdown, StripsMarkdownAndNamesUnnamed) {
  const Rendered rendered = render_with_buttons(
      "[*Bold* _name_ ![👍](tg://emoji?id=1)](buttonurl://a.com)\n[](buttonurl://b.com)\n"
      "[  ](buttonurl://c.com:same)\n[<b>&amp;</b>](buttonurl://d.com)");
  const ButtonRows expected = {
      {{"Bold name 👍", "https://a.com"}},
      {{"welcome", "https://b.com"}, {"welcome", "https://c.com"}},
      {{"<b>&amp;</b>", "https://d.com"}},
  };
  EXPECT_EQ(rendered.rows, expected);
}

TEST(ButtonsMarkdown, ParsesTargetVariants) {
  EXPECT_TRUE(is_button_target("buttonurl://x.com"));
  EXPECT_TRUE(is_button_target("ButtonURL:x.com"));
  EXPECT_TRUE(is_button_target("buttonurl#primary://x.com"));
  EXPECT_FALSE(is_button_target("buttonurl#://x.com"));
  EXPECT_FALSE(is_button_target("buttonurls://x.com"));
  EXPECT_FALSE(is_button_target("https://x.com"));

  const ButtonTarget same = parse_button_target("buttonurl#danger:///x.com/a:SAME");
  EXPECT_EQ(same.url, "x.com/a");
  EXPECT_TRUE(same.same_row);
  const ButtonTarget first = parse_button_target("buttonurl://https://x.com");
  EXPECT_EQ(first.url, "https://x.com");
  EXPECT_FALSE(first.same_row);
}

TEST(ButtonsMarkdown, FirstSameRowButtonStartsRow) {
  const Rendered rendered = render_with_buttons("[A](buttonurl://a.com:same)");
  const ButtonRows expected = {{{"A", "https://a.com"}}};
  EXPECT_EQ(rendered.rows, expected);
  EXPECT_EQ(rendered.html, "");
}

TEST(ButtonsToMarkdown, RoundTripsRows) {
  const ButtonRows rows = {
      {{"Site *1*", "https://example.com/a_b_(c)"}, {"[x] \\ y", "https://x.com/a)b"}},
      {{"Rules", "tg://resolve?domain=warden_bot"}},
      {{"😀 Fun", "https://fun.example.com"}, {"B", "https://b.com"}, {"C", "https://c.com"}},
  };
  const std::string markdown = buttons_to_markdown(rows);
  EXPECT_EQ(markdown,
            "[Site \\*1\\*](buttonurl://https://example.com/a_b_(c))\n"
            "[\\[x\\] \\\\ y](buttonurl://https://x.com/a\\)b:same)\n"
            "[Rules](buttonurl://tg://resolve?domain=warden_bot)\n"
            "[😀 Fun](buttonurl://https://fun.example.com)\n"
            "[B](buttonurl://https://b.com:same)\n"
            "[C](buttonurl://https://c.com:same)");
  const Rendered rendered = render_with_buttons(markdown);
  EXPECT_EQ(rendered.rows, rows);
  EXPECT_TRUE(rendered.problems.empty());
  EXPECT_EQ(rendered.html, "");
}

TEST(ButtonsRulesTokens, RemovesTokensReportsFirst) {
  struct Case {
    const char* text;
    const char* remaining;
    std::optional<RulesButtonPosition> position;
  };
  const Case cases[] = {
      {"Welcome!\n{rules}", "Welcome!", RulesButtonPosition::kNewLastRow},
      {"Welcome! {rules:same}", "Welcome!", RulesButtonPosition::kSameRow},
      {"{rules:up}\nWelcome!\n{rules}", "Welcome!", RulesButtonPosition::kFirstRow},
      {"a\n{rules}\nb", "a\nb", RulesButtonPosition::kNewLastRow},
      {"no token {rules:down} {first}", "no token {rules:down} {first}", std::nullopt},
      {"<b>{rules}</b>", "<b></b>", RulesButtonPosition::kNewLastRow},
      {"<a href=\"{rules:same}\">A</a> {rules}", "<a href=\"{rules:same}\">A</a>",
       RulesButtonPosition::kNewLastRow},
  };
  for (const Case& c : cases) {
    const RulesTokens tokens = extract_rules_tokens(c.text);
    EXPECT_EQ(tokens.text, c.remaining) << c.text;
    EXPECT_EQ(tokens.position, c.position) << c.text;
  }
}

// Found by fuzzing: removing a token from an href left href="".
TEST(ButtonsRulesTokens, KeepsTokensInsideRenderedLinks) {
  const Rendered rendered = render_with_buttons("[A:]({rules:same}) {rules}");
  ASSERT_EQ(rendered.html, "<a href=\"{rules:same}\">A:</a> {rules}");
  const RulesTokens tokens = extract_rules_tokens(rendered.html);
  EXPECT_EQ(tokens.text, "<a href=\"{rules:same}\">A:</a>");
  EXPECT_EQ(tokens.position, RulesButtonPosition::kNewLastRow);
}

TEST(ButtonsRulesTokens, PlacesTheRulesButton) {
  const Button rules{"Rules", "https://t.me/warden_bot?start=rules_-100"};
  const ButtonRows rows = {{{"A", "https://a.com"}}, {{"B", "https://b.com"}}};

  ButtonRows last = rows;
  place_rules_button(last, rules, RulesButtonPosition::kNewLastRow);
  EXPECT_EQ(last, (ButtonRows{{{"A", "https://a.com"}}, {{"B", "https://b.com"}}, {rules}}));

  ButtonRows same = rows;
  place_rules_button(same, rules, RulesButtonPosition::kSameRow);
  EXPECT_EQ(same, (ButtonRows{{{"A", "https://a.com"}}, {{"B", "https://b.com"}, rules}}));

  ButtonRows first = rows;
  place_rules_button(first, rules, RulesButtonPosition::kFirstRow);
  EXPECT_EQ(first, (ButtonRows{{rules}, {{"A", "https://a.com"}}, {{"B", "https://b.com"}}}));

  ButtonRows empty;
  place_rules_button(empty, rules, RulesButtonPosition::kSameRow);
  EXPECT_EQ(empty, (ButtonRows{{rules}}));
}

}  // namespace
}  // namespace warden::text

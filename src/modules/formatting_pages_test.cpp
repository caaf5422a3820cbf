// Checks the pages of /markdownhelp (locales/en.formatting.yaml) against the markdown engine:
// each page is valid Telegram HTML that fits one message, and every example on it (the text of
// each <code> and <pre> element) renders as the page shows when pasted into /save or
// /setwelcome, so that the help cannot drift from the engine.

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/i18n.h"
#include "text/buttons.h"
#include "text/entities_to_markdown.h"
#include "text/html.h"
#include "text/html_check.h"
#include "text/markdown.h"
#include "text/markdown_syntax.h"
#include "text/placeholders.h"
#include "text/split.h"

namespace warden {
namespace {

const core::Translator& translator() {
  static const core::Translator loaded = [] {
    auto result = core::Translator::load("");
    if (!result) throw std::runtime_error(result.error().message);
    return std::move(*result);
  }();
  return loaded;
}

std::string page(std::string_view key) { return translator().text("en", key); }

std::string unescape_html(std::string_view html) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}};
  std::string out;
  std::size_t i = 0;
  while (i < html.size()) {
    bool replaced = false;
    for (const auto& [entity, character] : kEntities) {
      if (html.substr(i, entity.size()) == entity) {
        out += character;
        i += entity.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += html[i++];
  }
  return out;
}

// The text of every <code> and <pre> element of a page, unescaped: what a reader copies.
std::vector<std::string> examples_of(std::string_view html) {
  std::vector<std::string> examples;
  for (std::string_view tag : {"code", "pre"}) {
    const std::string open = "<" + std::string(tag) + ">";
    const std::string close = "</" + std::string(tag) + ">";
    for (std::size_t at = html.find(open); at != std::string_view::npos;
         at = html.find(open, at + 1)) {
      const std::size_t begin = at + open.size();
      const std::size_t end = html.find(close, begin);
      if (end == std::string_view::npos) break;
      examples.push_back(unescape_html(html.substr(begin, end - begin)));
    }
  }
  return examples;
}

text::Rendered render(std::string_view markdown) {
  text::MarkdownOptions options;
  options.allow_buttons = true;
  return text::markdown_to_html(markdown, options);
}

// Checks what every example has to pass: it reaches the store unchanged when typed without
// formatting, and renders to valid HTML without any button left out.
void expect_clean(const std::string& example) {
  EXPECT_EQ(text::entities_to_markdown(example, {}), example) << example;
  text::Rendered rendered = render(example);
  EXPECT_TRUE(rendered.problems.empty()) << example;
  auto error = text::find_html_error(rendered.html);
  EXPECT_FALSE(error.has_value()) << example << ": " << error.value_or("");
}

TEST(FormattingPages, AreValidHtmlThatFitsOneMessage) {
  for (std::string_view key :
       {"formatting.help", "formatting.intro", "formatting.page_md", "formatting.page_fillings",
        "formatting.page_random", "formatting.in_private"}) {
    const std::string html = page(key);
    ASSERT_NE(html, key) << "missing locale key " << key;
    auto error = text::find_html_error(html);
    EXPECT_FALSE(error.has_value()) << key << ": " << error.value_or("");
    EXPECT_LE(text::rendered_length(html), text::kMaxTextLength) << key;
  }
}

TEST(FormattingPages, MarkdownExamplesRenderFormatting) {
  // Examples that show text staying as written, with what they render to.
  const std::map<std::string, std::string> literal = {{"\\*not bold\\*", "*not bold*"}};
  const std::vector<std::string> examples = examples_of(page("formatting.page_md"));
  ASSERT_GE(examples.size(), 10u);
  std::set<std::string> tags;
  for (const std::string& example : examples) {
    SCOPED_TRACE(example);
    expect_clean(example);
    text::Rendered rendered = render(example);
    if (auto found = literal.find(example); found != literal.end()) {
      EXPECT_EQ(rendered.html, found->second);
      continue;
    }
    text::RulesTokens rules = text::extract_rules_tokens(rendered.html);
    const bool formatted = rendered.html.find('<') != std::string::npos;
    EXPECT_TRUE(formatted || !rendered.rows.empty() || rules.position.has_value())
        << "renders as plain text: " << rendered.html;
    if (formatted) tags.insert(rendered.html.substr(0, rendered.html.find_first_of(" >")));
  }
  // Every style the page lists shows up.
  for (std::string_view tag :
       {"<b", "<i", "<u", "<s", "<span", "<code", "<a", "<pre", "<blockquote"}) {
    EXPECT_TRUE(tags.contains(std::string(tag))) << tag;
  }
}

TEST(FormattingPages, ButtonExamplesMakeButtons) {
  const std::string html = page("formatting.page_md");
  text::Rendered website = render("[Website](buttonurl://example.org)");
  ASSERT_EQ(website.rows.size(), 1u);
  EXPECT_EQ(website.rows[0][0].url, "https://example.org");
  text::Rendered same =
      render("[Website](buttonurl://example.org)\n[Chat](buttonurl://t.me/example:same)");
  ASSERT_EQ(same.rows.size(), 1u);
  EXPECT_EQ(same.rows[0].size(), 2u);
  for (std::string_view example :
       {"[Website](buttonurl://example.org)", "[Chat](buttonurl://t.me/example:same)", "{rules}",
        "{rules:same}", "{rules:up}"}) {
    EXPECT_NE(html.find("<code>" + std::string(example) + "</code>"), std::string::npos) << example;
  }
}

TEST(FormattingPages, FillingExamplesAreFilled) {
  telegram::User user;
  user.id = 7345678901;
  user.first_name = "Eve";
  user.last_name = "Example";
  user.username = "eve_example";
  text::FillingContext context;
  context.user = &user;
  context.chat_title = "Example chat";
  context.member_count = [] { return std::int64_t{42}; };
  const std::vector<std::string> examples = examples_of(page("formatting.page_fillings"));
  ASSERT_GE(examples.size(), 15u);
  for (const std::string& example : examples) {
    SCOPED_TRACE(example);
    expect_clean(example);
    const std::string html = render(example).html;
    const text::FlaggedContent flagged = text::extract_note_flags(html);
    const bool is_flag = !(flagged.flags == text::NoteFlags{});
    const bool filled = text::fill_placeholders(html, context) != html;
    EXPECT_TRUE(is_flag || filled) << "neither a filling nor a note flag";
  }
  const std::string welcome =
      text::fill_placeholders(render("Welcome {mention} to {chatname}!").html, context);
  EXPECT_EQ(welcome, "Welcome <a href=\"tg://user?id=7345678901\">Eve</a> to Example chat!");
}

TEST(FormattingPages, RandomExampleHasVariants) {
  const std::vector<std::string> examples = examples_of(page("formatting.page_random"));
  ASSERT_EQ(examples.size(), 1u);
  expect_clean(examples[0]);
  const std::string html = render(examples[0]).html;
  std::set<std::string> variants;
  for (std::size_t pick = 0; pick < 3; ++pick) {
    variants.insert(
        text::choose_random_variant(html, [pick](std::size_t count) { return pick % count; }));
  }
  EXPECT_EQ(variants.size(), 3u);
  EXPECT_TRUE(variants.contains("Good to see you, <b>{first}</b>."));
}

// The bold chat title above the rules is built in markdown from an escaped title.
TEST(FormattingPages, EscapedTitleStaysLiteralInBold) {
  for (std::string_view title :
       {"Test group", "*_weird_* <b>x</b> & co", "a\\b [c](d) ||e||", "{first} %%% > quote"}) {
    std::string markdown = "*" + text::escape_markdown(title) + "*";
    EXPECT_EQ(text::markdown_to_html(markdown).html, "<b>" + text::escape_html(title) + "</b>")
        << title;
  }
}

}  // namespace
}  // namespace warden

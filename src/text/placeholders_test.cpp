#include "text/placeholders.h"

#include <gtest/gtest.h>

#include <string>

#include "text/html_check.h"

namespace warden::text {
namespace {

telegram::User eve() {
  return telegram::User{.id = 7345678901,
                        .first_name = "<b>Eve</b> & co",
                        .last_name = "O'Neil \"E\"",
                        .username = std::nullopt};
}

TEST(PlaceholdersFill, EscapesEveryValue) {
  const telegram::User user = eve();
  const FillingContext context{.user = &user, .chat_title = "<Chat> & friends"};
  struct Case {
    const char* html;
    const char* filled;
  };
  const Case cases[] = {
      {"Hi {first}!", "Hi &lt;b&gt;Eve&lt;/b&gt; &amp; co!"},
      {"{last}", "O'Neil &quot;E&quot;"},
      {"{fullname}", "&lt;b&gt;Eve&lt;/b&gt; &amp; co O'Neil &quot;E&quot;"},
      {"{mention}", "<a href=\"tg://user?id=7345678901\">&lt;b&gt;Eve&lt;/b&gt; &amp; co</a>"},
      {"{username}", "<a href=\"tg://user?id=7345678901\">&lt;b&gt;Eve&lt;/b&gt; &amp; co</a>"},
      {"{id}", "7345678901"},
      {"Welcome to {chatname}", "Welcome to &lt;Chat&gt; &amp; friends"},
      {"<b>{first}</b>", "<b>&lt;b&gt;Eve&lt;/b&gt; &amp; co</b>"},
  };
  for (const Case& c : cases) {
    const std::string filled = fill_placeholders(c.html, context);
    EXPECT_EQ(filled, c.filled) << c.html;
    EXPECT_EQ(find_html_error(filled), std::nullopt) << c.html;
  }
}

TEST(PlaceholdersFill, UsesUsernameWhenPresent) {
  telegram::User user = eve();
  user.username = "eve_co";
  const FillingContext context{.user = &user};
  EXPECT_EQ(fill_placeholders("{username}", context), "@eve_co");
  EXPECT_EQ(fill_placeholders("{mention}", context),
            "<a href=\"tg://user?id=7345678901\">&lt;b&gt;Eve&lt;/b&gt; &amp; co</a>");
}

TEST(PlaceholdersFill, DefaultsWithoutUserOrName) {
  const FillingContext nobody{};
  EXPECT_EQ(fill_placeholders("{first}|{last}|{fullname}|{id}|{mention}|{username}", nobody),
            "PersonWithNoName||PersonWithNoName|0|PersonWithNoName|PersonWithNoName");

  const telegram::User nameless{.id = 5, .first_name = ""};
  const FillingContext context{.user = &nameless};
  EXPECT_EQ(fill_placeholders("{first} {mention}", context),
            "PersonWithNoName <a href=\"tg://user?id=5\">PersonWithNoName</a>");
}

TEST(PlaceholdersFill, WritesPlainNamesInsideLinks) {
  const telegram::User user = eve();
  const FillingContext context{.user = &user};
  const std::string name = "&lt;b&gt;Eve&lt;/b&gt; &amp; co";
  EXPECT_EQ(fill_placeholders("<a href=\"https://x.com\">{mention}</a>", context),
            "<a href=\"https://x.com\">" + name + "</a>");
  EXPECT_EQ(fill_placeholders("<code>{username}</code>", context), "<code>" + name + "</code>");
  EXPECT_EQ(fill_placeholders("<pre>{mention}</pre>", context), "<pre>" + name + "</pre>");
  EXPECT_EQ(fill_placeholders("<a href=\"tg://user?id={id}\">{first}</a>", context),
            "<a href=\"tg://user?id=7345678901\">" + name + "</a>");
  EXPECT_EQ(fill_placeholders("<a href=\"https://x.com/{mention}\">x</a>", context),
            "<a href=\"https://x.com/" + name + "\">x</a>");
}

TEST(PlaceholdersFill, LeavesOtherTokensAndValues) {
  const telegram::User user{.id = 1, .first_name = "{id}", .username = "x"};
  const FillingContext context{.user = &user, .chat_title = "{first}"};
  EXPECT_EQ(fill_placeholders("{first} {chatname} {unknown} {first {rules} {}", context),
            "{id} {first} {unknown} {first {rules} {}");
}

TEST(PlaceholdersFill, LooksUpCountOnlyWhenPresent) {
  int calls = 0;
  const FillingContext context{.member_count = [&] {
    ++calls;
    return std::int64_t{1234};
  }};
  EXPECT_EQ(fill_placeholders("Hello {first}", context), "Hello PersonWithNoName");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(fill_placeholders("{count} members, {count}!", context), "1234 members, 1234!");
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(fill_placeholders("{count}", FillingContext{}), "0");
}

TEST(PlaceholdersFill, HandlesEmojiAndRightToLeft) {
  const telegram::User user{
      .id = 9, .first_name = "👨‍👩‍👧 محمد", .last_name = "כהן"};
  const FillingContext context{.user = &user};
  EXPECT_EQ(fill_placeholders("{fullname} 😀", context), "👨‍👩‍👧 محمد כהן 😀");
}

TEST(PlaceholdersNoteFlags, DetectsAndStripsFlags) {
  const FlaggedContent content =
      extract_note_flags("{private}{admin}\nNote text {nonotif}\n{protect}\n{preview} {nopreview}");
  EXPECT_EQ(content.text, "Note text");
  const NoteFlags expected{.private_only = true,
                           .admin_only = true,
                           .web_preview = true,
                           .no_web_preview = true,
                           .is_protected = true,
                           .no_notif = true};
  EXPECT_EQ(content.flags, expected);
}

TEST(PlaceholdersNoteFlags, ReportsContradictionsKeepsOthers) {
  const FlaggedContent content = extract_note_flags("{private} {noprivate} Hi {first} {Admin}");
  EXPECT_EQ(content.text, "Hi {first} {Admin}");
  EXPECT_TRUE(content.flags.private_only);
  EXPECT_TRUE(content.flags.group_only);
  EXPECT_FALSE(content.flags.admin_only);
  EXPECT_EQ(extract_note_flags("plain").flags, NoteFlags{});
}

TEST(PlaceholdersRandom, ChoosesPickedVariant) {
  const std::string html = "first %%% second\n%%%\nthird";
  for (std::size_t pick = 0; pick < 3; ++pick) {
    std::size_t seen_count = 0;
    const std::string variant = choose_random_variant(html, [&](std::size_t count) {
      seen_count = count;
      return pick;
    });
    EXPECT_EQ(seen_count, 3u);
    const char* expected[] = {"first", "second", "third"};
    EXPECT_EQ(variant, expected[pick]);
  }
}

TEST(PlaceholdersRandom, BalancesAndSkipsBlankVariants) {
  const auto pick = [](std::size_t index) { return [index](std::size_t) { return index; }; };
  const std::string html = "<b>bold %%% still bold</b>%%% <i> </i> %%%%%%plain";
  EXPECT_EQ(choose_random_variant(html, pick(0)), "<b>bold</b>");
  EXPECT_EQ(choose_random_variant(html, pick(1)), "<b>still bold</b>");
  EXPECT_EQ(choose_random_variant(html, pick(2)), "plain");
  EXPECT_EQ(choose_random_variant("no separator", pick(5)), "no separator");
  EXPECT_EQ(choose_random_variant("%%% %%%", pick(0)), "");
  EXPECT_EQ(choose_random_variant("100%%% sure", pick(0)), "100");
}

}  // namespace
}  // namespace warden::text

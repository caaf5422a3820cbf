#include "modules/filters_match.h"

#include <gtest/gtest.h>

#include "text/fold.h"

namespace warden::modules {
namespace {

using Keywords = std::vector<std::string>;

TEST(ReadKeywords, OneWord) {
  KeywordSpec spec = read_keywords("hello  Hi there");
  EXPECT_EQ(spec.keywords, Keywords{"hello"});
  EXPECT_FALSE(spec.listed);
  EXPECT_EQ(spec.end, 7u);
}

TEST(ReadKeywords, QuotedPhrase) {
  KeywordSpec spec = read_keywords("\"good morning\" Hi!");
  EXPECT_EQ(spec.keywords, Keywords{"good morning"});
  EXPECT_EQ(spec.end, 15u);
  EXPECT_EQ(read_keywords("'say \\'hi\\'' x").keywords, Keywords{"say 'hi'"});
}

TEST(ReadKeywords, ParenthesisedList) {
  const std::string raw = "(hi, hello , \"good day\") Hello!";
  KeywordSpec spec = read_keywords(raw);
  EXPECT_TRUE(spec.listed);
  EXPECT_EQ(spec.keywords, (Keywords{"hi", "hello", "good day"}));
  EXPECT_EQ(raw.substr(spec.end), "Hello!");
}

TEST(ReadKeywords, ListWithoutReply) {
  KeywordSpec spec = read_keywords("(a,b)");
  EXPECT_EQ(spec.keywords, (Keywords{"a", "b"}));
  EXPECT_EQ(spec.end, 5u);
}

TEST(ReadKeywords, UnclosedParenthesisIsAWord) {
  KeywordSpec spec = read_keywords("(: sad");
  EXPECT_FALSE(spec.listed);
  EXPECT_EQ(spec.keywords, Keywords{"(:"});
}

TEST(ReadKeywords, Nothing) {
  EXPECT_TRUE(read_keywords("").keywords.empty());
  EXPECT_TRUE(read_keywords("   ").keywords.empty());
  EXPECT_TRUE(read_keywords("\"\" x").keywords.empty());
}

storage::Filter filter_for(std::string keyword) {
  storage::Filter filter;
  filter.keyword = text::fold_for_matching(keyword);
  filter.display_keyword = std::move(keyword);
  return filter;
}

TEST(FirstMatchingFilter, EarliestPositionWins) {
  std::vector<storage::Filter> filters{filter_for("zebra"), filter_for("apple")};
  const std::string text = text::fold_for_matching("a zebra ate an apple");
  const storage::Filter* found = first_matching_filter(filters, text);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->keyword, "zebra");
}

TEST(FirstMatchingFilter, LongestKeywordAtTheSamePosition) {
  std::vector<storage::Filter> filters{filter_for("good"), filter_for("good morning"),
                                       filter_for("good morning all")};
  const std::string text = text::fold_for_matching("Good morning everyone");
  const storage::Filter* found = first_matching_filter(filters, text);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->keyword, "good morning");
}

TEST(FirstMatchingFilter, CaseScriptAndWordBoundaries) {
  std::vector<storage::Filter> filters{filter_for("спам"), filter_for("spam")};
  EXPECT_EQ(first_matching_filter(filters, text::fold_for_matching("СПАМ!"))->keyword, "спам");
  EXPECT_EQ(first_matching_filter(filters, text::fold_for_matching("ＳＰＡＭ"))->keyword, "spam");
  EXPECT_EQ(first_matching_filter(filters, text::fold_for_matching("spammer")), nullptr);
  EXPECT_EQ(first_matching_filter({}, "spam"), nullptr);
}

TEST(AsksForNoformat, KeywordFollowedByNoformat) {
  EXPECT_TRUE(asks_for_noformat(text::fold_for_matching("hi NOFORMAT please"), "hi"));
  EXPECT_FALSE(asks_for_noformat(text::fold_for_matching("hi noformatting"), "hi"));
  EXPECT_FALSE(asks_for_noformat(text::fold_for_matching("noformat hi"), "hi"));
}

TEST(TakeNoNotif, RemovesTheFlagFromText) {
  NoNotifSource taken = take_no_notif("{nonotif} shh *quiet* {nonotif}");
  EXPECT_TRUE(taken.no_notif);
  EXPECT_EQ(taken.source, "shh *quiet*");
  taken = take_no_notif("plain reply");
  EXPECT_FALSE(taken.no_notif);
  EXPECT_EQ(taken.source, "plain reply");
}

TEST(TakeNoNotif, KeepsTheFlagInCodeAndPre) {
  NoNotifSource taken = take_no_notif("`{nonotif}` is a flag");
  EXPECT_FALSE(taken.no_notif);
  EXPECT_EQ(taken.source, "`{nonotif}` is a flag");
  taken = take_no_notif("```\n{nonotif}\n```");
  EXPECT_FALSE(taken.no_notif);
  EXPECT_EQ(taken.source, "```\n{nonotif}\n```");
  taken = take_no_notif("Write `{nonotif}` to be silent {nonotif}");
  EXPECT_TRUE(taken.no_notif);
  EXPECT_EQ(taken.source, "Write `{nonotif}` to be silent");
}

TEST(TakeNoNotif, KeepsTheFlagInUrlsAndButtons) {
  NoNotifSource taken = take_no_notif("[site](https://example.org/{nonotif}) text");
  EXPECT_FALSE(taken.no_notif);
  taken = take_no_notif("text [{nonotif}](buttonurl://example.org)");
  EXPECT_FALSE(taken.no_notif);
}

TEST(TakeNoNotif, MarkerLikeSource) {
  NoNotifSource taken = take_no_notif("{wardenflag0} `{nonotif}` {nonotif}");
  EXPECT_TRUE(taken.no_notif);
  EXPECT_EQ(taken.source, "{wardenflag0} `{nonotif}`");
}

}  // namespace
}  // namespace warden::modules

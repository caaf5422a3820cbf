// The filter and reaction parts of ContentStore, against SQLite and, when
// WARDEN_TEST_POSTGRES_URL names a server, PostgreSQL (each PostgreSQL test starts from an
// empty schema).

#include "storage/content_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "storage/backend_test.h"
#include "storage/database.h"

namespace warden::storage {
namespace {

constexpr std::int64_t kChat = -1001;
constexpr std::int64_t kOtherChat = -1002;

class ContentStoreTest : public BackendTest {
 protected:
  static Filter make_filter(std::string keyword, std::string source) {
    Filter filter;
    filter.display_keyword = keyword;
    filter.keyword = std::move(keyword);
    filter.content.source = std::move(source);
    return filter;
  }
};

TEST_P(ContentStoreTest, FilterSavedAndReadBack) {
  ContentStore store(*database_);
  Filter filter;
  filter.keyword = "good morning";
  filter.display_keyword = "Good Morning";
  filter.content = StoredContent{"Hi *{first}*", "photo", "AgACAgIAAxkB"};
  filter.no_notif = true;
  ASSERT_TRUE(store.save_filter(kChat, filter, 42));

  auto found = store.filter(kChat, "good morning");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->keyword, "good morning");
  EXPECT_EQ((*found)->display_keyword, "Good Morning");
  EXPECT_EQ((*found)->content, filter.content);
  EXPECT_TRUE((*found)->no_notif);

  auto missing = store.filter(kChat, "Good Morning");  // keys are exact; callers fold them
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  auto elsewhere = store.filter(kOtherChat, "good morning");
  ASSERT_TRUE(elsewhere);
  EXPECT_FALSE(elsewhere->has_value());
}

TEST_P(ContentStoreTest, FilterSaveOverwritesTheSameKeyword) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_filter(kChat, make_filter("hi", "first"), 1));
  Filter changed = make_filter("hi", "second");
  changed.display_keyword = "HI";
  ASSERT_TRUE(store.save_filter(kChat, changed, 2));
  auto count = store.count_filters(kChat);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
  auto found = store.filter(kChat, "hi");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->content.source, "second");
  EXPECT_EQ((*found)->display_keyword, "HI");
}

TEST_P(ContentStoreTest, FilterListIsCachedAndRefreshedAfterWrites) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_filter(kChat, make_filter("спам", "no"), 1));
  ASSERT_TRUE(store.save_filter(kChat, make_filter("alpha", "a"), 1));
  auto first = store.filters(kChat);
  ASSERT_TRUE(first);
  ASSERT_EQ((*first)->size(), 2u);
  auto again = store.filters(kChat);
  ASSERT_TRUE(again);
  EXPECT_EQ(first->get(), again->get());  // served from the cache

  ASSERT_TRUE(store.save_filter(kChat, make_filter("beta", "b"), 1));
  auto after_save = store.filters(kChat);
  ASSERT_TRUE(after_save);
  EXPECT_EQ((*after_save)->size(), 3u);
  EXPECT_EQ((*first)->size(), 2u);  // a list handed out earlier does not change

  auto removed = store.remove_filter(kChat, "alpha");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto after_remove = store.filters(kChat);
  ASSERT_TRUE(after_remove);
  ASSERT_EQ((*after_remove)->size(), 2u);
  std::vector<std::string> keywords;
  for (const Filter& filter : **after_remove) keywords.push_back(filter.keyword);
  std::sort(keywords.begin(), keywords.end());
  EXPECT_EQ(keywords, (std::vector<std::string>{"beta", "спам"}));
}

TEST_P(ContentStoreTest, FilterRemoveReportsMissingKeywords) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_filter(kChat, make_filter("hi", "x"), 1));
  auto removed = store.remove_filter(kChat, "hello");
  ASSERT_TRUE(removed);
  EXPECT_FALSE(*removed);
  auto other = store.remove_filter(kOtherChat, "hi");
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  auto count = store.count_filters(kChat);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 1);
}

TEST_P(ContentStoreTest, RemoveAllFiltersTouchesOneChat) {
  ContentStore store(*database_);
  for (const char* keyword : {"a", "b", "c"}) {
    ASSERT_TRUE(store.save_filter(kChat, make_filter(keyword, "x"), 1));
  }
  ASSERT_TRUE(store.save_filter(kOtherChat, make_filter("a", "y"), 1));
  ASSERT_TRUE(store.filters(kChat));  // fill the cache
  auto removed = store.remove_all_filters(kChat);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 3);
  auto empty = store.filters(kChat);
  ASSERT_TRUE(empty);
  EXPECT_TRUE((*empty)->empty());
  auto count = store.count_filters(kChat);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0);
  auto other = store.count_filters(kOtherChat);
  ASSERT_TRUE(other);
  EXPECT_EQ(*other, 1);
}

TEST_P(ContentStoreTest, FiltersSurviveANewStore) {
  {
    ContentStore store(*database_);
    ASSERT_TRUE(store.save_filter(kChat, make_filter("hi", "hello"), 1));
  }
  ContentStore fresh(*database_);  // an empty cache, as after a restart
  auto filters = fresh.filters(kChat);
  ASSERT_TRUE(filters);
  ASSERT_EQ((*filters)->size(), 1u);
  EXPECT_EQ((*filters)->front().content.source, "hello");
}

TEST_P(ContentStoreTest, ReactionsUpsertListAndRemove) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_reaction(kChat, Reaction{"hello", "👍"}));
  ASSERT_TRUE(store.save_reaction(kChat, Reaction{"bye", "😢"}));
  ASSERT_TRUE(store.save_reaction(kOtherChat, Reaction{"hello", "🔥"}));
  auto listed = store.reactions(kChat);
  ASSERT_TRUE(listed);
  ASSERT_EQ((*listed)->size(), 2u);

  ASSERT_TRUE(store.save_reaction(kChat, Reaction{"hello", "❤‍🔥"}));
  auto updated = store.reactions(kChat);
  ASSERT_TRUE(updated);
  ASSERT_EQ((*updated)->size(), 2u);
  bool found = false;
  for (const Reaction& reaction : **updated) {
    if (reaction.keyword == "hello") {
      EXPECT_EQ(reaction.emoji, "❤‍🔥");
      found = true;
    }
  }
  EXPECT_TRUE(found);

  auto removed = store.remove_reaction(kChat, "bye");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto again = store.remove_reaction(kChat, "bye");
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  auto left = store.reactions(kChat);
  ASSERT_TRUE(left);
  ASSERT_EQ((*left)->size(), 1u);
  EXPECT_EQ((*left)->front().keyword, "hello");
}

TEST_P(ContentStoreTest, ResetReactionsCountsAndKeepsOtherChats) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_reaction(kChat, Reaction{"a", "👍"}));
  ASSERT_TRUE(store.save_reaction(kChat, Reaction{"b", "👎"}));
  ASSERT_TRUE(store.save_reaction(kOtherChat, Reaction{"a", "🔥"}));
  ASSERT_TRUE(store.reactions(kChat));  // fill the cache
  auto removed = store.remove_all_reactions(kChat);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, 2);
  auto empty = store.reactions(kChat);
  ASSERT_TRUE(empty);
  EXPECT_TRUE((*empty)->empty());
  auto other = store.reactions(kOtherChat);
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)->size(), 1u);
  auto none = store.remove_all_reactions(kChat);
  ASSERT_TRUE(none);
  EXPECT_EQ(*none, 0);
}

TEST_P(ContentStoreTest, ForgetDropsCachedLists) {
  ContentStore store(*database_);
  ContentStore writer(*database_);  // a second instance on the same database
  ASSERT_TRUE(store.filters(kChat));
  ASSERT_TRUE(store.reactions(kChat));
  ASSERT_TRUE(writer.save_filter(kChat, make_filter("hi", "x"), 1));
  ASSERT_TRUE(writer.save_reaction(kChat, Reaction{"hi", "👍"}));
  auto stale = store.filters(kChat);
  ASSERT_TRUE(stale);
  EXPECT_TRUE((*stale)->empty());  // another instance's change is not seen until forget()
  store.forget(kChat);
  auto filters = store.filters(kChat);
  auto reactions = store.reactions(kChat);
  ASSERT_TRUE(filters);
  ASSERT_TRUE(reactions);
  EXPECT_EQ((*filters)->size(), 1u);
  EXPECT_EQ((*reactions)->size(), 1u);
}

WARDEN_INSTANTIATE_BACKENDS(ContentStoreTest);

}  // namespace
}  // namespace warden::storage

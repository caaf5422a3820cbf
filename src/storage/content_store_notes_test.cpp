// Tests ContentStore's notes, note settings, greetings, rules and join request claims, and
// ChatStore::migrate_chat for content. They run on SQLite and, when WARDEN_TEST_POSTGRES_URL
// names a server, on PostgreSQL, where each test starts from an empty schema.

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "storage/backend_test.h"
#include "storage/chat_store.h"
#include "storage/content_store.h"
#include "storage/database.h"
#include "storage/directory.h"

namespace warden::storage {
namespace {

constexpr std::int64_t kChat = -1002345678901;
constexpr std::int64_t kOtherChat = -1002345678902;
constexpr std::int64_t kAdmin = 301234567;

class ContentStoreNotesTest : public BackendTest {
 protected:
  static Note note(std::string name, std::string source, std::string media_type = {},
                   std::string file_id = {}) {
    Note made;
    made.display_name = name;
    made.name = to_lower_ascii(name);
    made.content = StoredContent{std::move(source), std::move(media_type), std::move(file_id)};
    return made;
  }
};

TEST_P(ContentStoreNotesTest, NotesSaveLoadAndRemove) {
  ContentStore store(*database_);
  auto missing = store.note(kChat, "rules");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
  EXPECT_TRUE(store.notes(kChat)->empty());

  ASSERT_TRUE(store.save_note(
      kChat, note("Welcome", "*Hi* {first}\n[Site](buttonurl://example.org)"), kAdmin));
  ASSERT_TRUE(store.save_note(kChat, note("apple", "", "photo", "AgACAgIAAxkBAAIB"), kAdmin));
  ASSERT_TRUE(store.save_note(kOtherChat, note("welcome", "other chat"), kAdmin));

  ContentStore fresh(*database_);
  auto loaded = fresh.note(kChat, "welcome");
  ASSERT_TRUE(loaded);
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->name, "welcome");
  EXPECT_EQ((*loaded)->display_name, "Welcome");
  EXPECT_EQ((*loaded)->content.source, "*Hi* {first}\n[Site](buttonurl://example.org)");
  EXPECT_TRUE((*loaded)->content.media_type.empty());

  auto all = fresh.notes(kChat);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "apple");  // ordered by name
  EXPECT_EQ((*all)[0].content, (StoredContent{"", "photo", "AgACAgIAAxkBAAIB"}));
  EXPECT_EQ((*all)[1].name, "welcome");

  // Saving a name again replaces the note.
  ASSERT_TRUE(store.save_note(kChat, note("WELCOME", "new text"), kAdmin));
  auto replaced = store.note(kChat, "welcome");
  ASSERT_TRUE(replaced);
  ASSERT_TRUE(replaced->has_value());
  EXPECT_EQ((*replaced)->display_name, "WELCOME");
  EXPECT_EQ((*replaced)->content.source, "new text");
  EXPECT_EQ(store.notes(kChat)->size(), 2u);

  EXPECT_TRUE(*store.remove_note(kChat, "welcome"));
  EXPECT_FALSE(*store.remove_note(kChat, "welcome"));
  EXPECT_EQ(*store.remove_all_notes(kChat), 1);
  EXPECT_TRUE(store.notes(kChat)->empty());
  EXPECT_EQ(store.notes(kOtherChat)->size(), 1u);
}

TEST_P(ContentStoreNotesTest, RemoveNotesSavedUntilKeepsLaterOnes) {
  ContentStore store(*database_);
  ASSERT_TRUE(store.save_note(kChat, note("old", "before"), 1));
  const std::int64_t asked_at = ContentStore::now_ms();
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_TRUE(store.save_note(kChat, note("new", "after"), 1));
  auto removed = store.remove_notes_saved_until(kChat, asked_at);
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_EQ(*removed, 1);
  EXPECT_FALSE(store.note(kChat, "old")->has_value());
  EXPECT_TRUE(store.note(kChat, "new")->has_value());
}

TEST_P(ContentStoreNotesTest, PrivateNotesSetting) {
  ContentStore store(*database_);
  auto initial = store.private_notes(kChat);
  ASSERT_TRUE(initial) << initial.error().message;
  EXPECT_FALSE(*initial);
  ASSERT_TRUE(store.set_private_notes(kChat, true));
  EXPECT_TRUE(*store.private_notes(kChat));
  EXPECT_FALSE(*store.private_notes(kOtherChat));
  ASSERT_TRUE(store.set_private_notes(kChat, false));
  EXPECT_FALSE(*store.private_notes(kChat));
}

TEST_P(ContentStoreNotesTest, GreetingsDefaultWithoutRow) {
  ContentStore store(*database_);
  auto settings = store.greetings(kChat);
  ASSERT_TRUE(settings) << settings.error().message;
  EXPECT_TRUE(settings->welcome.enabled);
  EXPECT_EQ(settings->welcome.content, (StoredContent{std::string(kDefaultWelcome), "", ""}));
  EXPECT_FALSE(settings->welcome.clean_old);
  EXPECT_EQ(settings->welcome.last_message_id, 0);
  EXPECT_FALSE(settings->goodbye.enabled);  // off until an admin turns goodbyes on
  EXPECT_EQ(settings->goodbye.content.source, kDefaultGoodbye);
  EXPECT_EQ(settings->goodbye.last_message_id, 0);
  EXPECT_FALSE(settings->clean_service);
  EXPECT_FALSE(settings->auto_approve);
}

TEST_P(ContentStoreNotesTest, GreetingsRoundTrip) {
  ContentStore store(*database_);
  GreetingSettings settings;
  settings.welcome = Greeting{false, StoredContent{"Hi {first}", "animation", "CgACAgQ"}, true, 41};
  settings.goodbye = Greeting{true, StoredContent{"Bye _{first}_", "", ""}, false, 42};
  settings.clean_service = true;
  settings.auto_approve = true;
  ASSERT_TRUE(store.save_greetings(kChat, settings));

  ContentStore fresh(*database_);
  auto loaded = fresh.greetings(kChat);
  ASSERT_TRUE(loaded);
  EXPECT_FALSE(loaded->welcome.enabled);
  EXPECT_EQ(loaded->welcome.content, settings.welcome.content);
  EXPECT_TRUE(loaded->welcome.clean_old);
  EXPECT_EQ(loaded->welcome.last_message_id, 41);
  EXPECT_TRUE(loaded->goodbye.enabled);
  EXPECT_EQ(loaded->goodbye.content, settings.goodbye.content);
  EXPECT_FALSE(loaded->goodbye.clean_old);
  EXPECT_EQ(loaded->goodbye.last_message_id, 42);
  EXPECT_TRUE(loaded->clean_service);
  EXPECT_TRUE(loaded->auto_approve);

  // Saving again updates the row.
  settings.clean_service = false;
  settings.welcome.content.source = "Hello";
  ASSERT_TRUE(store.save_greetings(kChat, settings));
  EXPECT_FALSE(store.greetings(kChat)->clean_service);
  EXPECT_EQ(store.greetings(kChat)->welcome.content.source, "Hello");
  EXPECT_EQ(store.greetings(kOtherChat)->welcome.content.source, kDefaultWelcome);
}

TEST_P(ContentStoreNotesTest, SetLastGreetingCreatesTheRow) {
  ContentStore store(*database_);
  auto set = store.set_last_greeting(kChat, GreetingKind::kWelcome, 77);
  ASSERT_TRUE(set) << set.error().message;
  auto loaded = store.greetings(kChat);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->welcome.last_message_id, 77);
  EXPECT_EQ(loaded->goodbye.last_message_id, 0);
  EXPECT_TRUE(loaded->welcome.enabled);
  EXPECT_EQ(loaded->welcome.content.source, kDefaultWelcome);
  EXPECT_EQ(loaded->goodbye.content.source, kDefaultGoodbye);

  // Only the message id of the kind changes.
  GreetingSettings changed = *loaded;
  changed.goodbye.content.source = "Farewell";
  ASSERT_TRUE(store.save_greetings(kChat, changed));
  ASSERT_TRUE(store.set_last_greeting(kChat, GreetingKind::kGoodbye, 88));
  loaded = store.greetings(kChat);
  EXPECT_EQ(loaded->welcome.last_message_id, 77);
  EXPECT_EQ(loaded->goodbye.last_message_id, 88);
  EXPECT_EQ(loaded->goodbye.content.source, "Farewell");
}

TEST_P(ContentStoreNotesTest, RulesDefaultAndRoundTrip) {
  ContentStore store(*database_);
  auto initial = store.rules(kChat);
  ASSERT_TRUE(initial) << initial.error().message;
  EXPECT_TRUE(initial->content.empty());
  EXPECT_FALSE(initial->private_rules);
  EXPECT_TRUE(initial->button_text.empty());

  RulesSettings rules;
  rules.content = "1. *Be kind*\n2. No spam 🚫";
  rules.private_rules = true;
  rules.button_text = "Read me 📜";
  ASSERT_TRUE(store.save_rules(kChat, rules));
  ContentStore fresh(*database_);
  auto loaded = fresh.rules(kChat);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->content, rules.content);
  EXPECT_TRUE(loaded->private_rules);
  EXPECT_EQ(loaded->button_text, rules.button_text);

  rules.content.clear();
  rules.private_rules = false;
  ASSERT_TRUE(store.save_rules(kChat, rules));
  loaded = store.rules(kChat);
  EXPECT_TRUE(loaded->content.empty());
  EXPECT_FALSE(loaded->private_rules);
  EXPECT_EQ(loaded->button_text, "Read me 📜");
  EXPECT_TRUE(store.rules(kOtherChat)->content.empty());
}

TEST_P(ContentStoreNotesTest, JoinRequestNoticeClaims) {
  ContentStore store(*database_);
  const std::int64_t user = 7345678901;
  auto first = store.claim_join_request_notice(kChat, user, 1000, 400);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_TRUE(*first);
  // Posted at 1000, which is not before 900: a notice is recent, so no new claim.
  EXPECT_FALSE(*store.claim_join_request_notice(kChat, user, 1200, 900));
  EXPECT_FALSE(*store.claim_join_request_notice(kChat, user, 1200, 1000));
  // Another user or chat is independent.
  EXPECT_TRUE(*store.claim_join_request_notice(kChat, 5555555555, 1200, 900));
  EXPECT_TRUE(*store.claim_join_request_notice(kOtherChat, user, 1200, 900));
  // Once the earlier notice is old enough, the claim succeeds and moves the time.
  EXPECT_TRUE(*store.claim_join_request_notice(kChat, user, 2000, 1500));
  EXPECT_FALSE(*store.claim_join_request_notice(kChat, user, 2100, 1999));
}

TEST_P(ContentStoreNotesTest, MigrateChatMovesContent) {
  const std::int64_t old_chat = -5;
  const std::int64_t new_chat = -1005;
  ContentStore content(*database_);
  ChatStore chats(*database_);
  ASSERT_TRUE(chats.save_settings(old_chat, ChatSettings{}));

  ASSERT_TRUE(content.save_note(old_chat, note("shared", "old shared"), kAdmin));
  ASSERT_TRUE(content.save_note(old_chat, note("only_old", "old only"), kAdmin));
  ASSERT_TRUE(content.save_note(new_chat, note("shared", "new shared"), kAdmin));
  ASSERT_TRUE(content.save_note(new_chat, note("only_new", "new only"), kAdmin));
  ASSERT_TRUE(content.save_filter(
      old_chat, Filter{"hi", "Hi", StoredContent{"hello", "", ""}, true}, kAdmin));
  ASSERT_TRUE(content.save_filter(new_chat, Filter{"hi", "HI", StoredContent{"new", "", ""}, false},
                                  kAdmin));
  ASSERT_TRUE(content.save_reaction(old_chat, Reaction{"cat", "🐱"}));
  ASSERT_TRUE(content.save_reaction(new_chat, Reaction{"cat", "😺"}));
  ASSERT_TRUE(content.save_reaction(new_chat, Reaction{"dog", "🐶"}));
  GreetingSettings greetings;
  greetings.welcome.content.source = "Welcome to the old group";
  greetings.clean_service = true;
  ASSERT_TRUE(content.save_greetings(old_chat, greetings));
  ASSERT_TRUE(content.save_greetings(new_chat, GreetingSettings{}));
  ASSERT_TRUE(content.save_rules(old_chat, RulesSettings{"Be kind", true, "Read"}));
  ASSERT_TRUE(content.save_rules(new_chat, RulesSettings{"Stale", false, ""}));
  ASSERT_TRUE(content.set_private_notes(old_chat, true));

  auto moved = chats.migrate_chat(old_chat, new_chat);
  ASSERT_TRUE(moved) << moved.error().message;
  content.forget(old_chat);
  content.forget(new_chat);

  auto notes = content.notes(new_chat);
  ASSERT_TRUE(notes);
  ASSERT_EQ(notes->size(), 3u);
  EXPECT_EQ((*notes)[0].name, "only_new");
  EXPECT_EQ((*notes)[1].name, "only_old");
  EXPECT_EQ((*notes)[2].name, "shared");
  EXPECT_EQ((*notes)[2].content.source, "old shared");
  EXPECT_TRUE(content.notes(old_chat)->empty());
  EXPECT_TRUE(*content.private_notes(new_chat));

  auto filters = content.filters(new_chat);
  ASSERT_TRUE(filters);
  ASSERT_EQ((*filters)->size(), 1u);
  EXPECT_EQ((**filters)[0].display_keyword, "Hi");
  EXPECT_EQ((**filters)[0].content.source, "hello");
  EXPECT_TRUE((**filters)[0].no_notif);
  EXPECT_TRUE((*content.filters(old_chat))->empty());

  auto reactions = content.reactions(new_chat);
  ASSERT_TRUE(reactions);
  ASSERT_EQ((*reactions)->size(), 2u);
  EXPECT_EQ((**reactions)[0].keyword, "cat");
  EXPECT_EQ((**reactions)[0].emoji, "🐱");
  EXPECT_EQ((**reactions)[1].keyword, "dog");
  EXPECT_TRUE((*content.reactions(old_chat))->empty());

  auto moved_greetings = content.greetings(new_chat);
  ASSERT_TRUE(moved_greetings);
  EXPECT_EQ(moved_greetings->welcome.content.source, "Welcome to the old group");
  EXPECT_TRUE(moved_greetings->clean_service);
  EXPECT_EQ(content.greetings(old_chat)->welcome.content.source, kDefaultWelcome);

  auto rules = content.rules(new_chat);
  ASSERT_TRUE(rules);
  EXPECT_EQ(rules->content, "Be kind");
  EXPECT_TRUE(rules->private_rules);
  EXPECT_EQ(rules->button_text, "Read");
  EXPECT_TRUE(content.rules(old_chat)->content.empty());
}

WARDEN_INSTANTIATE_BACKENDS(ContentStoreNotesTest);

}  // namespace
}  // namespace warden::storage

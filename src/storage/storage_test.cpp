// The same storage suite runs against SQLite and, when WARDEN_TEST_POSTGRES_URL names a server,
// against PostgreSQL. Each PostgreSQL test starts from an empty schema.

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>

#include "storage/backend_test.h"
#include "storage/chat_store.h"
#include "storage/database.h"
#include "storage/directory.h"
#include "storage/update_ledger.h"

namespace warden::storage {
namespace {

class StorageTest : public BackendTest {};

TEST_P(StorageTest, MigrationsRunOnce) {
  auto again = database_->migrate();
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(*again, 0);
}

TEST_P(StorageTest, SettingsDefaultAndPersist) {
  ChatStore store(*database_);
  auto initial = store.settings(-1001);
  ASSERT_TRUE(initial);
  EXPECT_EQ(initial->warn_limit, 3);
  EXPECT_EQ(initial->warn_mode, WarnMode::kMute);
  EXPECT_FALSE(initial->anon_admin);

  ChatSettings changed = *initial;
  changed.warn_limit = 7;
  changed.warn_mode = WarnMode::kBan;
  changed.anon_admin = true;
  ASSERT_TRUE(store.save_settings(-1001, changed));

  ChatStore fresh(*database_);  // an empty cache, as after a restart
  auto reloaded = fresh.settings(-1001);
  ASSERT_TRUE(reloaded);
  EXPECT_EQ(reloaded->warn_limit, 7);
  EXPECT_EQ(reloaded->warn_mode, WarnMode::kBan);
  EXPECT_TRUE(reloaded->anon_admin);
}

TEST_P(StorageTest, WarnsAddRemoveReset) {
  ChatStore store(*database_);
  const std::int64_t chat = -1002345678901;
  const std::int64_t user = 7345678901;
  ASSERT_TRUE(store.add_warn(chat, user, "spam", 1));
  auto second = store.add_warn(chat, user, "", 1);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->count, 2);
  EXPECT_EQ(second->reasons.front(), "spam");

  auto removed = store.remove_latest_warn(chat, user);
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  EXPECT_EQ(store.warns(chat, user)->count, 1);
  EXPECT_EQ(*store.count_warned_users(chat), 1);

  auto third = store.add_warn(chat, user, "third", 1);
  ASSERT_TRUE(third);
  EXPECT_TRUE(*store.remove_warn(chat, user, third->last_warn_id));
  EXPECT_FALSE(*store.remove_warn(chat, user, third->last_warn_id));
  EXPECT_EQ(*store.reset_warns(chat, user), 1);
  EXPECT_FALSE(*store.remove_latest_warn(chat, user));
  ASSERT_TRUE(store.add_warn(chat, 5, "a", 1));
  ASSERT_TRUE(store.add_warn(chat, 6, "b", 1));
  EXPECT_EQ(*store.reset_all_warns(chat), 2);
}

TEST_P(StorageTest, WarnFromSameUpdateCountsOnce) {
  ChatStore store(*database_);
  ASSERT_TRUE(store.add_warn(-100, 42, "spam", 1, 845120322));
  auto repeated = store.add_warn(-100, 42, "spam", 1, 845120322);
  ASSERT_TRUE(repeated) << repeated.error().message;
  EXPECT_EQ(repeated->count, 1);
  auto other = store.add_warn(-100, 42, "again", 1, 845120323);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->count, 2);
}

TEST_P(StorageTest, LedgerDropsRepeatsAndKeepsPending) {
  UpdateLedger ledger(*database_);
  auto fresh = ledger.append({{10, R"({"update_id":10})"}, {11, R"({"update_id":11})"}});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->size(), 2u);
  auto repeated = ledger.append({{11, R"({"update_id":11})"}, {12, R"({"update_id":12})"}});
  ASSERT_TRUE(repeated);
  ASSERT_EQ(repeated->size(), 1u);
  EXPECT_EQ(repeated->front().update_id, 12);

  const std::int64_t handled[] = {10, 12};
  ASSERT_TRUE(ledger.mark_handled(handled));
  auto pending = ledger.pending();
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().update_id, 11);
  EXPECT_EQ(*ledger.last_update_id(), 12);

  const std::int64_t rest[] = {11};
  ASSERT_TRUE(ledger.mark_handled(rest));
  ASSERT_TRUE(ledger.prune(std::numeric_limits<std::int64_t>::max()));
  EXPECT_EQ(*ledger.last_update_id(), 12);
}

TEST_P(StorageTest, LedgerAbandonsUpdateAfterRepeatedReplays) {
  UpdateLedger ledger(*database_);
  ASSERT_TRUE(ledger.append({{20, R"({"update_id":20})"}, {21, R"({"update_id":21})"}}));
  for (int start = 1; start <= 3; ++start) {
    auto replay = ledger.take_for_replay(3);
    ASSERT_TRUE(replay) << replay.error().message;
    EXPECT_EQ(replay->updates.size(), 2u) << "start " << start;
    EXPECT_TRUE(replay->abandoned.empty());
    if (start == 2) {
      const std::int64_t handled[] = {21};
      ASSERT_TRUE(ledger.mark_handled(handled));
    }
    if (start == 2) break;
  }
  auto third = ledger.take_for_replay(3);
  ASSERT_TRUE(third);
  ASSERT_EQ(third->updates.size(), 1u);
  EXPECT_EQ(third->updates.front().update_id, 20);
  auto fourth = ledger.take_for_replay(3);
  ASSERT_TRUE(fourth);
  EXPECT_TRUE(fourth->updates.empty());
  ASSERT_EQ(fourth->abandoned.size(), 1u);
  EXPECT_EQ(fourth->abandoned.front(), 20);
  EXPECT_TRUE(ledger.pending()->empty());
}

TEST_P(StorageTest, DirectoryFindsUsernameCaseInsensitively) {
  Directory directory(*database_);
  telegram::User user{7345678901, false, "Olena", std::nullopt, "Olena_Example", std::nullopt};
  directory.observe_user(user, 1000);
  directory.observe_member(-100, user.id, 1000);
  telegram::Chat chat{-100, telegram::ChatType::kSupergroup, "Group", "Group_Name"};
  directory.observe_chat(chat, 1000);
  telegram::Chat channel{-1009, telegram::ChatType::kChannel, "News", "News_Channel"};
  directory.observe_chat(channel, 1000);
  auto written = directory.flush();
  ASSERT_TRUE(written) << written.error().message;
  EXPECT_EQ(*written, 4u);
  EXPECT_EQ(directory.pending(), 0u);

  Directory fresh(*database_);
  auto found = fresh.find_by_username("olena_example");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, 7345678901);
  EXPECT_TRUE(*fresh.known_member(-100, user.id));
  auto channel_found = fresh.find_by_username("news_channel");
  ASSERT_TRUE(channel_found);
  ASSERT_TRUE(channel_found->has_value());
  EXPECT_EQ((*channel_found)->id, -1009);
  EXPECT_FALSE(*fresh.known_member(-100, 5));
}

TEST_P(StorageTest, DirectoryUsernameMovesToNewOwner) {
  Directory directory(*database_);
  directory.observe_user({1, false, "Old", std::nullopt, "name_taken", std::nullopt}, 1);
  ASSERT_TRUE(directory.flush());
  directory.observe_user({2, false, "New", std::nullopt, "Name_Taken", std::nullopt}, 2);
  ASSERT_TRUE(directory.flush());
  auto found = directory.find_by_username("name_taken");
  ASSERT_TRUE(found);
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, 2);
}

TEST_P(StorageTest, DirectoryThrottlesUnchangedSightings) {
  Directory directory(*database_, 300);
  telegram::User user{42, false, "A", std::nullopt, std::nullopt, std::nullopt};
  directory.observe_user(user, 1000);
  directory.observe_user(user, 1100);
  EXPECT_EQ(directory.pending(), 1u);
  ASSERT_TRUE(directory.flush());
  directory.observe_user(user, 1200);
  EXPECT_EQ(directory.pending(), 0u);
  user.first_name = "B";
  directory.observe_user(user, 1201);
  EXPECT_EQ(directory.pending(), 1u);
}

TEST_P(StorageTest, ConfirmationsPurgedLongAfterExpiry) {
  ChatStore store(*database_);
  const std::int64_t now = std::time(nullptr);
  ASSERT_TRUE(store.put_confirmation(-100, 7, "old", now - 3 * 24 * 60 * 60));
  ASSERT_TRUE(store.put_confirmation(-100, 8, "recent", now - 60));
  ASSERT_TRUE(store.put_confirmation(-100, 9, "new", now + 60));
  auto old = store.peek_confirmation(-100, 7, 0);
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->has_value());
  auto recent = store.peek_confirmation(-100, 8, now - 120);
  ASSERT_TRUE(recent);
  EXPECT_TRUE(recent->has_value());
}

TEST_P(StorageTest, ConfirmationsExpire) {
  ChatStore store(*database_);
  const std::int64_t expires = std::time(nullptr) + 1000;
  ASSERT_TRUE(store.put_confirmation(-100, 5, "payload", expires));
  auto expired = store.take_confirmation(-100, 5, expires + 1);
  ASSERT_TRUE(expired);
  EXPECT_FALSE(expired->has_value());
  ASSERT_TRUE(store.put_confirmation(-100, 6, "payload", expires));
  auto taken = store.take_confirmation(-100, 6, expires - 1);
  ASSERT_TRUE(taken);
  ASSERT_TRUE(taken->has_value());
  EXPECT_EQ(**taken, "payload");
  EXPECT_FALSE(store.take_confirmation(-100, 6, expires - 1)->has_value());
}

TEST_P(StorageTest, MigrateChatMovesEverything) {
  ChatStore store(*database_);
  ChatSettings settings;
  settings.warn_limit = 9;
  ASSERT_TRUE(store.save_settings(-5, settings));
  ASSERT_TRUE(store.save_settings(-1005, ChatSettings{}));  // seen before the migration
  ASSERT_TRUE(store.add_warn(-5, 42, "x", 1));
  auto moved = store.migrate_chat(-5, -1005);
  ASSERT_TRUE(moved) << moved.error().message;
  EXPECT_EQ(store.settings(-1005)->warn_limit, 9);
  EXPECT_EQ(store.warns(-1005, 42)->count, 1);
  EXPECT_EQ(store.warns(-5, 42)->count, 0);
}

TEST_P(StorageTest, RejectsInvalidSql) {
  auto result = database_->query("SELEC nothing");
  ASSERT_FALSE(result);
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_TRUE(database_->healthy());
}

WARDEN_INSTANTIATE_BACKENDS(StorageTest);

TEST(DatabaseOpen, RejectsUnknownScheme) {
  auto opened = Database::open("mysql://x", 1);
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().message.find("DATABASE_URL"), std::string::npos);
}

}  // namespace
}  // namespace warden::storage

#include "storage/chat_store.h"

#include <chrono>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace warden::storage {
namespace {

constexpr std::int64_t kConfirmationPurgeMarginSeconds = 24 * 60 * 60;

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Tables that hold at most one row per chat, and tables with many rows per chat.
constexpr const char* kSingleRowTables[] = {"chats",     "chat_settings", "note_settings",
                                           "greetings", "rules"};
constexpr const char* kManyRowTables[] = {"warns", "pending_confirmations"};
// Many-row tables keyed by (chat_id, key column): a row of the new chat with the same key as one
// of the old chat's is replaced by the old chat's.
constexpr std::pair<const char*, const char*> kKeyedTables[] = {
    {"notes", "name"},
    {"filters", "keyword"},
    {"reactions", "keyword"},
    {"join_request_notices", "user_id"},
};

}  // namespace

const char* to_string(WarnMode mode) {
  switch (mode) {
    case WarnMode::kBan:
      return "ban";
    case WarnMode::kKick:
      return "kick";
    case WarnMode::kMute:
      return "mute";
    case WarnMode::kTban:
      return "tban";
    case WarnMode::kTmute:
      return "tmute";
  }
  return "mute";
}

std::optional<WarnMode> parse_warn_mode(std::string_view text) {
  if (text == "ban") return WarnMode::kBan;
  if (text == "kick") return WarnMode::kKick;
  if (text == "mute") return WarnMode::kMute;
  if (text == "tban") return WarnMode::kTban;
  if (text == "tmute") return WarnMode::kTmute;
  return std::nullopt;
}

Result<ChatSettings> ChatStore::settings(std::int64_t chat_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto found = cache_.find(chat_id); found != cache_.end()) return found->second;
  }
  auto rows = database_.query(
      "SELECT anon_admin, warn_limit, warn_mode, warn_mode_seconds FROM chat_settings "
      "WHERE chat_id = $1",
      {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  ChatSettings settings;
  if (!rows->empty()) {
    const Row& row = rows->front();
    settings.anon_admin = row.boolean(0);
    settings.warn_limit = static_cast<int>(row.int64(1));
    settings.warn_mode = parse_warn_mode(row.text(2)).value_or(WarnMode::kMute);
    settings.warn_mode_seconds = row.int64(3);
  }
  std::lock_guard lock(mutex_);
  cache_[chat_id] = settings;
  return settings;
}

Result<void> ChatStore::save_settings(std::int64_t chat_id, const ChatSettings& settings) {
  auto saved = database_.execute(
      "INSERT INTO chat_settings (chat_id, anon_admin, warn_limit, warn_mode, warn_mode_seconds) "
      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (chat_id) DO UPDATE SET "
      "anon_admin = excluded.anon_admin, warn_limit = excluded.warn_limit, "
      "warn_mode = excluded.warn_mode, warn_mode_seconds = excluded.warn_mode_seconds",
      {chat_id, std::int64_t{settings.anon_admin}, std::int64_t{settings.warn_limit},
       std::string(to_string(settings.warn_mode)), settings.warn_mode_seconds});
  if (!saved) {
    std::lock_guard lock(mutex_);
    cache_.erase(chat_id);
    return tl::unexpected(saved.error());
  }
  std::lock_guard lock(mutex_);
  cache_[chat_id] = settings;
  return {};
}

Result<WarnState> ChatStore::add_warn(std::int64_t chat_id, std::int64_t user_id,
                                      const std::string& reason, std::int64_t warned_by,
                                      std::int64_t source_update_id) {
  WarnState state;
  auto added = database_.transaction([&](Connection& connection) -> Result<void> {
    auto inserted = connection.execute(
        "INSERT INTO warns (chat_id, user_id, reason, warned_by, created_at, source_update_id) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chat_id, source_update_id) DO NOTHING",
        {chat_id, user_id, reason, warned_by, unix_now(),
         source_update_id ? SqlValue(source_update_id) : SqlValue(std::monostate{})});
    if (!inserted) return tl::unexpected(inserted.error());
    auto rows = connection.query(
        "SELECT reason, warn_id FROM warns WHERE chat_id = $1 AND user_id = $2 ORDER BY warn_id",
        {chat_id, user_id});
    if (!rows) return tl::unexpected(rows.error());
    state.count = static_cast<int>(rows->size());
    for (const Row& row : *rows) state.reasons.push_back(row.text(0));
    if (!rows->empty()) state.last_warn_id = rows->back().int64(1);
    return {};
  });
  if (!added) return tl::unexpected(added.error());
  return state;
}

Result<WarnState> ChatStore::warns(std::int64_t chat_id, std::int64_t user_id) {
  auto rows = database_.query(
      "SELECT reason FROM warns WHERE chat_id = $1 AND user_id = $2 ORDER BY warn_id",
      {chat_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  WarnState state;
  state.count = static_cast<int>(rows->size());
  for (const Row& row : *rows) state.reasons.push_back(row.text(0));
  return state;
}

Result<bool> ChatStore::remove_warn(std::int64_t chat_id, std::int64_t user_id,
                                    std::int64_t warn_id) {
  auto removed =
      database_.execute("DELETE FROM warns WHERE chat_id = $1 AND user_id = $2 AND warn_id = $3",
                        {chat_id, user_id, warn_id});
  if (!removed) return tl::unexpected(removed.error());
  return *removed > 0;
}

Result<bool> ChatStore::remove_latest_warn(std::int64_t chat_id, std::int64_t user_id) {
  auto removed = database_.execute(
      "DELETE FROM warns WHERE warn_id = (SELECT MAX(warn_id) FROM warns WHERE chat_id = $1 AND "
      "user_id = $2)",
      {chat_id, user_id});
  if (!removed) return tl::unexpected(removed.error());
  return *removed > 0;
}

Result<std::int64_t> ChatStore::reset_warns(std::int64_t chat_id, std::int64_t user_id) {
  return database_.execute("DELETE FROM warns WHERE chat_id = $1 AND user_id = $2",
                           {chat_id, user_id});
}

Result<std::int64_t> ChatStore::reset_all_warns(std::int64_t chat_id) {
  return database_.execute("DELETE FROM warns WHERE chat_id = $1", {chat_id});
}

Result<std::int64_t> ChatStore::count_warned_users(std::int64_t chat_id) {
  auto rows =
      database_.query("SELECT COUNT(DISTINCT user_id) FROM warns WHERE chat_id = $1", {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  return rows->empty() ? 0 : rows->front().int64(0);
}

Result<void> ChatStore::put_confirmation(std::int64_t chat_id, std::int64_t message_id,
                                         const std::string& payload, std::int64_t expires_at) {
  auto saved = database_.execute(
      "INSERT INTO pending_confirmations (chat_id, message_id, payload, expires_at) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (chat_id, message_id) DO UPDATE SET "
      "payload = excluded.payload, expires_at = excluded.expires_at",
      {chat_id, message_id, payload, expires_at});
  if (!saved) return tl::unexpected(saved.error());
  // Confirmations of the chat that expired a day ago go at the same time, so that unanswered
  // buttons do not pile up. The day of margin covers a local clock ahead of Telegram's,
  // whose time callers use for expires_at. A failure leaves only rows no lookup returns.
  auto purged = database_.execute(
      "DELETE FROM pending_confirmations WHERE chat_id = $1 AND expires_at <= $2",
      {chat_id, unix_now() - kConfirmationPurgeMarginSeconds});
  if (!purged) {
    spdlog::warn("event=confirmation_purge_failed chat_id={} error=\"{}\"", chat_id,
                 purged.error().message);
  }
  return {};
}

Result<std::optional<std::string>> ChatStore::peek_confirmation(std::int64_t chat_id,
                                                                std::int64_t message_id,
                                                                std::int64_t now) {
  auto rows = database_.query(
      "SELECT payload FROM pending_confirmations WHERE chat_id = $1 AND message_id = $2 AND "
      "expires_at >= $3",
      {chat_id, message_id, now});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<std::string>();
  return std::optional<std::string>(rows->front().text(0));
}

Result<std::optional<std::string>> ChatStore::take_confirmation(std::int64_t chat_id,
                                                                std::int64_t message_id,
                                                                std::int64_t now) {
  std::optional<std::string> payload;
  auto taken = database_.transaction([&](Connection& connection) -> Result<void> {
    auto rows = connection.query(
        "DELETE FROM pending_confirmations WHERE chat_id = $1 AND message_id = $2 "
        "RETURNING payload, expires_at",
        {chat_id, message_id});
    if (!rows) return tl::unexpected(rows.error());
    if (!rows->empty() && rows->front().int64(1) >= now) payload = rows->front().text(0);
    return {};
  });
  if (!taken) return tl::unexpected(taken.error());
  return payload;
}

Result<void> ChatStore::migrate_chat(std::int64_t old_chat_id, std::int64_t new_chat_id) {
  auto moved = database_.transaction([&](Connection& connection) -> Result<void> {
    for (const char* table : kSingleRowTables) {
      std::string sql = std::string("DELETE FROM ") + table + " WHERE chat_id = $2 AND EXISTS " +
                        "(SELECT 1 FROM " + table + " WHERE chat_id = $1)";
      if (auto done = connection.execute(sql, {old_chat_id, new_chat_id}); !done) {
        return tl::unexpected(done.error());
      }
      sql = std::string("UPDATE ") + table + " SET chat_id = $2 WHERE chat_id = $1";
      if (auto done = connection.execute(sql, {old_chat_id, new_chat_id}); !done) {
        return tl::unexpected(done.error());
      }
    }
    if (auto done = connection.execute("UPDATE chats SET type = 'supergroup' WHERE chat_id = $1",
                                       {new_chat_id});
        !done) {
      return tl::unexpected(done.error());
    }
    for (const char* table : kManyRowTables) {
      std::string sql = std::string("UPDATE ") + table + " SET chat_id = $2 WHERE chat_id = $1";
      if (auto done = connection.execute(sql, {old_chat_id, new_chat_id}); !done) {
        return tl::unexpected(done.error());
      }
    }
    for (const auto& [table, key] : kKeyedTables) {
      std::string sql = fmt::format(
          "DELETE FROM {0} WHERE chat_id = $2 AND {1} IN (SELECT {1} FROM {0} WHERE chat_id = $1)",
          table, key);
      if (auto done = connection.execute(sql, {old_chat_id, new_chat_id}); !done) {
        return tl::unexpected(done.error());
      }
      sql = fmt::format("UPDATE {} SET chat_id = $2 WHERE chat_id = $1", table);
      if (auto done = connection.execute(sql, {old_chat_id, new_chat_id}); !done) {
        return tl::unexpected(done.error());
      }
    }
    if (auto done = connection.execute("DELETE FROM chat_members WHERE chat_id = $1 AND user_id IN "
                                       "(SELECT user_id FROM chat_members WHERE chat_id = $2)",
                                       {old_chat_id, new_chat_id});
        !done) {
      return tl::unexpected(done.error());
    }
    if (auto done = connection.execute("UPDATE chat_members SET chat_id = $2 WHERE chat_id = $1",
                                       {old_chat_id, new_chat_id});
        !done) {
      return tl::unexpected(done.error());
    }
    return {};
  });
  std::lock_guard lock(mutex_);
  cache_.erase(old_chat_id);
  cache_.erase(new_chat_id);
  return moved;
}

}  // namespace warden::storage

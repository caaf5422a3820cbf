#include "storage/content_store.h"

#include <chrono>

namespace warden::storage {
namespace {

// The local clock in milliseconds, for the updated_at columns.
std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

StoredContent content_at(const Row& row, std::size_t first_column) {
  return StoredContent{row.text(first_column), row.text(first_column + 1),
                       row.text(first_column + 2)};
}

Note note_of(const Row& row) { return Note{row.text(0), row.text(1), content_at(row, 2)}; }

Filter filter_of(const Row& row) {
  return Filter{row.text(0), row.text(1), content_at(row, 2), row.boolean(5)};
}

const char* greeting_prefix(GreetingKind kind) {
  return kind == GreetingKind::kWelcome ? "welcome" : "goodbye";
}

}  // namespace

Result<std::optional<Note>> ContentStore::note(std::int64_t chat_id, const std::string& name) {
  auto rows = database_.query(
      "SELECT name, display_name, content, media_type, file_id FROM notes "
      "WHERE chat_id = $1 AND name = $2",
      {chat_id, name});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Note>{};
  return std::optional<Note>{note_of(rows->front())};
}

Result<std::vector<Note>> ContentStore::notes(std::int64_t chat_id) {
  auto rows = database_.query(
      "SELECT name, display_name, content, media_type, file_id FROM notes "
      "WHERE chat_id = $1 ORDER BY name",
      {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Note> result;
  result.reserve(rows->size());
  for (const Row& row : *rows) result.push_back(note_of(row));
  return result;
}

Result<void> ContentStore::save_note(std::int64_t chat_id, const Note& note,
                                     std::int64_t saved_by) {
  auto saved = database_.execute(
      "INSERT INTO notes (chat_id, name, display_name, content, media_type, file_id, created_by, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (chat_id, name) DO UPDATE "
      "SET display_name = excluded.display_name, content = excluded.content, "
      "media_type = excluded.media_type, file_id = excluded.file_id, "
      "created_by = excluded.created_by, updated_at = excluded.updated_at",
      {chat_id, note.name, note.display_name, note.content.source, note.content.media_type,
       note.content.file_id, saved_by, unix_now_ms()});
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<bool> ContentStore::remove_note(std::int64_t chat_id, const std::string& name) {
  auto removed =
      database_.execute("DELETE FROM notes WHERE chat_id = $1 AND name = $2", {chat_id, name});
  if (!removed) return tl::unexpected(removed.error());
  return *removed > 0;
}

Result<std::int64_t> ContentStore::remove_all_notes(std::int64_t chat_id) {
  return database_.execute("DELETE FROM notes WHERE chat_id = $1", {chat_id});
}

Result<std::int64_t> ContentStore::remove_notes_saved_until(std::int64_t chat_id,
                                                            std::int64_t saved_until) {
  return database_.execute("DELETE FROM notes WHERE chat_id = $1 AND updated_at <= $2",
                           {chat_id, saved_until});
}

Result<bool> ContentStore::private_notes(std::int64_t chat_id) {
  auto rows =
      database_.query("SELECT private_notes FROM note_settings WHERE chat_id = $1", {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty() && rows->front().boolean(0);
}

Result<void> ContentStore::set_private_notes(std::int64_t chat_id, bool enabled) {
  auto saved = database_.execute(
      "INSERT INTO note_settings (chat_id, private_notes) VALUES ($1, $2) "
      "ON CONFLICT (chat_id) DO UPDATE SET private_notes = excluded.private_notes",
      {chat_id, std::int64_t{enabled}});
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<std::optional<Filter>> ContentStore::filter(std::int64_t chat_id,
                                                   const std::string& keyword) {
  auto rows = database_.query(
      "SELECT keyword, display_keyword, content, media_type, file_id, no_notif FROM filters "
      "WHERE chat_id = $1 AND keyword = $2",
      {chat_id, keyword});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Filter>{};
  return std::optional<Filter>{filter_of(rows->front())};
}

Result<std::shared_ptr<const std::vector<Filter>>> ContentStore::filters(std::int64_t chat_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto found = filter_cache_.find(chat_id); found != filter_cache_.end()) {
      return found->second;
    }
  }
  auto rows = database_.query(
      "SELECT keyword, display_keyword, content, media_type, file_id, no_notif FROM filters "
      "WHERE chat_id = $1 ORDER BY keyword",
      {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  // Most chats have no filters; they share one empty list instead of allocating their own.
  static const auto kNoFilters = std::make_shared<const std::vector<Filter>>();
  std::shared_ptr<const std::vector<Filter>> shared = kNoFilters;
  if (!rows->empty()) {
    auto list = std::make_shared<std::vector<Filter>>();
    list->reserve(rows->size());
    for (const Row& row : *rows) list->push_back(filter_of(row));
    shared = std::move(list);
  }
  std::lock_guard lock(mutex_);
  filter_cache_[chat_id] = shared;
  return shared;
}

Result<std::int64_t> ContentStore::count_filters(std::int64_t chat_id) {
  auto rows = database_.query("SELECT COUNT(*) FROM filters WHERE chat_id = $1", {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  return rows->front().int64(0);
}

Result<void> ContentStore::save_filter(std::int64_t chat_id, const Filter& filter,
                                       std::int64_t saved_by) {
  auto saved = database_.execute(
      "INSERT INTO filters (chat_id, keyword, display_keyword, content, media_type, file_id, "
      "no_notif, created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      "ON CONFLICT (chat_id, keyword) DO UPDATE SET display_keyword = excluded.display_keyword, "
      "content = excluded.content, media_type = excluded.media_type, file_id = excluded.file_id, "
      "no_notif = excluded.no_notif, created_by = excluded.created_by, "
      "updated_at = excluded.updated_at",
      {chat_id, filter.keyword, filter.display_keyword, filter.content.source,
       filter.content.media_type, filter.content.file_id, std::int64_t{filter.no_notif}, saved_by,
       unix_now_ms()});
  forget(chat_id);
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<bool> ContentStore::remove_filter(std::int64_t chat_id, const std::string& keyword) {
  auto removed = database_.execute("DELETE FROM filters WHERE chat_id = $1 AND keyword = $2",
                                   {chat_id, keyword});
  forget(chat_id);
  if (!removed) return tl::unexpected(removed.error());
  return *removed > 0;
}

Result<std::int64_t> ContentStore::remove_all_filters(std::int64_t chat_id) {
  auto removed = database_.execute("DELETE FROM filters WHERE chat_id = $1", {chat_id});
  forget(chat_id);
  return removed;
}

Result<GreetingSettings> ContentStore::greetings(std::int64_t chat_id) {
  auto rows = database_.query(
      "SELECT welcome_enabled, welcome_content, welcome_media_type, welcome_file_id, "
      "welcome_clean_old, welcome_last_message_id, goodbye_enabled, goodbye_content, "
      "goodbye_media_type, goodbye_file_id, goodbye_clean_old, goodbye_last_message_id, "
      "clean_service, auto_approve FROM greetings WHERE chat_id = $1",
      {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  GreetingSettings settings;
  if (rows->empty()) return settings;
  const Row& row = rows->front();
  settings.welcome = Greeting{row.boolean(0), content_at(row, 1), row.boolean(4), row.int64(5)};
  settings.goodbye = Greeting{row.boolean(6), content_at(row, 7), row.boolean(10), row.int64(11)};
  settings.clean_service = row.boolean(12);
  settings.auto_approve = row.boolean(13);
  return settings;
}

Result<void> ContentStore::save_greetings(std::int64_t chat_id, const GreetingSettings& settings) {
  const Greeting& welcome = settings.welcome;
  const Greeting& goodbye = settings.goodbye;
  auto saved = database_.execute(
      "INSERT INTO greetings (chat_id, welcome_enabled, welcome_content, welcome_media_type, "
      "welcome_file_id, welcome_clean_old, welcome_last_message_id, goodbye_enabled, "
      "goodbye_content, goodbye_media_type, goodbye_file_id, goodbye_clean_old, "
      "goodbye_last_message_id, clean_service, auto_approve) VALUES "
      "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) "
      "ON CONFLICT (chat_id) DO UPDATE SET welcome_enabled = excluded.welcome_enabled, "
      "welcome_content = excluded.welcome_content, "
      "welcome_media_type = excluded.welcome_media_type, "
      "welcome_file_id = excluded.welcome_file_id, "
      "welcome_clean_old = excluded.welcome_clean_old, "
      "welcome_last_message_id = excluded.welcome_last_message_id, "
      "goodbye_enabled = excluded.goodbye_enabled, goodbye_content = excluded.goodbye_content, "
      "goodbye_media_type = excluded.goodbye_media_type, "
      "goodbye_file_id = excluded.goodbye_file_id, "
      "goodbye_clean_old = excluded.goodbye_clean_old, "
      "goodbye_last_message_id = excluded.goodbye_last_message_id, "
      "clean_service = excluded.clean_service, auto_approve = excluded.auto_approve",
      {chat_id, std::int64_t{welcome.enabled}, welcome.content.source, welcome.content.media_type,
       welcome.content.file_id, std::int64_t{welcome.clean_old}, welcome.last_message_id,
       std::int64_t{goodbye.enabled}, goodbye.content.source, goodbye.content.media_type,
       goodbye.content.file_id, std::int64_t{goodbye.clean_old}, goodbye.last_message_id,
       std::int64_t{settings.clean_service}, std::int64_t{settings.auto_approve}});
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<void> ContentStore::set_last_greeting(std::int64_t chat_id, GreetingKind kind,
                                             std::int64_t message_id) {
  // Only the message id changes, so that a concurrent settings change is not overwritten.
  auto existing = database_.query("SELECT 1 FROM greetings WHERE chat_id = $1", {chat_id});
  if (!existing) return tl::unexpected(existing.error());
  if (existing->empty()) {
    if (auto created = save_greetings(chat_id, GreetingSettings{}); !created) return created;
  }
  const std::string sql = std::string("UPDATE greetings SET ") + greeting_prefix(kind) +
                          "_last_message_id = $2 WHERE chat_id = $1";
  auto saved = database_.execute(sql, {chat_id, message_id});
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<bool> ContentStore::claim_join_request_notice(std::int64_t chat_id, std::int64_t user_id,
                                                     std::int64_t now, std::int64_t not_before) {
  auto claimed = database_.execute(
      "INSERT INTO join_request_notices (chat_id, user_id, posted_at) VALUES ($1, $2, $3) "
      "ON CONFLICT (chat_id, user_id) DO UPDATE SET posted_at = excluded.posted_at "
      "WHERE join_request_notices.posted_at < $4",
      {chat_id, user_id, now, not_before});
  if (!claimed) return tl::unexpected(claimed.error());
  return *claimed > 0;
}

Result<RulesSettings> ContentStore::rules(std::int64_t chat_id) {
  auto rows = database_.query(
      "SELECT content, private_rules, button_text FROM rules WHERE chat_id = $1", {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  RulesSettings rules;
  if (rows->empty()) return rules;
  const Row& row = rows->front();
  rules.content = row.text(0);
  rules.private_rules = row.boolean(1);
  rules.button_text = row.text(2);
  return rules;
}

Result<void> ContentStore::save_rules(std::int64_t chat_id, const RulesSettings& rules) {
  auto saved = database_.execute(
      "INSERT INTO rules (chat_id, content, private_rules, button_text) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (chat_id) DO UPDATE SET content = excluded.content, "
      "private_rules = excluded.private_rules, button_text = excluded.button_text",
      {chat_id, rules.content, std::int64_t{rules.private_rules}, rules.button_text});
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<std::shared_ptr<const std::vector<Reaction>>> ContentStore::reactions(std::int64_t chat_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto found = reaction_cache_.find(chat_id); found != reaction_cache_.end()) {
      return found->second;
    }
  }
  auto rows = database_.query(
      "SELECT keyword, emoji FROM reactions WHERE chat_id = $1 ORDER BY keyword", {chat_id});
  if (!rows) return tl::unexpected(rows.error());
  static const auto kNoReactions = std::make_shared<const std::vector<Reaction>>();
  std::shared_ptr<const std::vector<Reaction>> shared = kNoReactions;
  if (!rows->empty()) {
    auto list = std::make_shared<std::vector<Reaction>>();
    list->reserve(rows->size());
    for (const Row& row : *rows) list->push_back(Reaction{row.text(0), row.text(1)});
    shared = std::move(list);
  }
  std::lock_guard lock(mutex_);
  reaction_cache_[chat_id] = shared;
  return shared;
}

Result<void> ContentStore::save_reaction(std::int64_t chat_id, const Reaction& reaction) {
  auto saved = database_.execute(
      "INSERT INTO reactions (chat_id, keyword, emoji) VALUES ($1, $2, $3) "
      "ON CONFLICT (chat_id, keyword) DO UPDATE SET emoji = excluded.emoji",
      {chat_id, reaction.keyword, reaction.emoji});
  forget(chat_id);
  if (!saved) return tl::unexpected(saved.error());
  return {};
}

Result<bool> ContentStore::remove_reaction(std::int64_t chat_id, const std::string& keyword) {
  auto removed = database_.execute("DELETE FROM reactions WHERE chat_id = $1 AND keyword = $2",
                                   {chat_id, keyword});
  forget(chat_id);
  if (!removed) return tl::unexpected(removed.error());
  return *removed > 0;
}

Result<std::int64_t> ContentStore::remove_all_reactions(std::int64_t chat_id) {
  auto removed = database_.execute("DELETE FROM reactions WHERE chat_id = $1", {chat_id});
  forget(chat_id);
  return removed;
}

std::int64_t ContentStore::now_ms() { return unix_now_ms(); }

void ContentStore::forget(std::int64_t chat_id) {
  std::lock_guard lock(mutex_);
  filter_cache_.erase(chat_id);
  reaction_cache_.erase(chat_id);
}

}  // namespace warden::storage

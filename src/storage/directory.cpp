#include "storage/directory.h"

#include <functional>

namespace warden::storage {
namespace {

std::uint64_t fingerprint(const telegram::User& user) {
  std::hash<std::string> hash;
  return hash(user.first_name) ^ (hash(user.last_name.value_or("")) << 1) ^
         (hash(user.username.value_or("")) << 2);
}

std::uint64_t fingerprint(const telegram::Chat& chat) {
  std::hash<std::string> hash;
  return hash(chat.title.value_or("")) ^ (hash(chat.username.value_or("")) << 1) ^
         static_cast<std::uint64_t>(chat.type);
}

// Records a sighting; returns true when the entry changed or is due for a refresh.
template <typename Map>
bool should_write(Map& seen, std::int64_t id, std::uint64_t print, std::int64_t now,
                  std::int64_t refresh) {
  auto& entry = seen[id];
  if (entry.fingerprint == print && now - entry.written_at < refresh) return false;
  entry.fingerprint = print;
  entry.written_at = now;
  return true;
}

const char* chat_type_name(telegram::ChatType type) {
  switch (type) {
    case telegram::ChatType::kPrivate:
      return "private";
    case telegram::ChatType::kGroup:
      return "group";
    case telegram::ChatType::kSupergroup:
      return "supergroup";
    case telegram::ChatType::kChannel:
      return "channel";
    case telegram::ChatType::kUnknown:
      return "unknown";
  }
  return "unknown";
}

SqlValue optional_value(const std::optional<std::string>& text) {
  return text ? SqlValue(*text) : SqlValue(std::monostate{});
}

}  // namespace

std::string to_lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

void Directory::observe_user(const telegram::User& user, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (should_write(seen_users_, user.id, fingerprint(user), now, refresh_seconds_)) {
    pending_users_[user.id] = user;
  }
}

void Directory::observe_chat(const telegram::Chat& chat, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (should_write(seen_chats_, chat.id, fingerprint(chat), now, refresh_seconds_)) {
    pending_chats_[chat.id] = chat;
  }
}

void Directory::observe_member(std::int64_t chat_id, std::int64_t user_id, std::int64_t now) {
  std::lock_guard lock(mutex_);
  MemberKey key{chat_id, user_id};
  auto [entry, inserted] = seen_members_.try_emplace(key, now);
  if (!inserted && now - entry->second < refresh_seconds_) return;
  entry->second = now;
  pending_members_[key] = now;
}

void Directory::forget_member(std::int64_t chat_id, std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  MemberKey key{chat_id, user_id};
  seen_members_.erase(key);
  pending_members_.erase(key);
  removed_members_.push_back(key);
}

std::size_t Directory::pending() const {
  std::lock_guard lock(mutex_);
  return pending_users_.size() + pending_chats_.size() + pending_members_.size() +
         removed_members_.size();
}

Result<std::size_t> Directory::flush() {
  std::unordered_map<std::int64_t, telegram::User> users;
  std::unordered_map<std::int64_t, telegram::Chat> chats;
  std::unordered_map<MemberKey, std::int64_t, MemberHash> members;
  std::vector<MemberKey> removed;
  {
    std::lock_guard lock(mutex_);
    users.swap(pending_users_);
    chats.swap(pending_chats_);
    members.swap(pending_members_);
    removed.swap(removed_members_);
  }
  std::size_t total = users.size() + chats.size() + members.size() + removed.size();
  if (total == 0) return 0;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  auto written = database_.transaction([&](Connection& connection) -> Result<void> {
    for (const auto& [id, user] : users) {
      auto done = connection.execute(
          "INSERT INTO users (user_id, username, username_lower, first_name, last_name, "
          "language_code, is_bot, last_seen) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
          "ON CONFLICT (user_id) DO UPDATE SET username = excluded.username, "
          "username_lower = excluded.username_lower, first_name = excluded.first_name, "
          "last_name = excluded.last_name, language_code = excluded.language_code, "
          "is_bot = excluded.is_bot, last_seen = excluded.last_seen",
          {id, optional_value(user.username),
           user.username ? SqlValue(to_lower_ascii(*user.username)) : SqlValue(std::monostate{}),
           user.first_name, optional_value(user.last_name), optional_value(user.language_code),
           std::int64_t{user.is_bot}, now});
      if (!done) return tl::unexpected(done.error());
      // A username belongs to one account; an older holder loses it.
      if (user.username) {
        auto cleared = connection.execute(
            "UPDATE users SET username = NULL, username_lower = NULL "
            "WHERE username_lower = $1 AND user_id <> $2",
            {to_lower_ascii(*user.username), id});
        if (!cleared) return tl::unexpected(cleared.error());
      }
    }
    for (const auto& [id, chat] : chats) {
      auto done = connection.execute(
          "INSERT INTO chats (chat_id, type, title, username, username_lower, is_active, "
          "last_seen) "
          "VALUES ($1, $2, $3, $4, $5, TRUE, $6) ON CONFLICT (chat_id) DO UPDATE SET "
          "type = excluded.type, title = excluded.title, username = excluded.username, "
          "username_lower = excluded.username_lower, is_active = excluded.is_active, "
          "last_seen = excluded.last_seen",
          {id, std::string(chat_type_name(chat.type)), optional_value(chat.title),
           optional_value(chat.username),
           chat.username ? SqlValue(to_lower_ascii(*chat.username)) : SqlValue(std::monostate{}),
           now});
      if (!done) return tl::unexpected(done.error());
    }
    for (const auto& [key, seen] : members) {
      auto done = connection.execute(
          "INSERT INTO chat_members (chat_id, user_id, last_seen) VALUES ($1, $2, $3) "
          "ON CONFLICT (chat_id, user_id) DO UPDATE SET last_seen = excluded.last_seen",
          {key.chat_id, key.user_id, seen});
      if (!done) return tl::unexpected(done.error());
    }
    for (const MemberKey& key : removed) {
      auto done = connection.execute("DELETE FROM chat_members WHERE chat_id = $1 AND user_id = $2",
                                     {key.chat_id, key.user_id});
      if (!done) return tl::unexpected(done.error());
    }
    return {};
  });
  if (!written) {
    // Put the batch back so that the next flush tries again; newer sightings win.
    std::lock_guard lock(mutex_);
    for (auto& [id, user] : users) pending_users_.try_emplace(id, std::move(user));
    for (auto& [id, chat] : chats) pending_chats_.try_emplace(id, std::move(chat));
    for (auto& [key, seen] : members) pending_members_.try_emplace(key, seen);
    removed_members_.insert(removed_members_.end(), removed.begin(), removed.end());
    return tl::unexpected(written.error());
  }
  return total;
}

Result<std::optional<KnownUser>> Directory::find_by_username(std::string_view username) {
  std::string lower = to_lower_ascii(username);
  {
    // A sighting not flushed yet is newer than the database.
    std::lock_guard lock(mutex_);
    for (const auto& [id, user] : pending_users_) {
      if (user.username && to_lower_ascii(*user.username) == lower) {
        return KnownUser{user.id, user.first_name, user.last_name, user.username, user.is_bot};
      }
    }
  }
  auto rows = database_.query(
      "SELECT user_id, first_name, last_name, username, is_bot FROM users "
      "WHERE username_lower = $1 ORDER BY last_seen DESC LIMIT 1",
      {lower});
  if (!rows) return tl::unexpected(rows.error());
  if (!rows->empty()) {
    const Row& row = rows->front();
    return KnownUser{row.int64(0), row.text(1), row.optional_text(2), row.optional_text(3),
                     row.boolean(4)};
  }
  auto chats = database_.query(
      "SELECT chat_id, title, username FROM chats WHERE username_lower = $1 AND type = 'channel' "
      "LIMIT 1",
      {lower});
  if (!chats) return tl::unexpected(chats.error());
  if (chats->empty()) return std::optional<KnownUser>();
  const Row& row = chats->front();
  return KnownUser{row.int64(0), row.text(1), std::nullopt, row.optional_text(2), false};
}

Result<std::optional<KnownUser>> Directory::find_user(std::int64_t user_id) {
  {
    std::lock_guard lock(mutex_);
    if (auto found = pending_users_.find(user_id); found != pending_users_.end()) {
      const auto& user = found->second;
      return KnownUser{user.id, user.first_name, user.last_name, user.username, user.is_bot};
    }
  }
  auto rows = database_.query(
      "SELECT user_id, first_name, last_name, username, is_bot FROM users WHERE user_id = $1",
      {user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<KnownUser>();
  const Row& row = rows->front();
  return KnownUser{row.int64(0), row.text(1), row.optional_text(2), row.optional_text(3),
                   row.boolean(4)};
}

Result<bool> Directory::known_member(std::int64_t chat_id, std::int64_t user_id) {
  {
    std::lock_guard lock(mutex_);
    if (seen_members_.contains({chat_id, user_id})) return true;
  }
  auto rows = database_.query("SELECT 1 FROM chat_members WHERE chat_id = $1 AND user_id = $2",
                              {chat_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

}  // namespace warden::storage

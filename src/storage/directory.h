#pragma once

// The users, chats and channels the bot has seen, for @username lookups and membership hints.
// Sightings are written behind: observe_*() only touches memory, and flush() writes the changed
// entries in one transaction. An unchanged entry is rewritten at most once per refresh interval
// to keep last_seen roughly current without a write per message.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/database.h"
#include "telegram/types.h"

namespace warden::storage {

struct KnownUser {
  std::int64_t id = 0;
  std::string first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> username;
  bool is_bot = false;
};

class Directory {
 public:
  Directory(Database& database, std::int64_t refresh_seconds = 300)
      : database_(database), refresh_seconds_(refresh_seconds) {}

  void observe_user(const telegram::User& user, std::int64_t now);
  void observe_chat(const telegram::Chat& chat, std::int64_t now);
  void observe_member(std::int64_t chat_id, std::int64_t user_id, std::int64_t now);
  void forget_member(std::int64_t chat_id, std::int64_t user_id);

  // Writes pending sightings; returns how many rows were written.
  Result<std::size_t> flush();
  std::size_t pending() const;

  // Finds a user or channel by @username (case-insensitive, without the @).
  Result<std::optional<KnownUser>> find_by_username(std::string_view username);
  Result<std::optional<KnownUser>> find_user(std::int64_t user_id);
  Result<bool> known_member(std::int64_t chat_id, std::int64_t user_id);

 private:
  struct Seen {
    std::int64_t written_at = 0;  // when the row was last queued for writing
    std::uint64_t fingerprint = 0;
  };

  Database& database_;
  std::int64_t refresh_seconds_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, Seen> seen_users_;
  std::unordered_map<std::int64_t, Seen> seen_chats_;
  std::unordered_map<std::int64_t, telegram::User> pending_users_;
  std::unordered_map<std::int64_t, telegram::Chat> pending_chats_;
  struct MemberKey {
    std::int64_t chat_id;
    std::int64_t user_id;
    bool operator==(const MemberKey&) const = default;
  };
  struct MemberHash {
    std::size_t operator()(const MemberKey& key) const {
      return std::hash<std::int64_t>()(key.chat_id * 1000003 ^ key.user_id);
    }
  };
  std::unordered_map<MemberKey, std::int64_t, MemberHash> seen_members_;
  std::unordered_map<MemberKey, std::int64_t, MemberHash> pending_members_;
  std::vector<MemberKey> removed_members_;
};

std::string to_lower_ascii(std::string_view text);

}  // namespace warden::storage

#pragma once

// Per-chat settings, warnings and pending confirmations. Settings are written through: a change
// is in the database before the caller confirms it to the admin, and the in-process copy is
// only a cache that a restart may empty.

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/database.h"

namespace warden::storage {

enum class WarnMode { kBan, kKick, kMute, kTban, kTmute };

const char* to_string(WarnMode mode);
std::optional<WarnMode> parse_warn_mode(std::string_view text);

struct ChatSettings {
  bool anon_admin = false;
  int warn_limit = 3;
  WarnMode warn_mode = WarnMode::kMute;
  std::int64_t warn_mode_seconds = 0;  // for kTban and kTmute
};

struct WarnState {
  int count = 0;
  std::int64_t last_warn_id = 0;     // the newest warning's id
  std::vector<std::string> reasons;  // oldest first; empty strings for warns without a reason
};

class ChatStore {
 public:
  explicit ChatStore(Database& database) : database_(database) {}

  Result<ChatSettings> settings(std::int64_t chat_id);
  Result<void> save_settings(std::int64_t chat_id, const ChatSettings& settings);

  // Adds a warning and returns the user's warnings after it. A second call with the same
  // source_update_id in a chat adds nothing, so an update handled twice warns once.
  Result<WarnState> add_warn(std::int64_t chat_id, std::int64_t user_id, const std::string& reason,
                             std::int64_t warned_by, std::int64_t source_update_id = 0);
  Result<WarnState> warns(std::int64_t chat_id, std::int64_t user_id);
  // Removes one warning by id; false when it does not exist (any more).
  Result<bool> remove_warn(std::int64_t chat_id, std::int64_t user_id, std::int64_t warn_id);
  // Removes the newest warning; false when the user had none.
  Result<bool> remove_latest_warn(std::int64_t chat_id, std::int64_t user_id);
  // Removes all of a user's warnings; returns how many there were.
  Result<std::int64_t> reset_warns(std::int64_t chat_id, std::int64_t user_id);
  Result<std::int64_t> reset_all_warns(std::int64_t chat_id);
  Result<std::int64_t> count_warned_users(std::int64_t chat_id);

  Result<void> put_confirmation(std::int64_t chat_id, std::int64_t message_id,
                                const std::string& payload, std::int64_t expires_at);
  // Returns a confirmation that has not expired at `now`, leaving it in place.
  Result<std::optional<std::string>> peek_confirmation(std::int64_t chat_id,
                                                       std::int64_t message_id, std::int64_t now);
  // Removes and returns a confirmation that has not expired at `now`.
  Result<std::optional<std::string>> take_confirmation(std::int64_t chat_id,
                                                       std::int64_t message_id, std::int64_t now);

  // Moves everything stored under old_chat_id to new_chat_id in one transaction (a group that
  // became a supergroup). Rows the new id already has are replaced by the old chat's.
  Result<void> migrate_chat(std::int64_t old_chat_id, std::int64_t new_chat_id);

 private:
  Database& database_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, ChatSettings> cache_;
};

}  // namespace warden::storage

#pragma once

// Notes, filters, greetings, rules and keyword reactions of each chat. Writes go to the
// database before the caller confirms them. Filter and reaction keywords are cached per chat
// because every group message is matched against them; a write to a chat drops its cache entry.
// NOTE: the cache is per process and keeps an entry for every chat seen since the start (a
// few dozen bytes for a chat without filters or reactions). Several instances sharing one
// database see another instance's filter or reaction change only after their own cache entry
// is dropped.

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/database.h"

namespace warden::storage {

// Stored content: the admin's markdown source (buttons included) and optional media.
struct StoredContent {
  std::string source;
  std::string media_type;  // empty for text, else "photo", "video", "animation", "document",
                           // "sticker", "audio", "voice" or "video_note"
  std::string file_id;

  bool operator==(const StoredContent&) const = default;
};

struct Note {
  std::string name;          // case-folded key
  std::string display_name;  // as written
  StoredContent content;
};

struct Filter {
  std::string keyword;          // case-folded key
  std::string display_keyword;  // as written
  StoredContent content;
  bool no_notif = false;
};

struct Greeting {
  bool enabled = true;
  StoredContent content;
  bool clean_old = false;
  std::int64_t last_message_id = 0;
};

inline constexpr std::string_view kDefaultWelcome = "Hey {first}, how are you?";
inline constexpr std::string_view kDefaultGoodbye = "Sad to see you leaving {first}";

struct GreetingSettings {
  Greeting welcome{true, StoredContent{std::string(kDefaultWelcome), {}, {}}, false, 0};
  // Goodbyes are off until an admin turns them on, so that bans and kicks stay quiet.
  Greeting goodbye{false, StoredContent{std::string(kDefaultGoodbye), {}, {}}, false, 0};
  bool clean_service = false;
  bool auto_approve = false;
};

enum class GreetingKind { kWelcome, kGoodbye };

struct RulesSettings {
  std::string content;  // markdown source; empty when no rules are set
  bool private_rules = false;
  std::string button_text;  // empty: the default label
};

struct Reaction {
  std::string keyword;  // case-folded
  std::string emoji;
};

class ContentStore {
 public:
  explicit ContentStore(Database& database) : database_(database) {}

  // Notes. Names are keys as the caller folded them.
  Result<std::optional<Note>> note(std::int64_t chat_id, const std::string& name);
  Result<std::vector<Note>> notes(std::int64_t chat_id);  // ordered by name
  Result<void> save_note(std::int64_t chat_id, const Note& note, std::int64_t saved_by);
  Result<bool> remove_note(std::int64_t chat_id, const std::string& name);
  Result<std::int64_t> remove_all_notes(std::int64_t chat_id);
  // Removes the notes last saved at or before `saved_until` (unix time in milliseconds of the
  // local clock, see now_ms), so that a confirmed /clearall keeps notes saved after its question.
  Result<std::int64_t> remove_notes_saved_until(std::int64_t chat_id, std::int64_t saved_until);
  Result<bool> private_notes(std::int64_t chat_id);
  Result<void> set_private_notes(std::int64_t chat_id, bool enabled);

  // Filters.
  Result<std::optional<Filter>> filter(std::int64_t chat_id, const std::string& keyword);
  // All of a chat's filters, ordered by keyword. The result is shared with the cache and must
  // not be changed.
  Result<std::shared_ptr<const std::vector<Filter>>> filters(std::int64_t chat_id);
  Result<std::int64_t> count_filters(std::int64_t chat_id);
  Result<void> save_filter(std::int64_t chat_id, const Filter& filter, std::int64_t saved_by);
  Result<bool> remove_filter(std::int64_t chat_id, const std::string& keyword);
  Result<std::int64_t> remove_all_filters(std::int64_t chat_id);

  // Greetings. A chat without a stored row has the defaults of GreetingSettings.
  Result<GreetingSettings> greetings(std::int64_t chat_id);
  Result<void> save_greetings(std::int64_t chat_id, const GreetingSettings& settings);
  Result<void> set_last_greeting(std::int64_t chat_id, GreetingKind kind, std::int64_t message_id);
  // Records a join request notice; false when one for the same user was recorded after
  // `not_before`, in which case nothing changes.
  Result<bool> claim_join_request_notice(std::int64_t chat_id, std::int64_t user_id,
                                         std::int64_t now, std::int64_t not_before);

  // Rules.
  Result<RulesSettings> rules(std::int64_t chat_id);
  Result<void> save_rules(std::int64_t chat_id, const RulesSettings& rules);

  // Keyword reactions, ordered by keyword. The result is shared with the cache.
  Result<std::shared_ptr<const std::vector<Reaction>>> reactions(std::int64_t chat_id);
  Result<void> save_reaction(std::int64_t chat_id, const Reaction& reaction);
  Result<bool> remove_reaction(std::int64_t chat_id, const std::string& keyword);
  Result<std::int64_t> remove_all_reactions(std::int64_t chat_id);

  // The local clock in milliseconds, the unit in which notes and filters record when they were
  // saved.
  static std::int64_t now_ms();

  // Drops the cached filters and reactions of a chat, such as after a group became a supergroup.
  void forget(std::int64_t chat_id);

 private:
  Database& database_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, std::shared_ptr<const std::vector<Filter>>> filter_cache_;
  std::unordered_map<std::int64_t, std::shared_ptr<const std::vector<Reaction>>> reaction_cache_;
};

}  // namespace warden::storage

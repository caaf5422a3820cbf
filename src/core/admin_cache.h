#pragma once

// The administrators of each chat, loaded with getChatAdministrators and kept for
// `ttl`. A chat_member update that changes someone's admin status, /admincache, /promote and
// /demote invalidate a chat's entry. Thread-safe.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "telegram/bot_api.h"

namespace warden::core {

struct AdminList {
  std::vector<telegram::ChatMember> members;
  std::chrono::steady_clock::time_point loaded_at;

  const telegram::ChatMember* find(std::int64_t user_id) const;
};

class AdminCache {
 public:
  AdminCache(telegram::BotApi& api, std::chrono::seconds ttl) : api_(api), ttl_(ttl) {}

  // Returns the cached list, loading it when absent, expired or `reload` is set. The list is
  // immutable and shared, so callers may keep it while the cache replaces it.
  boost::asio::awaitable<telegram::ApiResult<std::shared_ptr<const AdminList>>> get(
      std::int64_t chat_id, bool reload = false);
  // The cached list without loading; null when there is none. `age` receives its age.
  std::shared_ptr<const AdminList> cached(std::int64_t chat_id) const;
  void invalidate(std::int64_t chat_id);
  void move(std::int64_t old_chat_id, std::int64_t new_chat_id);

 private:
  telegram::BotApi& api_;
  std::chrono::seconds ttl_;
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, std::shared_ptr<const AdminList>> lists_;
};

}  // namespace warden::core

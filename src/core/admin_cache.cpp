#include "core/admin_cache.h"

namespace warden::core {

const telegram::ChatMember* AdminList::find(std::int64_t user_id) const {
  for (const auto& member : members) {
    if (member.user.id == user_id) return &member;
  }
  return nullptr;
}

boost::asio::awaitable<telegram::ApiResult<std::shared_ptr<const AdminList>>> AdminCache::get(
    std::int64_t chat_id, bool reload) {
  if (!reload) {
    std::lock_guard lock(mutex_);
    auto found = lists_.find(chat_id);
    if (found != lists_.end() &&
        std::chrono::steady_clock::now() - found->second->loaded_at < ttl_) {
      co_return found->second;
    }
  }
  auto loaded = co_await api_.get_chat_administrators(chat_id);
  if (!loaded) co_return tl::unexpected(loaded.error());
  auto list = std::make_shared<AdminList>();
  list->members = std::move(*loaded);
  list->loaded_at = std::chrono::steady_clock::now();
  std::shared_ptr<const AdminList> shared = std::move(list);
  std::lock_guard lock(mutex_);
  lists_[chat_id] = shared;
  co_return shared;
}

std::shared_ptr<const AdminList> AdminCache::cached(std::int64_t chat_id) const {
  std::lock_guard lock(mutex_);
  auto found = lists_.find(chat_id);
  return found == lists_.end() ? nullptr : found->second;
}

void AdminCache::invalidate(std::int64_t chat_id) {
  std::lock_guard lock(mutex_);
  lists_.erase(chat_id);
}

void AdminCache::move(std::int64_t old_chat_id, std::int64_t new_chat_id) {
  std::lock_guard lock(mutex_);
  lists_.erase(old_chat_id);
  lists_.erase(new_chat_id);
}

}  // namespace warden::core

#include "telegram/send_scheduler.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace warden::telegram {

namespace asio = boost::asio;
using std::chrono::duration_cast;

namespace {
SendScheduler::Clock::duration seconds_to_duration(double seconds) {
  return duration_cast<SendScheduler::Clock::duration>(std::chrono::duration<double>(seconds));
}
}  // namespace

SendScheduler::Clock::time_point SendScheduler::reserve(std::int64_t chat_id, Priority priority,
                                                        bool counts_as_message) {
  std::lock_guard lock(mutex_);
  const Clock::time_point now = Clock::now();
  Clock::time_point start = std::max(now, global_blocked_until_);

  ChatState* chat = nullptr;
  if (chat_id != 0) {
    auto found = chats_.find(chat_id);
    if (found != chats_.end()) chat = &found->second;
    if (chat) start = std::max(start, chat->blocked_until);
  }
  if (counts_as_message && chat_id != 0) {
    if (!chat) chat = &chats_[chat_id];
    if (limits_.chat_per_second > 0) {
      start = std::max(start, chat->next_message);
      chat->next_message = start + seconds_to_duration(1.0 / limits_.chat_per_second);
    }
    if (chat_id < 0 && limits_.group_per_minute > 0) {
      while (!chat->recent.empty() && chat->recent.front() + std::chrono::minutes(1) <= start) {
        chat->recent.pop_front();
      }
      if (static_cast<int>(chat->recent.size()) >= limits_.group_per_minute) {
        start = std::max(start, chat->recent.front() + std::chrono::minutes(1));
        chat->recent.pop_front();
      }
      chat->recent.push_back(start);
    }
  }
  if (limits_.global_per_second > 0) {
    const auto interval = seconds_to_duration(1.0 / limits_.global_per_second);
    double share = priority == Priority::kModeration ? 1.0
                   : priority == Priority::kReply    ? 0.75
                                                     : 0.5;
    const auto tolerance =
        duration_cast<Clock::duration>(interval * (limits_.global_burst - 1) * share);
    start = std::max(start, global_tat_ - tolerance);
    global_tat_ = std::max(global_tat_, start) + interval;
  }
  if (++reservations_ % 4096 == 0) prune(now);
  return start;
}

asio::awaitable<void> SendScheduler::acquire(std::int64_t chat_id, Priority priority,
                                             bool counts_as_message) {
  Clock::time_point start = reserve(chat_id, priority, counts_as_message);
  if (start <= Clock::now()) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, start);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

void SendScheduler::block(std::int64_t chat_id, std::chrono::seconds retry_after) {
  std::lock_guard lock(mutex_);
  Clock::time_point until = Clock::now() + retry_after;
  if (chat_id == 0) {
    global_blocked_until_ = std::max(global_blocked_until_, until);
    return;
  }
  ChatState& chat = chats_[chat_id];
  chat.blocked_until = std::max(chat.blocked_until, until);
}

std::size_t SendScheduler::tracked_chats() const {
  std::lock_guard lock(mutex_);
  return chats_.size();
}

void SendScheduler::prune(Clock::time_point now) {
  for (auto it = chats_.begin(); it != chats_.end();) {
    const ChatState& chat = it->second;
    bool idle = chat.next_message <= now && chat.blocked_until <= now &&
                (chat.recent.empty() || chat.recent.back() + std::chrono::minutes(1) <= now);
    it = idle ? chats_.erase(it) : std::next(it);
  }
}

}  // namespace warden::telegram

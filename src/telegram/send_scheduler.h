#pragma once

// Keeps outgoing Bot API calls inside Telegram's limits: a global rate, a per-chat rate for
// messages and a per-group rate per minute. A 429 answer blocks only the chat it concerns for
// `retry_after` seconds. Priorities: moderation calls may use the whole global burst, replies
// three quarters of it and background chatter half, so moderation goes first when busy.
// Thread-safe.

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <unordered_map>

namespace warden::telegram {

enum class Priority { kModeration = 0, kReply = 1, kBackground = 2 };

struct SendLimits {
  double global_per_second = 30;  // all calls; 0 = unlimited
  double chat_per_second = 1;     // message-sending calls per chat; 0 = unlimited
  int group_per_minute = 20;      // message-sending calls per group chat; 0 = unlimited
  int global_burst = 30;
};

class SendScheduler {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SendScheduler(SendLimits limits) : limits_(limits) {}

  // Returns the time at which a call may start and books that slot. `counts_as_message` is true
  // for calls that post or edit a message in chat_id.
  Clock::time_point reserve(std::int64_t chat_id, Priority priority, bool counts_as_message);

  // Waits until a slot booked with reserve() is reached.
  boost::asio::awaitable<void> acquire(std::int64_t chat_id, Priority priority,
                                       bool counts_as_message);

  // Obeys a 429: no call to chat_id starts before retry_after has passed. chat_id 0 blocks all.
  void block(std::int64_t chat_id, std::chrono::seconds retry_after);

  std::size_t tracked_chats() const;

 private:
  struct ChatState {
    Clock::time_point next_message{};
    Clock::time_point blocked_until{};
    std::deque<Clock::time_point> recent;  // group sends in the last minute
  };
  void prune(Clock::time_point now);

  SendLimits limits_;
  mutable std::mutex mutex_;
  Clock::time_point global_tat_{};  // theoretical arrival time of the generic cell rate algorithm
  Clock::time_point global_blocked_until_{};
  std::unordered_map<std::int64_t, ChatState> chats_;
  std::uint64_t reservations_ = 0;
};

}  // namespace warden::telegram

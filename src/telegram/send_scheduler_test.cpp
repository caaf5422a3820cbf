#include "telegram/send_scheduler.h"

#include <gtest/gtest.h>

namespace warden::telegram {
namespace {

using std::chrono::milliseconds;

milliseconds after_now(SendScheduler::Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(start - SendScheduler::Clock::now());
}

TEST(SendScheduler, SpacesMessagesToOneChat) {
  SendScheduler scheduler({.global_per_second = 0, .chat_per_second = 1, .group_per_minute = 0});
  auto first = scheduler.reserve(42, Priority::kReply, true);
  auto second = scheduler.reserve(42, Priority::kReply, true);
  EXPECT_LE(after_now(first).count(), 5);
  EXPECT_GE(std::chrono::duration_cast<milliseconds>(second - first).count(), 990);
  auto other_chat = scheduler.reserve(43, Priority::kReply, true);
  EXPECT_LE(after_now(other_chat).count(), 5);
}

TEST(SendScheduler, LimitsGroupsPerMinute) {
  SendScheduler scheduler({.global_per_second = 0, .chat_per_second = 0, .group_per_minute = 3});
  for (int i = 0; i < 3; ++i)
    EXPECT_LE(after_now(scheduler.reserve(-100, Priority::kReply, true)).count(), 5);
  EXPECT_GE(after_now(scheduler.reserve(-100, Priority::kReply, true)).count(), 59000);
  // A private chat has no per-minute group limit.
  for (int i = 0; i < 5; ++i)
    EXPECT_LE(after_now(scheduler.reserve(7, Priority::kReply, true)).count(), 5);
}

TEST(SendScheduler, RetryAfterBlocksOnlyThatChat) {
  SendScheduler scheduler({.global_per_second = 0, .chat_per_second = 0, .group_per_minute = 0});
  scheduler.block(-100, std::chrono::seconds(5));
  EXPECT_GE(after_now(scheduler.reserve(-100, Priority::kModeration, false)).count(), 4900);
  EXPECT_LE(after_now(scheduler.reserve(-200, Priority::kReply, true)).count(), 5);
}

TEST(SendScheduler, ModerationKeepsBurstWhenChatterWaits) {
  SendScheduler scheduler(
      {.global_per_second = 10, .chat_per_second = 0, .group_per_minute = 0, .global_burst = 10});
  // Background calls may use only half of the burst before they have to wait.
  int immediate = 0;
  for (int i = 0; i < 10; ++i) {
    if (after_now(scheduler.reserve(i + 1, Priority::kBackground, false)).count() <= 5) ++immediate;
  }
  EXPECT_LE(immediate, 6);
  EXPECT_LE(after_now(scheduler.reserve(99, Priority::kModeration, false)).count(), 600);
}

TEST(SendScheduler, NonMessageCallsSkipChatSpacing) {
  SendScheduler scheduler({.global_per_second = 0, .chat_per_second = 1, .group_per_minute = 20});
  scheduler.reserve(-100, Priority::kReply, true);
  EXPECT_LE(after_now(scheduler.reserve(-100, Priority::kModeration, false)).count(), 5);
}

}  // namespace
}  // namespace warden::telegram

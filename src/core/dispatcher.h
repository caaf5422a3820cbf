#pragma once

// Routes updates to modules. Updates of one chat are handled one at a time in arrival order;
// different chats run in parallel on the io_context's threads. At most `max_in_flight` updates
// are queued or running; submit() waits while the limit is reached, which slows intake instead
// of growing memory.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <unordered_map>

#include "core/registry.h"
#include "observability/metrics.h"
#include "telegram/decode.h"

namespace warden::core {

class Dispatcher {
 public:
  using DoneCallback = std::function<void(std::int64_t update_id)>;

  // `on_done` receives every handled update; `on_acted` (when set) receives instead those whose
  // handling called the Bot API, and must record them durably before returning.
  Dispatcher(boost::asio::io_context& io, Services& services, observability::Metrics& metrics,
             std::size_t max_in_flight, DoneCallback on_done, DoneCallback on_acted = {});

  // Queues one update for handling; waits while the queue is full.
  boost::asio::awaitable<void> submit(telegram::RawUpdate raw);
  std::size_t in_flight() const { return in_flight_.load(); }
  // The highest update_id such that it and every update submitted before it are handled.
  std::int64_t watermark() const;
  // Waits until everything submitted is handled.
  boost::asio::awaitable<void> drain();

 private:
  struct Item {
    std::int64_t update_id = 0;
    std::string json;
    std::unique_ptr<telegram::Update> update;
  };
  struct ChatQueue {
    std::deque<Item> items;
    bool running = false;
  };

  boost::asio::awaitable<void> run_chat(std::int64_t chat_id);
  // Returns whether the handling called the Bot API.
  boost::asio::awaitable<bool> handle(Item& item);
  boost::asio::awaitable<void> handle_message(Context& ctx);
  boost::asio::awaitable<void> handle_callback(Context& ctx);
  boost::asio::awaitable<Flow> run_watchers(Context& ctx, bool before_commands);
  boost::asio::awaitable<void> confirm_anonymous(Context& ctx, const CallbackData& data);
  void finish(std::int64_t update_id, bool acted);

  boost::asio::io_context& io_;
  Services& services_;
  observability::Metrics& metrics_;
  std::size_t max_in_flight_;
  DoneCallback on_done_;
  DoneCallback on_acted_;
  std::atomic<std::size_t> in_flight_{0};
  mutable std::mutex mutex_;
  std::unordered_map<std::int64_t, ChatQueue> queues_;
  std::set<std::int64_t> pending_ids_;
  std::int64_t max_submitted_ = 0;
};

}  // namespace warden::core

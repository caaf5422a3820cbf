#include "transport/poller.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>

namespace warden::transport {

namespace asio = boost::asio;

namespace {
asio::awaitable<void> pause(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

std::chrono::milliseconds backoff(int failures) {
  return std::chrono::milliseconds(std::min(30000, 500 * (1 << std::min(failures, 6))));
}
}  // namespace

const std::vector<std::string>& allowed_updates() {
  static const std::vector<std::string> kinds = {
      "message",        "edited_message",   "channel_post",      "edited_channel_post",
      "callback_query", "my_chat_member",   "chat_member",       "chat_join_request",
      "message_reaction"};
  return kinds;
}

Result<std::vector<telegram::RawUpdate>> split_updates(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    return make_error(std::string("invalid getUpdates response: ") + simdjson::error_message(error));
  }
  simdjson::dom::array result;
  if (root["result"].get_array().get(result) != simdjson::SUCCESS) {
    return make_error("invalid getUpdates response: 'result' is not an array");
  }
  std::vector<telegram::RawUpdate> updates;
  updates.reserve(result.size());
  for (simdjson::dom::element item : result) {
    std::int64_t id = 0;
    if (item["update_id"].get_int64().get(id) != simdjson::SUCCESS) {
      return make_error("invalid getUpdates response: an update has no update_id");
    }
    updates.push_back({id, simdjson::minify(item)});
  }
  return updates;
}

asio::awaitable<Result<std::size_t>> replay_pending(storage::UpdateLedger& ledger,
                                                    core::Dispatcher& dispatcher) {
  // Three starts that each died while handling the same update are enough to give up on it.
  auto replay = ledger.take_for_replay(3);
  if (!replay) co_return tl::unexpected(replay.error());
  for (std::int64_t id : replay->abandoned) {
    spdlog::error("event=update_abandoned update_id={} reason=\"the bot stopped while handling it three times\"", id);
  }
  std::size_t count = replay->updates.size();
  if (count > 0) spdlog::info("event=replaying_pending_updates count={}", count);
  for (auto& update : replay->updates) co_await dispatcher.submit(std::move(update));
  co_return count;
}

asio::awaitable<void> Poller::run(const std::atomic<bool>& stopping) {
  int failures = 0;
  while (!stopping) {
    boost::json::object params;
    params["drop_pending_updates"] = drop_pending_;
    auto deleted = co_await api_.call("deleteWebhook", std::move(params), telegram::CallOptions());
    if (deleted) break;
    spdlog::warn("event=delete_webhook_failed error_code={} error=\"{}\"", deleted.error().error_code,
                 deleted.error().description);
    co_await pause(backoff(failures++));
  }

  std::int64_t offset = 0;
  failures = 0;
  while (!stopping) {
    auto last = ledger_.last_update_id();
    if (last) {
      offset = *last > 0 ? *last + 1 : 0;
      break;
    }
    spdlog::error("event=ledger_read_failed error=\"{}\"", last.error().message);
    co_await pause(backoff(failures++));
  }
  spdlog::info("event=polling_started offset={} timeout_s={}", offset, timeout_seconds_);

  failures = 0;
  boost::json::array kinds;
  for (const std::string& kind : allowed_updates()) kinds.emplace_back(kind);
  while (!stopping) {
    boost::json::object params;
    if (offset != 0) params["offset"] = offset;
    params["limit"] = 100;
    params["timeout"] = timeout_seconds_;
    params["allowed_updates"] = kinds;
    auto body = co_await api_.get_updates(std::move(params),
                                          std::chrono::seconds(timeout_seconds_ + 15));
    if (!body) {
      const auto& error = body.error();
      if (error.error_code == 401 || error.error_code == 404) {
        spdlog::critical("event=poll_unauthorized error_code={} error=\"{}\" action=\"check BOT_TOKEN\"",
                         error.error_code, error.description);
      } else {
        spdlog::warn("event=poll_failed error_code={} error=\"{}\"", error.error_code, error.description);
      }
      std::chrono::milliseconds delay = backoff(failures++);
      if (error.retry_after) delay = std::chrono::seconds(*error.retry_after);
      co_await pause(delay);
      continue;
    }
    auto updates = split_updates(*body);
    if (!updates) {
      spdlog::warn("event=poll_failed error=\"{}\"", updates.error().message);
      co_await pause(backoff(failures++));
      continue;
    }
    if (updates->empty()) {
      failures = 0;
      continue;
    }
    std::int64_t next = updates->back().update_id + 1;
    auto fresh = ledger_.append(std::move(*updates));
    if (!fresh) {
      // Not confirmed to Telegram, so the same batch comes again after the pause.
      spdlog::error("event=ledger_append_failed error=\"{}\"", fresh.error().message);
      co_await pause(backoff(failures++));
      continue;
    }
    failures = 0;
    offset = next;
    for (auto& update : *fresh) co_await dispatcher_.submit(std::move(update));
  }
}

}  // namespace warden::transport

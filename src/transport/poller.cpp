#include "transport/poller.h"

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/array.hpp>
#include <charconv>
#include <optional>

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
      "message",         "edited_message", "channel_post", "edited_channel_post",
      "callback_query",  "my_chat_member", "chat_member",  "chat_join_request",
      "message_reaction"};
  return kinds;
}

namespace {

// Reads the update_id of one update's JSON text without validating the rest: the first
// "update_id" key at the update's top level.
std::optional<std::int64_t> top_level_update_id(std::string_view element) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < element.size(); ++i) {
    char c = element[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '{' || c == '[')
      ++depth;
    else if (c == '}' || c == ']')
      --depth;
    else if (c == '"') {
      if (depth == 1 && element.substr(i).starts_with("\"update_id\"")) {
        std::size_t at = element.find(':', i + 11);
        if (at == std::string_view::npos) return std::nullopt;
        ++at;
        while (at < element.size() && element[at] == ' ') ++at;
        std::int64_t id = 0;
        auto [end, error] =
            std::from_chars(element.data() + at, element.data() + element.size(), id);
        if (error != std::errc()) return std::nullopt;
        return id;
      }
      in_string = true;
    }
  }
  return std::nullopt;
}

// Splits the result array of a getUpdates body by bracket depth alone, for a body that a
// validating parser rejects because of one bad update (a lone surrogate, nesting deeper than the
// parser allows, a number beyond 64 bits). Each update keeps its raw text; decoding it later
// fails and is logged for that update only, so the rest are handled and the offset moves on.
Result<std::vector<telegram::RawUpdate>> split_updates_leniently(std::string_view body) {
  std::size_t key = body.find("\"result\"");
  std::size_t open = key == std::string_view::npos ? key : body.find('[', key);
  if (open == std::string_view::npos)
    return make_error("invalid getUpdates response: no result array");
  std::vector<telegram::RawUpdate> updates;
  int depth = 0;
  bool in_string = false;
  std::size_t start = std::string_view::npos;
  for (std::size_t i = open + 1; i < body.size(); ++i) {
    char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (depth++ == 0) start = i;
    } else if (c == '}' || c == ']') {
      if (depth == 0) break;  // the end of the result array
      if (--depth == 0 && start != std::string_view::npos) {
        std::string_view element = body.substr(start, i - start + 1);
        auto id = top_level_update_id(element);
        if (!id)
          return make_error("invalid getUpdates response: an update has no readable update_id");
        updates.push_back({*id, std::string(element)});
        start = std::string_view::npos;
      }
    }
  }
  return updates;
}

}  // namespace

Result<std::vector<telegram::RawUpdate>> split_updates(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    auto lenient = split_updates_leniently(body);
    if (!lenient) {
      return make_error(std::string("invalid getUpdates response: ") +
                        simdjson::error_message(error));
    }
    spdlog::warn(
        "event=get_updates_invalid_json error=\"{}\" updates={} action=\"split without "
        "validation\"",
        simdjson::error_message(error), lenient->size());
    return lenient;
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

Result<telegram::RawUpdate> read_webhook_update(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(body.data(), body.size()).get(root)) {
    // Kept raw when the update_id is readable, so that the update is logged as undecodable
    // under its id instead of vanishing.
    std::size_t start = body.find_first_not_of(" \t\r\n");
    std::size_t end = body.find_last_not_of(" \t\r\n");
    auto wrapped =
        start == std::string_view::npos
            ? make_error("empty")
            : split_updates_leniently("{\"result\":[" +
                                      std::string(body.substr(start, end - start + 1)) + "]}");
    if (wrapped && wrapped->size() == 1 && wrapped->front().json.size() == end - start + 1) {
      return std::move(wrapped->front());
    }
    return make_error(std::string("invalid webhook body: ") + simdjson::error_message(error));
  }
  std::int64_t id = 0;
  if (!root.is_object() || root["update_id"].get_int64().get(id) != simdjson::SUCCESS) {
    return make_error("invalid webhook body: expected one JSON object with an update_id");
  }
  return telegram::RawUpdate{id, simdjson::minify(root)};
}

asio::awaitable<Result<std::size_t>> replay_pending(storage::UpdateLedger& ledger,
                                                    core::Dispatcher& dispatcher) {
  // Three starts that each died while handling the same update are enough to give up on it.
  auto replay = ledger.take_for_replay(3);
  if (!replay) co_return tl::unexpected(replay.error());
  for (std::int64_t id : replay->abandoned) {
    spdlog::error(
        "event=update_abandoned update_id={} reason=\"the bot stopped while handling it three "
        "times\"",
        id);
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
    spdlog::warn("event=delete_webhook_failed error_code={} error=\"{}\"",
                 deleted.error().error_code, deleted.error().description);
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
    auto body =
        co_await api_.get_updates(std::move(params), std::chrono::seconds(timeout_seconds_ + 15));
    if (!body) {
      const auto& error = body.error();
      if (error.error_code == 401 || error.error_code == 404) {
        spdlog::critical(
            "event=poll_unauthorized error_code={} error=\"{}\" action=\"check BOT_TOKEN\"",
            error.error_code, error.description);
      } else {
        spdlog::warn("event=poll_failed error_code={} error=\"{}\"", error.error_code,
                     error.description);
      }
      std::chrono::milliseconds delay = backoff(failures++);
      // A retry_after of 0 or less would spin, and Telegram does not request waits over an hour.
      if (error.retry_after) delay = std::chrono::seconds(std::clamp(*error.retry_after, 1, 3600));
      co_await pause(delay);
      continue;
    }
    auto updates = split_updates(*body);
    if (updates) metrics_.intake_succeeded();
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

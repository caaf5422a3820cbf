#include "telegram/bot_api.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <random>

#include "telegram/decode.h"

namespace warden::telegram {

namespace asio = boost::asio;

namespace {

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

std::chrono::milliseconds jittered(std::chrono::milliseconds base, int attempt) {
  thread_local std::mt19937 random{std::random_device{}()};
  auto ceiling = base * (1 << std::min(attempt, 6));
  std::uniform_int_distribution<std::int64_t> pick(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds(pick(random));
}

// Runs `decode` on the `result` field of a successful response.
template <typename T, typename Decode>
ApiResult<T> decode_result(const std::string& body, Decode decode) {
  simdjson::dom::element root;
  auto& parser = thread_parser();
  if (parser.parse(body).get(root) != simdjson::SUCCESS) {
    return tl::unexpected(ApiError{0, "invalid JSON in a Bot API response"});
  }
  auto decoded = decode(root["result"]);
  if (!decoded) return tl::unexpected(ApiError{0, decoded.error().message});
  return std::move(*decoded);
}

}  // namespace

ApiError decode_error(std::string_view body, unsigned http_status) {
  ApiError error;
  error.error_code = static_cast<int>(http_status);
  simdjson::dom::element root;
  auto& parser = thread_parser();
  if (parser.parse(body.data(), body.size()).get(root) != simdjson::SUCCESS) {
    error.description = fmt::format("HTTP {} without a Bot API body", http_status);
    return error;
  }
  std::int64_t code = 0;
  if (root["error_code"].get_int64().get(code) == simdjson::SUCCESS)
    error.error_code = static_cast<int>(code);
  std::string_view description;
  if (root["description"].get_string().get(description) == simdjson::SUCCESS) {
    error.description = std::string(description);
  }
  std::int64_t value = 0;
  if (root["parameters"]["retry_after"].get_int64().get(value) == simdjson::SUCCESS) {
    error.retry_after = static_cast<int>(std::clamp<std::int64_t>(value, 0, 86400));
  }
  if (root["parameters"]["migrate_to_chat_id"].get_int64().get(value) == simdjson::SUCCESS) {
    error.migrate_to_chat_id = value;
  }
  return error;
}

BotApi::BotApi(HttpClient& http, std::string token, SendScheduler& scheduler,
               observability::Metrics& metrics, ApiSettings settings)
    : http_(http),
      token_(std::move(token)),
      scheduler_(scheduler),
      metrics_(metrics),
      settings_(settings) {}

asio::awaitable<ApiResult<std::string>> BotApi::call_once(std::string_view method,
                                                          const std::string& body,
                                                          std::chrono::milliseconds timeout) {
  auto started = std::chrono::steady_clock::now();
  auto response = co_await http_.post(fmt::format("/bot{}/{}", token_, method), body,
                                      "application/json", timeout);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!response) {
    metrics_.api_call(method, "network_error", seconds);
    co_return tl::unexpected(ApiError{0, response.error().message});
  }
  if (response->status == 200) {
    metrics_.api_call(method, "ok", seconds);
    co_return std::move(response->body);
  }
  ApiError error = decode_error(response->body, response->status);
  metrics_.api_call(method, std::to_string(error.error_code), seconds);
  co_return tl::unexpected(std::move(error));
}

asio::awaitable<ApiResult<std::string>> BotApi::call(std::string_view method,
                                                     boost::json::object params,
                                                     CallOptions options) {
  int max_attempts = std::max(1, std::min(options.max_attempts, settings_.max_attempts));
  int failures = 0;
  int rate_limits = 0;
  bool migrated = false;
  while (true) {
    co_await scheduler_.acquire(options.chat_id, options.priority, options.counts_as_message);
    std::string body = boost::json::serialize(params);
    auto result = co_await call_once(method, body, options.timeout);
    if (result) co_return result;

    ApiError& error = result.error();
    if (error.error_code == 429) {
      metrics_.rate_limited();
      int wait = std::clamp(error.retry_after.value_or(1), 1, 3600);
      spdlog::warn("event=rate_limited method={} chat_id={} retry_after={}", method,
                   options.chat_id, wait);
      scheduler_.block(options.chat_id, std::chrono::seconds(wait));
      if (++rate_limits > 5) co_return result;
      continue;
    }
    if (error.migrate_to_chat_id && !migrated && params.contains("chat_id")) {
      std::int64_t old_id = options.chat_id;
      spdlog::info("event=chat_migrated method={} chat_id={} new_chat_id={}", method, old_id,
                   *error.migrate_to_chat_id);
      if (on_migrate_) on_migrate_(old_id, *error.migrate_to_chat_id);
      params["chat_id"] = *error.migrate_to_chat_id;
      options.chat_id = *error.migrate_to_chat_id;
      migrated = true;
      continue;
    }
    if (!error.is_retryable() || ++failures >= max_attempts) co_return result;
    auto delay = jittered(settings_.base_backoff, failures - 1);
    spdlog::warn(
        "event=api_retry method={} chat_id={} error_code={} attempt={} delay_ms={} error=\"{}\"",
        method, options.chat_id, error.error_code, failures, delay.count(), error.description);
    co_await sleep_for(delay);
  }
}

asio::awaitable<ApiResult<std::string>> BotApi::get_updates(boost::json::object params,
                                                            std::chrono::milliseconds timeout) {
  {
    auto result = co_await call_once("getUpdates", boost::json::serialize(params), timeout);
    co_return result;
  }
}

asio::awaitable<ApiResult<User>> BotApi::get_me() {
  auto body = co_await call("getMe", boost::json::object(), CallOptions());
  if (!body) co_return tl::unexpected(body.error());
  co_return decode_result<User>(*body, [](auto value) { return decode_user(value); });
}

asio::awaitable<ApiResult<ChatMember>> BotApi::get_chat_member(std::int64_t chat_id,
                                                               std::int64_t user_id) {
  // GCC 12 miscompiles initializer lists inside co_await expressions, hence the locals.
  boost::json::object params;
  params["chat_id"] = chat_id;
  params["user_id"] = user_id;
  CallOptions options;
  options.chat_id = chat_id;
  auto body = co_await call("getChatMember", std::move(params), options);
  if (!body) co_return tl::unexpected(body.error());
  co_return decode_result<ChatMember>(*body, [](auto value) { return decode_chat_member(value); });
}

asio::awaitable<ApiResult<std::vector<ChatMember>>> BotApi::get_chat_administrators(
    std::int64_t chat_id) {
  boost::json::object params;
  params["chat_id"] = chat_id;
  CallOptions options;
  options.chat_id = chat_id;
  auto body = co_await call("getChatAdministrators", std::move(params), options);
  if (!body) co_return tl::unexpected(body.error());
  co_return decode_result<std::vector<ChatMember>>(
      *body, [](JsonValue value) -> Result<std::vector<ChatMember>> {
        simdjson::dom::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) {
          return make_error("getChatAdministrators returned no array");
        }
        std::vector<ChatMember> members;
        for (simdjson::dom::element item : array) {
          auto member = decode_chat_member(JsonValue{simdjson::dom::element(item)});
          if (!member) return tl::unexpected(member.error());
          members.push_back(std::move(*member));
        }
        return members;
      });
}

asio::awaitable<ApiResult<ChatFullInfo>> BotApi::get_chat(std::int64_t chat_id) {
  boost::json::object params;
  params["chat_id"] = chat_id;
  CallOptions options;
  options.chat_id = chat_id;
  auto body = co_await call("getChat", std::move(params), options);
  if (!body) co_return tl::unexpected(body.error());
  co_return decode_result<ChatFullInfo>(*body,
                                        [](auto value) { return decode_chat_full_info(value); });
}

asio::awaitable<ApiResult<Message>> BotApi::call_message(std::string_view method,
                                                         boost::json::object params,
                                                         CallOptions options) {
  auto body = co_await call(method, std::move(params), options);
  if (!body) co_return tl::unexpected(body.error());
  co_return decode_result<Message>(*body, [](auto value) { return decode_message(value); });
}

}  // namespace warden::telegram

#pragma once

// The Bot API client: every outgoing call passes through the send scheduler, is retried with
// jittered backoff on network errors and 5xx (bounded), waits out a 429 for the affected chat,
// and is re-sent to the new chat when Telegram answers with migrate_to_chat_id. The token is part
// of the request path only and never appears in a log line or an error.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <functional>
#include <string>
#include <vector>

#include "observability/metrics.h"
#include "telegram/api_error.h"
#include "telegram/http_client.h"
#include "telegram/send_scheduler.h"
#include "telegram/types.h"

namespace warden::telegram {

struct CallOptions {
  std::int64_t chat_id = 0;  // the chat the call acts on, for rate limits; 0 = none
  Priority priority = Priority::kReply;
  bool counts_as_message = false;
  int max_attempts = 4;
  std::chrono::milliseconds timeout{30000};
};

struct ApiSettings {
  int max_attempts = 4;
  std::chrono::milliseconds base_backoff{500};
  std::chrono::milliseconds timeout{30000};
};

class BotApi {
 public:
  BotApi(HttpClient& http, std::string token, SendScheduler& scheduler,
         observability::Metrics& metrics, ApiSettings settings = {});

  // Calls a method and returns the whole JSON response body on success.
  boost::asio::awaitable<ApiResult<std::string>> call(std::string_view method,
                                                      boost::json::object params,
                                                      CallOptions options);

  // Calls getUpdates once, without retries or scheduling; the poller owns the retry policy.
  boost::asio::awaitable<ApiResult<std::string>> get_updates(boost::json::object params,
                                                             std::chrono::milliseconds timeout);

  boost::asio::awaitable<ApiResult<User>> get_me();
  boost::asio::awaitable<ApiResult<ChatMember>> get_chat_member(std::int64_t chat_id,
                                                                std::int64_t user_id);
  boost::asio::awaitable<ApiResult<std::vector<ChatMember>>> get_chat_administrators(
      std::int64_t chat_id);
  boost::asio::awaitable<ApiResult<ChatFullInfo>> get_chat(std::int64_t chat_id);
  // Calls a method whose result is a Message and decodes it.
  boost::asio::awaitable<ApiResult<Message>> call_message(std::string_view method,
                                                          boost::json::object params,
                                                          CallOptions options);

  // Called when Telegram reports that a group became a supergroup (old id, new id).
  void on_migrate(std::function<void(std::int64_t, std::int64_t)> callback) {
    on_migrate_ = std::move(callback);
  }

 private:
  boost::asio::awaitable<ApiResult<std::string>> call_once(std::string_view method,
                                                           const std::string& body,
                                                           std::chrono::milliseconds timeout);

  HttpClient& http_;
  std::string token_;
  SendScheduler& scheduler_;
  observability::Metrics& metrics_;
  ApiSettings settings_;
  std::function<void(std::int64_t, std::int64_t)> on_migrate_;
};

// Extracts `result` from a successful response body; `decode` turns it into T.
ApiError decode_error(std::string_view body, unsigned http_status);

}  // namespace warden::telegram

#pragma once

// An HTTP/1.1 client with keep-alive connection reuse over plain TCP or TLS, built on
// Boost.Beast with C++20 coroutines. One client talks to one origin (scheme, host, port).
// Thread-safe: coroutines on any executor may call request() concurrently.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"

namespace warden::telegram {

struct Origin {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path_prefix;  // without a trailing slash, e.g. "" or "/telegram"
};

// Parses "http://host:port/prefix" or "https://host". Rejects credentials, queries, fragments and
// other schemes with a message naming the value.
Result<Origin> parse_origin(std::string_view url);

struct HttpResponse {
  unsigned status = 0;
  std::string body;
};

class HttpClient {
 public:
  HttpClient(boost::asio::any_io_executor executor, Origin origin, std::size_t max_idle = 32);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends a POST to path_prefix + target with the given body. The whole exchange, including
  // connecting, must finish within `timeout`. A failure without an HTTP answer is an Error.
  boost::asio::awaitable<Result<HttpResponse>> post(std::string target, std::string body,
                                                    std::string_view content_type,
                                                    std::chrono::milliseconds timeout);

  const Origin& origin() const { return origin_; }

 private:
  struct Connection;

  std::unique_ptr<Connection> take_idle();
  void give_back(std::unique_ptr<Connection> connection);
  boost::asio::awaitable<Result<std::unique_ptr<Connection>>> connect(
      std::chrono::milliseconds timeout);

  boost::asio::any_io_executor executor_;
  Origin origin_;
  std::size_t max_idle_;
  std::unique_ptr<boost::asio::ssl::context> tls_context_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace warden::telegram

#pragma once

// The bot's own HTTP server: GET /healthz, GET /metrics (Prometheus text) and, in webhook
// mode, POST /webhook. The webhook's X-Telegram-Bot-Api-Secret-Token header is compared in
// constant time before the body is read, and the body size is limited.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>

#include "common/result.h"

namespace warden::observability {

struct HttpHandlers {
  std::function<bool()> healthy;
  std::function<std::string()> metrics;
  // Receives a webhook body; returns false when it could not be stored (the response is 500 so
  // that Telegram retries). Empty when webhook mode is off.
  std::function<boost::asio::awaitable<bool>(std::string body)> webhook;
  std::string webhook_secret;
  std::size_t webhook_max_body = 1 << 20;
};

class HttpServer {
 public:
  HttpServer(boost::asio::io_context& io, HttpHandlers handlers);

  // Binds and starts accepting; returns the bound port (useful with port 0).
  Result<unsigned short> start(const std::string& host, unsigned short port);
  void stop();

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& io_;
  HttpHandlers handlers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint64_t accept_failures_ = 0;
};

bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace warden::observability

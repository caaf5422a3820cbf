#include "observability/http_server.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace warden::observability {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

HttpServer::HttpServer(asio::io_context& io, HttpHandlers handlers)
    : io_(io), handlers_(std::move(handlers)), acceptor_(io) {}

Result<unsigned short> HttpServer::start(const std::string& host, unsigned short port) {
  beast::error_code error;
  auto address = asio::ip::make_address(host, error);
  if (error) return make_error(fmt::format("invalid HTTP_HOST '{}': {}", host, error.message()));
  tcp::endpoint endpoint(address, port);
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.set_option(asio::socket_base::reuse_address(true), error);
  if (!error) acceptor_.bind(endpoint, error);
  if (!error) acceptor_.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return make_error(fmt::format("cannot listen on {}:{}: {}", host, port, error.message()));
  }
  asio::co_spawn(io_, accept_loop(), asio::detached);
  return acceptor_.local_endpoint().port();
}

void HttpServer::stop() {
  beast::error_code ignored;
  acceptor_.close(ignored);
}

asio::awaitable<void> HttpServer::accept_loop() {
  while (acceptor_.is_open()) {
    auto [error, socket] = co_await acceptor_.async_accept(kNoThrow);
    if (error) {
      if (error == asio::error::operation_aborted) co_return;
      // Running out of file descriptors fails every accept at once; pausing keeps the loop from
      // spinning and the log from flooding until connections close.
      if (++accept_failures_ % 100 == 1) {
        spdlog::warn("event=http_accept_failed error=\"{}\" failures={}", error.message(),
                     accept_failures_);
      }
      asio::steady_timer pause(io_, std::chrono::milliseconds(100));
      co_await pause.async_wait(kNoThrow);
      continue;
    }
    accept_failures_ = 0;
    asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
  }
}

asio::awaitable<void> HttpServer::serve(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  while (true) {
    stream.expires_after(std::chrono::seconds(30));
    http::request_parser<http::string_body> parser;
    parser.body_limit(handlers_.webhook_max_body);
    auto [header_error, header_bytes] =
        co_await http::async_read_header(stream, buffer, parser, kNoThrow);
    if (header_error) co_return;
    auto& request = parser.get();
    http::response<http::string_body> response;
    response.version(request.version());
    response.keep_alive(request.keep_alive());
    response.set(http::field::server, "warden");
    std::string_view target = request.target();

    if (target == "/webhook" && handlers_.webhook) {
      if (request.method() != http::verb::post) {
        response.result(http::status::method_not_allowed);
      } else if (!constant_time_equal(request["X-Telegram-Bot-Api-Secret-Token"],
                                      handlers_.webhook_secret)) {
        // Rejected before the body is read, and the connection is closed so that it never is.
        response.result(http::status::unauthorized);
        response.keep_alive(false);
      } else {
        auto [body_error, body_bytes] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        if (body_error == http::error::body_limit) {
          response.result(http::status::payload_too_large);
          response.keep_alive(false);
        } else if (body_error) {
          co_return;
        } else {
          bool stored = co_await handlers_.webhook(std::move(parser.get().body()));
          response.result(stored ? http::status::ok : http::status::internal_server_error);
        }
      }
    } else {
      // Requests without a body handler: drain what the client sent.
      if (!parser.is_done()) {
        auto [body_error, ignored] = co_await http::async_read(stream, buffer, parser, kNoThrow);
        if (body_error) co_return;
      }
      if (target == "/healthz" || target == "/health") {
        bool healthy = handlers_.healthy ? handlers_.healthy() : true;
        response.result(healthy ? http::status::ok : http::status::service_unavailable);
        response.set(http::field::content_type, "application/json");
        response.body() = healthy ? R"({"status":"healthy"})" : R"({"status":"unhealthy"})";
      } else if (target == "/metrics") {
        response.result(http::status::ok);
        response.set(http::field::content_type, "text/plain; version=0.0.4");
        response.body() = handlers_.metrics ? handlers_.metrics() : "";
      } else {
        response.result(http::status::not_found);
      }
    }
    response.prepare_payload();
    auto [write_error, written] = co_await http::async_write(stream, response, kNoThrow);
    if (write_error || !response.keep_alive()) break;
  }
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace warden::observability

#include "telegram/http_client.h"

#include <fmt/format.h>
#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace warden::telegram {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
}  // namespace

Result<Origin> parse_origin(std::string_view url) {
  Origin origin;
  std::string_view rest;
  if (url.starts_with("https://")) {
    origin.tls = true;
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return make_error(fmt::format("invalid URL '{}': it must start with http:// or https://", url));
  }
  if (rest.find_first_of("?#@") != std::string_view::npos) {
    return make_error(
        fmt::format("invalid URL '{}': credentials, queries and fragments are not allowed", url));
  }
  std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) origin.path_prefix = std::string(rest.substr(slash));
  while (!origin.path_prefix.empty() && origin.path_prefix.back() == '/')
    origin.path_prefix.pop_back();
  std::string_view port;
  if (authority.starts_with('[')) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) {
      return make_error(fmt::format("invalid URL '{}': unterminated IPv6 address", url));
    }
    origin.host = std::string(authority.substr(1, close - 1));
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else {
    std::size_t colon = authority.rfind(':');
    origin.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (authority.find(':') != std::string_view::npos && !authority.starts_with('[') &&
      port.empty()) {
    return make_error(fmt::format("invalid URL '{}': the port is empty", url));
  }
  if (port.find_first_not_of("0123456789") != std::string_view::npos) {
    return make_error(fmt::format("invalid URL '{}': the port must be a number", url));
  }
  if (!port.empty()) {
    origin.port = std::string(port);
  } else {
    origin.port = origin.tls ? "443" : "80";
  }
  if (origin.host.empty())
    return make_error(fmt::format("invalid URL '{}': the host is missing", url));
  return origin;
}

struct HttpClient::Connection {
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  beast::flat_buffer buffer;

  beast::tcp_stream& tcp() { return plain ? *plain : beast::get_lowest_layer(*tls); }
};

HttpClient::HttpClient(asio::any_io_executor executor, Origin origin, std::size_t max_idle)
    : executor_(std::move(executor)), origin_(std::move(origin)), max_idle_(max_idle) {
  if (origin_.tls) {
    tls_context_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
    tls_context_->set_default_verify_paths();
    tls_context_->set_verify_mode(asio::ssl::verify_peer);
  }
}

HttpClient::~HttpClient() = default;

std::unique_ptr<HttpClient::Connection> HttpClient::take_idle() {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  auto connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void HttpClient::give_back(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

asio::awaitable<Result<std::unique_ptr<HttpClient::Connection>>> HttpClient::connect(
    std::chrono::milliseconds timeout) {
  asio::ip::tcp::resolver resolver(executor_);
  auto [resolve_error, endpoints] =
      co_await resolver.async_resolve(origin_.host, origin_.port, kNoThrow);
  if (resolve_error) {
    co_return make_error(
        fmt::format("cannot resolve {}: {}", origin_.host, resolve_error.message()));
  }
  auto connection = std::make_unique<Connection>();
  if (origin_.tls) {
    connection->tls.emplace(executor_, *tls_context_);
    if (!SSL_set_tlsext_host_name(connection->tls->native_handle(), origin_.host.c_str())) {
      co_return make_error(fmt::format("cannot set TLS server name {}", origin_.host));
    }
    connection->tls->set_verify_callback(asio::ssl::host_name_verification(origin_.host));
  } else {
    connection->plain.emplace(executor_);
  }
  beast::tcp_stream& tcp = connection->tcp();
  tcp.expires_after(timeout);
  auto [connect_error, endpoint] = co_await tcp.async_connect(endpoints, kNoThrow);
  if (connect_error) {
    co_return make_error(fmt::format("cannot connect to {}:{}: {}", origin_.host, origin_.port,
                                     connect_error.message()));
  }
  tcp.socket().set_option(asio::ip::tcp::no_delay(true));
  if (connection->tls) {
    auto [handshake_error] =
        co_await connection->tls->async_handshake(asio::ssl::stream_base::client, kNoThrow);
    if (handshake_error) {
      co_return make_error(
          fmt::format("TLS handshake with {} failed: {}", origin_.host, handshake_error.message()));
    }
  }
  co_return connection;
}

asio::awaitable<Result<HttpResponse>> HttpClient::post(std::string target, std::string body,
                                                       std::string_view content_type,
                                                       std::chrono::milliseconds timeout) {
  http::request<http::string_body> request{http::verb::post, origin_.path_prefix + target, 11};
  request.set(http::field::host, origin_.host);
  request.set(http::field::user_agent, "warden/" WARDEN_VERSION);
  request.set(http::field::content_type, content_type);
  request.keep_alive(true);
  request.body() = std::move(body);
  request.prepare_payload();

  // A reused connection may have been closed by the server while idle. Such a failure before any
  // response byte arrived is retried once on a fresh connection.
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::unique_ptr<Connection> connection = take_idle();
    bool reused = connection != nullptr;
    if (!connection) {
      auto connected = co_await connect(timeout);
      if (!connected) co_return tl::unexpected(connected.error());
      connection = std::move(*connected);
    }
    connection->tcp().expires_after(timeout);
    http::response<http::string_body> response;
    beast::error_code error;
    std::size_t received = 0;
    if (connection->tls) {
      std::tie(error, std::ignore) =
          co_await http::async_write(*connection->tls, request, kNoThrow);
      if (!error) {
        std::tie(error, received) =
            co_await http::async_read(*connection->tls, connection->buffer, response, kNoThrow);
      }
    } else {
      std::tie(error, std::ignore) =
          co_await http::async_write(*connection->plain, request, kNoThrow);
      if (!error) {
        std::tie(error, received) =
            co_await http::async_read(*connection->plain, connection->buffer, response, kNoThrow);
      }
    }
    if (error) {
      bool stale = reused && received == 0 && error != beast::error::timeout;
      if (stale) continue;
      co_return make_error(
          fmt::format("HTTP exchange with {} failed: {}", origin_.host,
                      error == beast::error::timeout ? "timed out" : error.message()));
    }
    HttpResponse result{response.result_int(), std::move(response.body())};
    if (response.keep_alive()) {
      connection->tcp().expires_never();
      give_back(std::move(connection));
    }
    co_return result;
  }
  co_return make_error(
      fmt::format("HTTP exchange with {} failed: connection closed", origin_.host));
}

}  // namespace warden::telegram

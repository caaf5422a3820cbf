#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <tl/expected.hpp>

namespace warden::telegram {

// A failed Bot API call. Network failures (no HTTP answer) use error_code 0.
struct ApiError {
  int error_code = 0;
  std::string description;
  std::optional<int> retry_after;                  // seconds, on 429
  std::optional<std::int64_t> migrate_to_chat_id;  // the group became this supergroup

  bool is_network() const { return error_code == 0; }
  bool is_retryable() const { return error_code == 0 || error_code >= 500 || error_code == 429; }
};

template <typename T>
using ApiResult = tl::expected<T, ApiError>;

}  // namespace warden::telegram

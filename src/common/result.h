#pragma once

#include <string>
#include <tl/expected.hpp>

namespace warden {

// A failure that is not a Bot API error: storage, configuration, parsing.
struct Error {
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

inline tl::unexpected<Error> make_error(std::string message) {
  return tl::unexpected<Error>(Error{std::move(message)});
}

}  // namespace warden

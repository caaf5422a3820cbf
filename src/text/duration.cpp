#include "text/duration.h"

#include <fmt/format.h>

#include <limits>

namespace warden::text {

tl::expected<std::int64_t, DurationError> parse_duration(std::string_view text) {
  if (text.empty()) return tl::unexpected(DurationError::kEmpty);
  std::int64_t total = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t start = at;
    std::int64_t amount = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
      amount = amount * 10 + (text[at] - '0');
      if (amount > 1'000'000'000) return tl::unexpected(DurationError::kTooLong);
      ++at;
    }
    if (at == start) return tl::unexpected(DurationError::kInvalidAmount);
    if (at == text.size()) return tl::unexpected(DurationError::kMissingUnit);
    if (amount == 0) return tl::unexpected(DurationError::kInvalidAmount);
    std::int64_t unit = 0;
    switch (text[at]) {
      case 's': case 'S': unit = 1; break;
      case 'm': case 'M': unit = 60; break;
      case 'h': case 'H': unit = 3600; break;
      case 'd': case 'D': unit = 86400; break;
      case 'w': case 'W': unit = 7 * 86400; break;
      default: return tl::unexpected(DurationError::kInvalidUnit);
    }
    ++at;
    if (amount > std::numeric_limits<std::int64_t>::max() / unit - total) {
      return tl::unexpected(DurationError::kTooLong);
    }
    total += amount * unit;
  }
  return total;
}

std::string format_duration(std::int64_t seconds) {
  struct Unit {
    std::int64_t size;
    const char* singular;
    const char* plural;
  };
  static constexpr Unit kUnits[] = {{7 * 86400, "week", "weeks"}, {86400, "day", "days"},
                                    {3600, "hour", "hours"},      {60, "minute", "minutes"},
                                    {1, "second", "seconds"}};
  if (seconds <= 0) return "0 seconds";
  std::string result;
  for (const Unit& unit : kUnits) {
    std::int64_t count = seconds / unit.size;
    if (count == 0) continue;
    seconds %= unit.size;
    if (!result.empty()) result += ' ';
    result += fmt::format("{} {}", count, count == 1 ? unit.singular : unit.plural);
  }
  return result;
}

}  // namespace warden::text

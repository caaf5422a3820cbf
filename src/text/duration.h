#pragma once

// The one duration grammar every command uses: a sequence of <positive integer><unit> parts,
// units s (seconds), m (minutes), h (hours), d (days) and w (weeks), such as "90s", "1h30m" or
// "2w". Each command checks the range it allows.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

namespace warden::text {

enum class DurationError { kEmpty, kMissingUnit, kInvalidUnit, kInvalidAmount, kTooLong };

// Parses a duration; returns the total in seconds.
tl::expected<std::int64_t, DurationError> parse_duration(std::string_view text);

// Formats seconds for people: "1 hour 30 minutes", "2 weeks", "45 seconds".
std::string format_duration(std::int64_t seconds);

// Telegram applies a restriction forever when until_date is under 30 seconds or over 366 days
// away; commands that restrict for a time accept only this range.
inline constexpr std::int64_t kMinRestrictionSeconds = 30;
inline constexpr std::int64_t kMaxRestrictionSeconds = 366LL * 24 * 3600;

}  // namespace warden::text

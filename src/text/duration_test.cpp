#include "text/duration.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

TEST(ParseDuration, AcceptsUnitsAndCombinations) {
  struct Case {
    const char* text;
    std::int64_t seconds;
  };
  const Case cases[] = {{"30s", 30},    {"1m", 60},        {"1h30m", 5400},
                        {"2d", 172800}, {"1w", 604800},    {"1w2d3h4m5s", 788645},
                        {"90S", 90},    {"366d", 31622400}};
  for (const Case& c : cases) {
    auto parsed = parse_duration(c.text);
    ASSERT_TRUE(parsed) << c.text;
    EXPECT_EQ(*parsed, c.seconds) << c.text;
  }
}

TEST(ParseDuration, RejectsMalformedInput) {
  EXPECT_EQ(parse_duration("").error(), DurationError::kEmpty);
  EXPECT_EQ(parse_duration("10").error(), DurationError::kMissingUnit);
  EXPECT_EQ(parse_duration("10y").error(), DurationError::kInvalidUnit);
  EXPECT_EQ(parse_duration("h").error(), DurationError::kInvalidAmount);
  EXPECT_EQ(parse_duration("0m").error(), DurationError::kInvalidAmount);
  EXPECT_EQ(parse_duration("-5m").error(), DurationError::kInvalidAmount);
  EXPECT_EQ(parse_duration("99999999999w").error(), DurationError::kTooLong);
}

TEST(FormatDuration, NamesEachUnit) {
  EXPECT_EQ(format_duration(5400), "1 hour 30 minutes");
  EXPECT_EQ(format_duration(604800 * 2), "2 weeks");
  EXPECT_EQ(format_duration(1), "1 second");
  EXPECT_EQ(format_duration(0), "0 seconds");
}

}  // namespace
}  // namespace warden::text

#include "text/fold.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

bool matches(std::string_view message, std::string_view keyword) {
  return find_word(fold_for_matching(message), fold_for_matching(keyword)) != std::string_view::npos;
}

TEST(FoldForMatching, FoldsCaseAndWidth) {
  EXPECT_EQ(fold_for_matching("СПАМ"), fold_for_matching("спам"));
  EXPECT_EQ(fold_for_matching("ＳＰＡＭ"), "spam");
  EXPECT_EQ(fold_for_matching("STRASSE"), fold_for_matching("straße"));
  EXPECT_EQ(fold_for_matching(""), "");
  EXPECT_EQ(fold_for_matching("\xff"), "\xEF\xBF\xBD");
}

TEST(FindWord, MatchesOnWordBoundaries) {
  struct Case {
    const char* message;
    const char* keyword;
    bool found;
  };
  const Case cases[] = {
      {"это СПАМ тут", "спам", true},
      {"buy ＳＰＡＭ now", "spam", true},
      {"anti-spam!", "spam", true},
      {"spammer", "spam", false},
      {"antispam", "spam", false},
      {"Buy   Now please", "buy now", false},
      {"buy now please", "buy now", true},
      {"free 💰 here", "💰", true},
      {"💰💰", "💰", true},
      {"这是广告内容", "广告", true},
      {"spam.", "spam.", true},
      {"", "spam", false},
      {"spam", "", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(matches(c.message, c.keyword), c.found) << c.message << " / " << c.keyword;
  }
}

TEST(FindWord, ReturnsFirstBoundaryMatch) {
  EXPECT_EQ(find_word("spammer spam", "spam"), 8u);
}

}  // namespace
}  // namespace warden::text

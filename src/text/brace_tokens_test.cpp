#include "text/brace_tokens.h"

#include <gtest/gtest.h>

#include <vector>

namespace warden::text {
namespace {

TEST(BraceTokens, FindsTokenNames) {
  EXPECT_EQ(brace_token_at("{first}", 0), "first");
  EXPECT_EQ(brace_token_at("x{rules:same}", 1), "rules:same");
  EXPECT_EQ(brace_token_at("{}", 0), std::nullopt);
  EXPECT_EQ(brace_token_at("{first", 0), std::nullopt);
  EXPECT_EQ(brace_token_at("{fi rst}", 0), std::nullopt);
  EXPECT_EQ(brace_token_at("{first}", 1), std::nullopt);
}

TEST(BraceTokens, RemovesTokensAndEmptiedLines) {
  std::vector<std::string> seen;
  const std::string out = remove_brace_tokens(
      "{a}\nkeep {b} this\n  {a} \t\n<a href=\"{a}\">{c}</a>\n{a}", [&](std::string_view name) {
        seen.emplace_back(name);
        return name == "a" || name == "b";
      });
  EXPECT_EQ(out, "keep  this\n<a href=\"{a}\">{c}</a>");
  EXPECT_EQ(seen, (std::vector<std::string>{"a", "b", "a", "c", "a"}));
}

}  // namespace
}  // namespace warden::text

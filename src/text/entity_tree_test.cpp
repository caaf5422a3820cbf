#include "text/entity_tree.h"

#include <gtest/gtest.h>

namespace warden::text {
namespace {

telegram::MessageEntity entity(std::string type, std::int32_t offset, std::int32_t length) {
  return telegram::MessageEntity{.type = std::move(type), .offset = offset, .length = length};
}

TEST(EntityTree, SplitsOverlapsIntoNestedPieces) {
  const EntityTree tree =
      build_entity_tree("Hello world", std::vector{entity("bold", 0, 7), entity("italic", 6, 5)});
  ASSERT_EQ(tree.roots.size(), 2u);
  EXPECT_EQ(tree.roots[0].kind, SpanKind::kBold);
  EXPECT_EQ(tree.roots[0].end, 7u);
  ASSERT_EQ(tree.roots[0].children.size(), 1u);
  EXPECT_EQ(tree.roots[0].children[0].kind, SpanKind::kItalic);
  EXPECT_EQ(tree.roots[0].children[0].begin, 6u);
  EXPECT_EQ(tree.roots[1].kind, SpanKind::kItalic);
  EXPECT_EQ(tree.roots[1].begin, 7u);
}

TEST(EntityTree, KeepsQuotesOutermost) {
  const EntityTree tree = build_entity_tree(
      "a\nquote\ncode\nb",
      std::vector{entity("bold", 0, 14), entity("blockquote", 2, 5), entity("pre", 8, 4)});
  // bold "a", quote holding bold "quote", bold "\n" trimmed away, pre, bold "b"
  ASSERT_EQ(tree.roots.size(), 4u);
  EXPECT_EQ(tree.roots[0].kind, SpanKind::kBold);
  EXPECT_EQ(tree.roots[1].kind, SpanKind::kBlockquote);
  ASSERT_EQ(tree.roots[1].children.size(), 1u);
  EXPECT_EQ(tree.roots[1].children[0].kind, SpanKind::kBold);
  EXPECT_EQ(tree.roots[2].kind, SpanKind::kPre);
  EXPECT_TRUE(tree.roots[2].children.empty());
  EXPECT_EQ(tree.roots[3].kind, SpanKind::kBold);
  EXPECT_EQ(tree.roots[3].begin, 13u);
}

TEST(EntityTree, RecordsDetectedAndRoundsSurrogates) {
  const EntityTree tree =
      build_entity_tree("😀 @eve", std::vector{entity("mention", 3, 4), entity("bold", 1, 1)});
  ASSERT_EQ(tree.detected.size(), 1u);
  EXPECT_EQ(tree.detected[0], (std::pair<std::size_t, std::size_t>{5, 9}));
  ASSERT_EQ(tree.roots.size(), 1u);
  EXPECT_EQ(tree.roots[0].begin, 0u);
  EXPECT_EQ(tree.roots[0].end, 4u);
}

}  // namespace
}  // namespace warden::text

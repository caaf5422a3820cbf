#include "transport/poller.h"

#include <gtest/gtest.h>

namespace warden::transport {
namespace {

TEST(SplitUpdates, KeepsEachUpdateAsText) {
  auto updates = split_updates(
      R"({"ok":true,"result":[{"update_id":5,"message":{"text":"a"}},{"update_id":6}]})");
  ASSERT_TRUE(updates) << updates.error().message;
  ASSERT_EQ(updates->size(), 2u);
  EXPECT_EQ((*updates)[0].update_id, 5);
  EXPECT_EQ((*updates)[0].json, R"({"update_id":5,"message":{"text":"a"}})");
  EXPECT_EQ((*updates)[1].update_id, 6);
}

TEST(SplitUpdates, IsolatesOneInvalidUpdate) {
  std::string deep;
  for (int i = 0; i < 1100; ++i) deep += R"({"reply_to_message":)";
  deep += "{}";
  for (int i = 0; i < 1100; ++i) deep += "}";
  const std::string bodies[] = {
      R"({"ok":true,"result":[{"update_id":7,"message":{"text":"hello \udc00"}},{"update_id":8}]})",
      R"({"ok":true,"result":[{"update_id":7,"message":{"forward_date":1e400,"x":"]}"}},{"update_id":8}]})",
      R"({"ok":true,"result":[{"update_id":7,"message":)" + deep + R"(},{"update_id":8}]})",
  };
  for (const std::string& body : bodies) {
    auto updates = split_updates(body);
    ASSERT_TRUE(updates) << updates.error().message;
    ASSERT_EQ(updates->size(), 2u) << body.substr(0, 80);
    EXPECT_EQ((*updates)[0].update_id, 7);
    EXPECT_EQ((*updates)[1].update_id, 8);
  }
}

TEST(SplitUpdates, RejectsBodyWithoutResult) {
  EXPECT_FALSE(split_updates("not json at all"));
  EXPECT_FALSE(split_updates(R"({"ok":true,"result":[{"message":{}} )"));
}

TEST(ReadWebhookUpdate, AcceptsOneObjectOnly) {
  auto update = read_webhook_update(R"( {"update_id":9,"message":{"text":"x"}} )");
  ASSERT_TRUE(update) << update.error().message;
  EXPECT_EQ(update->update_id, 9);
  EXPECT_FALSE(read_webhook_update(R"({"update_id":1},{"update_id":2})"));
  EXPECT_FALSE(read_webhook_update("[]"));
  EXPECT_FALSE(read_webhook_update(R"({"no_id":true})"));
  auto lone = read_webhook_update(R"({"update_id":10,"message":{"text":"\udc00"}})");
  ASSERT_TRUE(lone);
  EXPECT_EQ(lone->update_id, 10);
}

}  // namespace
}  // namespace warden::transport

#include "app/config.h"

#include <gtest/gtest.h>

namespace warden::app {
namespace {

TEST(LoadConfig, UsesDefaults) {
  auto config = load_config({});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->database_url, "sqlite:warden.db");
  EXPECT_EQ(config->http_port, 8080);
  EXPECT_FALSE(config->use_webhook);
  EXPECT_TRUE(config->bot_token.empty());
}

TEST(LoadConfig, ReadsValues) {
  auto config = load_config({{"BOT_TOKEN", "123456789:AAEabc_def-ghi"},
                             {"DATABASE_URL", "postgres://u:p@127.0.0.1:5432/w"},
                             {"HTTP_PORT", "9000"},
                             {"USE_WEBHOOK", "yes"},
                             {"WEBHOOK_URL", "https://bot.example.org/webhook"},
                             {"WEBHOOK_SECRET", "abcdefghijklmnop_-0123"},
                             {"SEND_CHAT_PER_SECOND", "0.5"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->http_port, 9000);
  EXPECT_TRUE(config->use_webhook);
  EXPECT_DOUBLE_EQ(config->send_chat_per_second, 0.5);
}

TEST(LoadConfig, RejectsInvalidValuesNamingTheVariable) {
  struct Case {
    const char* name;
    const char* value;
  };
  const Case cases[] = {{"BOT_TOKEN", "not-a-token"}, {"HTTP_PORT", "70000"},
                        {"HTTP_PORT", "80x"},         {"DATABASE_URL", "mysql://x"},
                        {"USE_WEBHOOK", "maybe"},     {"LOG_LEVEL", "loud"},
                        {"API_SERVER", "ftp://x"},    {"WORKER_THREADS", "0"},
                        {"DATABASE_URL", "sqlite:"},  {"LOCALES_DIR", "/nonexistent/locales"},
                        {"HTTP_HOST", "999.1.1.1"}};
  for (const Case& c : cases) {
    auto config = load_config({{c.name, c.value}});
    ASSERT_FALSE(config) << c.name << "=" << c.value;
    EXPECT_NE(config.error().message.find(c.name), std::string::npos) << config.error().message;
  }
}

TEST(LoadConfig, WebhookNeedsUrlAndStrongSecret) {
  EXPECT_FALSE(load_config({{"USE_WEBHOOK", "true"}}));
  EXPECT_FALSE(load_config({{"USE_WEBHOOK", "true"},
                            {"WEBHOOK_URL", "https://x.example/webhook"},
                            {"WEBHOOK_SECRET", "short"}}));
}

TEST(LoadConfig, AcceptsLogLevelInAnyCase) {
  auto config = load_config({{"LOG_LEVEL", "WARN"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->log_level, "warn");
}

TEST(Describe, MasksSecrets) {
  auto config = load_config(
      {{"BOT_TOKEN", "123456789:AAEsecretpart"}, {"DATABASE_URL", "postgres://user:pw@host/db"}});
  ASSERT_TRUE(config);
  std::string text = describe(*config);
  EXPECT_EQ(text.find("secretpart"), std::string::npos);
  EXPECT_EQ(text.find(":pw@"), std::string::npos);
  EXPECT_NE(text.find("123456789:***"), std::string::npos);
}

}  // namespace
}  // namespace warden::app

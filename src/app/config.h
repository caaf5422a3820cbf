#pragma once

// Configuration from environment variables, optionally preloaded from a .env file. Every value
// is validated at start; an error names the variable and the accepted values.

#include <cstdint>
#include <map>
#include <string>

#include "common/result.h"

namespace warden::app {

struct Config {
  std::string bot_token;
  std::string api_server = "https://api.telegram.org";
  std::string database_url = "sqlite:warden.db";
  int database_pool = 4;
  std::string http_host = "127.0.0.1";
  int http_port = 8080;
  int worker_threads = 2;
  int max_in_flight = 4096;
  int poll_timeout_seconds = 25;
  bool use_webhook = false;
  std::string webhook_url;  // public URL Telegram posts to, ending in /webhook
  std::string webhook_secret;
  std::size_t webhook_max_body = 1 << 20;
  double send_global_per_second = 30;
  double send_chat_per_second = 1;
  int send_group_per_minute = 20;
  int admin_cache_seconds = 1800;
  std::string log_level = "info";
  std::string locales_dir;
  bool drop_pending_updates = false;
};

// Reads KEY=VALUE lines (with optional quotes and # comments) into the environment without
// overriding variables that are already set. A missing file is not an error.
Result<void> load_dotenv(const std::string& path);

// Builds the configuration from `env` (the process environment in production).
Result<Config> load_config(const std::map<std::string, std::string>& env);
std::map<std::string, std::string> process_environment();

// The configuration as text for `warden check-config`, with the token masked.
std::string describe(const Config& config);

}  // namespace warden::app

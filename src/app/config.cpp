#include "app/config.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>

extern char** environ;

namespace warden::app {
namespace {

using Env = std::map<std::string, std::string>;

const std::string* lookup(const Env& env, const std::string& name) {
  auto found = env.find(name);
  if (found == env.end() || found->second.empty()) return nullptr;
  return &found->second;
}

Result<void> read_int(const Env& env, const std::string& name, int min, int max, int& out) {
  const std::string* value = lookup(env, name);
  if (!value) return {};
  int parsed = 0;
  auto [end, error] = std::from_chars(value->data(), value->data() + value->size(), parsed);
  if (error != std::errc() || end != value->data() + value->size() || parsed < min ||
      parsed > max) {
    return make_error(
        fmt::format("invalid {}='{}': expected an integer from {} to {}", name, *value, min, max));
  }
  out = parsed;
  return {};
}

Result<void> read_double(const Env& env, const std::string& name, double min, double max,
                         double& out) {
  const std::string* value = lookup(env, name);
  if (!value) return {};
  char* end = nullptr;
  double parsed = std::strtod(value->c_str(), &end);
  if (end != value->c_str() + value->size() || parsed < min || parsed > max) {
    return make_error(
        fmt::format("invalid {}='{}': expected a number from {} to {}", name, *value, min, max));
  }
  out = parsed;
  return {};
}

Result<void> read_bool(const Env& env, const std::string& name, bool& out) {
  const std::string* value = lookup(env, name);
  if (!value) return {};
  std::string lower;
  for (char c : *value) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower == "true" || lower == "yes" || lower == "1" || lower == "on") {
    out = true;
  } else if (lower == "false" || lower == "no" || lower == "0" || lower == "off") {
    out = false;
  } else {
    return make_error(fmt::format("invalid {}='{}': expected true or false", name, *value));
  }
  return {};
}

bool valid_token(const std::string& token) {
  std::size_t colon = token.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= token.size()) return false;
  for (std::size_t i = 0; i < colon; ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
  }
  return token.find_first_of(" /\n\t") == std::string::npos;
}

}  // namespace

Result<void> load_dotenv(const std::string& path) {
  std::ifstream in(path);
  if (!in) return {};
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    if (line.compare(start, 7, "export ") == 0) start += 7;
    std::size_t equals = line.find('=', start);
    if (equals == std::string::npos) {
      return make_error(fmt::format("invalid line {} in {}: expected KEY=VALUE", number, path));
    }
    std::string key = line.substr(start, equals - start);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.pop_back();
    std::string value = line.substr(equals + 1);
    while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
    std::size_t value_start = value.find_first_not_of(" \t");
    value = value_start == std::string::npos ? std::string() : value.substr(value_start);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    } else if (std::size_t comment = value.find(" #"); comment != std::string::npos) {
      // An unquoted value ends where a comment starts.
      value.resize(comment);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    }
    setenv(key.c_str(), value.c_str(), 0);
  }
  return {};
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    std::size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    env.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return env;
}

Result<Config> load_config(const Env& env) {
  Config config;
  if (const std::string* token = lookup(env, "BOT_TOKEN")) {
    if (!valid_token(*token)) {
      return make_error(
          "invalid BOT_TOKEN: expected the form 123456789:AAE... that @BotFather gives");
    }
    config.bot_token = *token;
  }
  if (const std::string* value = lookup(env, "API_SERVER")) config.api_server = *value;
  if (!config.api_server.starts_with("http://") && !config.api_server.starts_with("https://")) {
    return make_error(fmt::format("invalid API_SERVER='{}': expected an http:// or https:// URL",
                                  config.api_server));
  }
  if (const std::string* value = lookup(env, "DATABASE_URL")) config.database_url = *value;
  if (!config.database_url.starts_with("sqlite:") &&
      !config.database_url.starts_with("postgres://") &&
      !config.database_url.starts_with("postgresql://")) {
    return make_error(
        "invalid DATABASE_URL: expected sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DB");
  }
  if (config.database_url == "sqlite:" || config.database_url == "sqlite://") {
    return make_error(
        "invalid DATABASE_URL='sqlite:': the file path is missing, e.g. sqlite:warden.db");
  }
  if (const std::string* value = lookup(env, "HTTP_HOST")) config.http_host = *value;
  if (const std::string* value = lookup(env, "WEBHOOK_URL")) config.webhook_url = *value;
  if (const std::string* value = lookup(env, "WEBHOOK_SECRET")) config.webhook_secret = *value;
  if (const std::string* value = lookup(env, "LOG_LEVEL")) {
    config.log_level.clear();
    for (char c : *value)
      config.log_level += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (const std::string* value = lookup(env, "LOCALES_DIR")) {
    config.locales_dir = *value;
    std::error_code error;
    if (!std::filesystem::is_directory(config.locales_dir, error)) {
      return make_error(
          fmt::format("invalid LOCALES_DIR='{}': not a directory", config.locales_dir));
    }
  }
  {
    boost::system::error_code error;
    boost::asio::ip::make_address(config.http_host, error);
    if (error) {
      return make_error(
          fmt::format("invalid HTTP_HOST='{}': expected an IP address such as 127.0.0.1 or 0.0.0.0",
                      config.http_host));
    }
  }

  Result<void> checks[] = {
      read_int(env, "DATABASE_POOL", 1, 64, config.database_pool),
      read_int(env, "HTTP_PORT", 0, 65535, config.http_port),
      read_int(env, "WORKER_THREADS", 1, 64, config.worker_threads),
      read_int(env, "MAX_IN_FLIGHT", 1, 1'000'000, config.max_in_flight),
      read_int(env, "POLL_TIMEOUT", 1, 50, config.poll_timeout_seconds),
      read_int(env, "SEND_GROUP_PER_MINUTE", 0, 100000, config.send_group_per_minute),
      read_int(env, "ADMIN_CACHE_SECONDS", 0, 86400, config.admin_cache_seconds),
      read_double(env, "SEND_GLOBAL_PER_SECOND", 0, 100000, config.send_global_per_second),
      read_double(env, "SEND_CHAT_PER_SECOND", 0, 100000, config.send_chat_per_second),
      read_bool(env, "USE_WEBHOOK", config.use_webhook),
      read_bool(env, "DROP_PENDING_UPDATES", config.drop_pending_updates),
  };
  for (auto& check : checks) {
    if (!check) return tl::unexpected(check.error());
  }
  static const char* kLevels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (std::find(std::begin(kLevels), std::end(kLevels), config.log_level) == std::end(kLevels)) {
    return make_error(fmt::format(
        "invalid LOG_LEVEL='{}': expected trace, debug, info, warn, error, critical or off",
        config.log_level));
  }
  if (config.use_webhook) {
    if (!config.webhook_url.starts_with("https://") && !config.webhook_url.starts_with("http://")) {
      return make_error(
          "WEBHOOK_URL is required when USE_WEBHOOK=true: the public https:// URL of /webhook");
    }
    if (config.webhook_secret.size() < 16 || config.webhook_secret.size() > 256 ||
        config.webhook_secret.find_first_not_of(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
            std::string::npos) {
      return make_error(
          "invalid WEBHOOK_SECRET: expected 16 to 256 characters of A-Z, a-z, 0-9, _ and -");
    }
  }
  return config;
}

std::string describe(const Config& config) {
  std::string token = config.bot_token.empty()
                          ? "(not set)"
                          : config.bot_token.substr(0, config.bot_token.find(':')) + ":***";
  std::string database = config.database_url;
  if (auto at = database.find('@'); at != std::string::npos && database.starts_with("postgres")) {
    auto scheme_end = database.find("://") + 3;
    database = database.substr(0, scheme_end) + "***" + database.substr(at);
  }
  std::string text = fmt::format(
      "BOT_TOKEN={}\nAPI_SERVER={}\nDATABASE_URL={}\nDATABASE_POOL={}\nHTTP_HOST={}\nHTTP_PORT={}\n"
      "WORKER_THREADS={}\nMAX_IN_FLIGHT={}\nPOLL_TIMEOUT={}\nDROP_PENDING_UPDATES={}\n",
      token, config.api_server, database, config.database_pool, config.http_host, config.http_port,
      config.worker_threads, config.max_in_flight, config.poll_timeout_seconds,
      config.drop_pending_updates);
  text += fmt::format(
      "USE_WEBHOOK={}\nWEBHOOK_URL={}\nWEBHOOK_SECRET={}\nSEND_GLOBAL_PER_SECOND={}\n"
      "SEND_CHAT_PER_SECOND={}\nSEND_GROUP_PER_MINUTE={}\nADMIN_CACHE_SECONDS={}\nLOG_LEVEL={}\n"
      "LOCALES_DIR={}\n",
      config.use_webhook, config.webhook_url, config.webhook_secret.empty() ? "(not set)" : "***",
      config.send_global_per_second, config.send_chat_per_second, config.send_group_per_minute,
      config.admin_cache_seconds, config.log_level,
      config.locales_dir.empty() ? "(built in)" : config.locales_dir);
  return text;
}

}  // namespace warden::app

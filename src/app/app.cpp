#include "app/app.h"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/array.hpp>
#include <thread>

#include "core/dispatcher.h"
#include "modules/modules.h"
#include "observability/http_server.h"
#include "storage/update_ledger.h"
#include "transport/poller.h"

namespace warden::app {

namespace asio = boost::asio;

namespace {

// Marks handled updates in the ledger and flushes the user directory on a thread of its own,
// so handlers do not wait for these writes (except the immediate marks of on_acted).
class BackgroundWriter {
 public:
  BackgroundWriter(storage::UpdateLedger& ledger, storage::Directory& directory,
                   core::Dispatcher*& dispatcher, observability::Metrics& metrics)
      : ledger_(ledger), directory_(directory), dispatcher_(dispatcher), metrics_(metrics) {}

  void record(std::int64_t update_id) {
    std::lock_guard lock(mutex_);
    handled_.push_back(update_id);
  }

  void start() {
    thread_ = std::thread([this] { loop(); });
  }

  void stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
    flush_handled();
    if (auto flushed = directory_.flush(); !flushed) {
      spdlog::error("event=directory_flush_failed error=\"{}\"", flushed.error().message);
    }
  }

 private:
  void flush_handled() {
    std::int64_t watermark = dispatcher_ ? dispatcher_->watermark() : 0;
    std::vector<std::int64_t> ids;
    {
      std::lock_guard lock(mutex_);
      ids.swap(handled_);
    }
    if (auto marked = ledger_.mark_handled(ids); !marked) {
      spdlog::error("event=ledger_mark_failed count={} error=\"{}\"", ids.size(),
                    marked.error().message);
      std::lock_guard lock(mutex_);
      handled_.insert(handled_.end(), ids.begin(), ids.end());
      return;
    }
    metrics_.set_update_watermark(watermark);
  }

  void loop() {
    auto last_directory = std::chrono::steady_clock::now();
    auto last_prune = last_directory;
    while (!stopping_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      flush_handled();
      auto now = std::chrono::steady_clock::now();
      if (now - last_directory > std::chrono::seconds(1)) {
        last_directory = now;
        if (auto flushed = directory_.flush(); !flushed) {
          spdlog::error("event=directory_flush_failed error=\"{}\"", flushed.error().message);
        }
      }
      if (now - last_prune > std::chrono::minutes(10)) {
        last_prune = now;
        if (auto pruned = ledger_.prune(core::unix_now() - 3600); !pruned) {
          spdlog::error("event=ledger_prune_failed error=\"{}\"", pruned.error().message);
        }
      }
    }
  }

  storage::UpdateLedger& ledger_;
  storage::Directory& directory_;
  core::Dispatcher*& dispatcher_;
  observability::Metrics& metrics_;
  std::mutex mutex_;
  std::vector<std::int64_t> handled_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

template <typename T>
T run_sync(asio::io_context& io, asio::awaitable<T> task) {
  auto future = asio::co_spawn(io, std::move(task), asio::use_future);
  while (future.wait_for(std::chrono::milliseconds(0)) != std::future_status::ready) io.run_one();
  return future.get();
}

void configure_logging(const Config& config) {
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
}

boost::json::object bot_commands(const core::Registry& registry,
                                 const core::Translator& translator) {
  boost::json::array commands;
  for (const char* name : {"start", "help"}) {
    auto found = registry.find_command(name);
    if (!found) continue;
    boost::json::object entry;
    entry["command"] = name;
    entry["description"] = translator.text("en", found->command->help_key);
    commands.push_back(std::move(entry));
  }
  boost::json::object params;
  params["commands"] = std::move(commands);
  boost::json::object scope;
  scope["type"] = "all_private_chats";
  params["scope"] = std::move(scope);
  return params;
}

}  // namespace

int run_migrations(const Config& config) {
  configure_logging(config);
  auto database = storage::Database::open(config.database_url, 1);
  if (!database) {
    spdlog::critical("event=database_open_failed error=\"{}\"", database.error().message);
    return 1;
  }
  auto applied = (*database)->migrate();
  if (!applied) {
    spdlog::critical("event=migration_failed error=\"{}\"", applied.error().message);
    return 1;
  }
  spdlog::info("event=migrations_done backend={} applied={}", (*database)->backend_name(),
               *applied);
  return 0;
}

int run_bot(const Config& config) {
  configure_logging(config);
  auto database = storage::Database::open(config.database_url, config.database_pool);
  if (!database) {
    spdlog::critical("event=database_open_failed error=\"{}\"", database.error().message);
    return 1;
  }
  if (auto applied = (*database)->migrate(); !applied) {
    spdlog::critical("event=migration_failed error=\"{}\"", applied.error().message);
    return 1;
  }
  auto translator = core::Translator::load(config.locales_dir);
  if (!translator) {
    spdlog::critical("event=locale_load_failed error=\"{}\"", translator.error().message);
    return 1;
  }
  auto origin = telegram::parse_origin(config.api_server);
  if (!origin) {
    spdlog::critical("event=config_invalid error=\"API_SERVER: {}\"", origin.error().message);
    return 1;
  }

  asio::io_context io(config.worker_threads);
  observability::Metrics metrics;
  telegram::HttpClient http(io.get_executor(), *origin, 64);
  telegram::SendScheduler scheduler({config.send_global_per_second, config.send_chat_per_second,
                                     config.send_group_per_minute, 30});
  telegram::BotApi api(http, config.bot_token, scheduler, metrics);

  telegram::User me;
  for (int attempt = 0;; ++attempt) {
    auto result = run_sync(io, api.get_me());
    if (result) {
      me = *result;
      break;
    }
    if (result.error().error_code == 401 || result.error().error_code == 404 || attempt >= 5) {
      spdlog::critical(
          "event=get_me_failed error_code={} error=\"{}\" action=\"check BOT_TOKEN and "
          "API_SERVER\"",
          result.error().error_code, result.error().description);
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1 << attempt));
  }
  spdlog::info("event=started version={} bot_id={} username={} backend={} mode={}", WARDEN_VERSION,
               me.id, me.username.value_or(""), (*database)->backend_name(),
               config.use_webhook ? "webhook" : "polling");

  core::Registry registry;
  modules::register_all(registry);
  storage::ChatStore chats(**database);
  storage::ContentStore content(**database);
  storage::Directory directory(**database);
  core::AdminCache admins(api, std::chrono::seconds(config.admin_cache_seconds));
  core::Services services{api, **database, chats, content, directory, admins, *translator, registry, me};
  storage::UpdateLedger ledger(**database);

  core::Dispatcher* dispatcher_ptr = nullptr;
  BackgroundWriter writer(ledger, directory, dispatcher_ptr, metrics);
  core::Dispatcher dispatcher(
      io, services, metrics, config.max_in_flight,
      [&writer](std::int64_t id) { writer.record(id); },
      [&writer, &ledger](std::int64_t id) {
        const std::int64_t ids[] = {id};
        if (!ledger.mark_handled(ids)) writer.record(id);
      });
  dispatcher_ptr = &dispatcher;
  api.on_migrate([&](std::int64_t old_id, std::int64_t new_id) {
    if (auto moved = chats.migrate_chat(old_id, new_id); !moved) {
      spdlog::error("event=chat_migration_failed chat_id={} error=\"{}\"", old_id,
                    moved.error().message);
    }
    content.forget(old_id);
    content.forget(new_id);
    admins.move(old_id, new_id);
  });
  writer.start();

  observability::HttpHandlers handlers;
  // Unhealthy when the database does not respond, or when polling has not succeeded for much
  // longer than one long poll (Telegram unreachable, token revoked, intake stuck).
  const auto intake_deadline = std::chrono::seconds(2 * config.poll_timeout_seconds + 60);
  handlers.healthy = [&, intake_deadline] {
    if (!config.use_webhook && metrics.since_intake() > intake_deadline) return false;
    return (*database)->healthy();
  };
  handlers.metrics = [&] { return metrics.render(); };
  if (config.use_webhook) {
    handlers.webhook_secret = config.webhook_secret;
    handlers.webhook_max_body = config.webhook_max_body;
    handlers.webhook = [&](std::string body) -> asio::awaitable<bool> {
      auto update = transport::read_webhook_update(body);
      if (!update) {
        spdlog::warn("event=webhook_invalid_body error=\"{}\" bytes={}", update.error().message,
                     body.size());
        co_return true;  // a body that can never be decoded must not be retried forever
      }
      std::vector<telegram::RawUpdate> updates;
      updates.push_back(std::move(*update));
      auto fresh = ledger.append(std::move(updates));
      if (!fresh) {
        spdlog::error("event=ledger_append_failed error=\"{}\"", fresh.error().message);
        co_return false;
      }
      for (auto& update : *fresh) {
        asio::co_spawn(io, dispatcher.submit(std::move(update)), asio::detached);
      }
      co_return true;
    };
  }
  observability::HttpServer server(io, handlers);
  auto port = server.start(config.http_host, static_cast<unsigned short>(config.http_port));
  if (!port) {
    spdlog::critical("event=http_listen_failed error=\"{}\"", port.error().message);
    writer.stop();
    return 1;
  }
  spdlog::info("event=http_listening host={} port={}", config.http_host, *port);

  std::atomic<bool> stopping{false};
  asio::co_spawn(
      io, api.call("setMyCommands", bot_commands(registry, *translator), telegram::CallOptions()),
      asio::detached);
  transport::Poller poller(api, ledger, dispatcher, metrics, config.poll_timeout_seconds,
                           config.drop_pending_updates);
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto replayed = co_await transport::replay_pending(ledger, dispatcher);
        if (!replayed) spdlog::error("event=replay_failed error=\"{}\"", replayed.error().message);
        if (config.use_webhook) {
          boost::json::object params;
          params["url"] = config.webhook_url;
          params["secret_token"] = config.webhook_secret;
          boost::json::array kinds;
          for (const auto& kind : transport::allowed_updates()) kinds.emplace_back(kind);
          params["allowed_updates"] = std::move(kinds);
          params["drop_pending_updates"] = config.drop_pending_updates;
          auto set = co_await api.call("setWebhook", std::move(params), telegram::CallOptions());
          if (!set) {
            spdlog::critical("event=set_webhook_failed error_code={} error=\"{}\"",
                             set.error().error_code, set.error().description);
          }
          co_return;
        }
        co_await poller.run(stopping);
      },
      asio::detached);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("event=stopping signal={} in_flight={}", signal, dispatcher.in_flight());
    stopping = true;
    server.stop();
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          co_await dispatcher.drain();
          io.stop();
        },
        asio::detached);
  });

  std::vector<std::thread> threads;
  for (int i = 1; i < config.worker_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  writer.stop();
  spdlog::info("event=stopped");
  return 0;
}

}  // namespace warden::app

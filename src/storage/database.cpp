#include "storage/database.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>

#include "common/embedded_file.h"

namespace warden::storage::embedded {
std::span<const warden::EmbeddedFile> files();
}

namespace warden::storage {

bool Row::is_null(std::size_t column) const {
  return column >= values.size() || std::holds_alternative<std::monostate>(values[column]);
}

std::int64_t Row::int64(std::size_t column) const {
  if (column >= values.size()) return 0;
  const SqlValue& value = values[column];
  if (auto* number = std::get_if<std::int64_t>(&value)) return *number;
  if (auto* real = std::get_if<double>(&value)) return static_cast<std::int64_t>(*real);
  if (auto* text = std::get_if<std::string>(&value)) {
    if (*text == "t" || *text == "true") return 1;
    if (*text == "f" || *text == "false") return 0;
    std::int64_t parsed = 0;
    std::from_chars(text->data(), text->data() + text->size(), parsed);
    return parsed;
  }
  return 0;
}

bool Row::boolean(std::size_t column) const { return int64(column) != 0; }

std::string Row::text(std::size_t column) const {
  if (column >= values.size()) return {};
  const SqlValue& value = values[column];
  if (auto* text = std::get_if<std::string>(&value)) return *text;
  if (auto* number = std::get_if<std::int64_t>(&value)) return std::to_string(*number);
  if (auto* real = std::get_if<double>(&value)) return fmt::format("{}", *real);
  return {};
}

std::optional<std::string> Row::optional_text(std::size_t column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

// A connection borrowed from the pool and returned when the lease ends.
class Database::Lease {
 public:
  Lease(Database* owner, std::unique_ptr<Connection> connection)
      : owner_(owner), connection_(std::move(connection)) {}
  Lease(Lease&& other) noexcept = default;
  ~Lease() {
    if (connection_) owner_->release(std::move(connection_));
  }
  Connection& operator*() { return *connection_; }
  Connection* operator->() { return connection_.get(); }
  // A connection that failed at the protocol level is dropped instead of being reused.
  void discard() { connection_.reset(); }

 private:
  Database* owner_;
  std::unique_ptr<Connection> connection_;
};

Database::Database(Backend backend, Factory factory, int pool_size)
    : backend_(backend), factory_(std::move(factory)), pool_size_(std::max(1, pool_size)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(std::string_view url, int pool_size) {
  std::unique_ptr<Database> database;
  if (url.starts_with("sqlite:")) {
    std::string path(url.substr(7));
    if (path.starts_with("//")) path = path.substr(2);
    if (path.empty()) return make_error("invalid DATABASE_URL 'sqlite:': the file path is missing");
    // An in-memory database exists once per connection, so it gets exactly one.
    if (path == ":memory:") pool_size = 1;
    database.reset(new Database(
        Backend::kSqlite, [path] { return open_sqlite(path); }, pool_size));
  } else if (url.starts_with("postgres://") || url.starts_with("postgresql://")) {
    std::string dsn(url);
    database.reset(new Database(
        Backend::kPostgres, [dsn] { return open_postgres(dsn); }, pool_size));
  } else {
    return make_error(
        fmt::format("invalid DATABASE_URL '{}': use sqlite:PATH or postgres://USER@HOST/DB",
                    url.substr(0, std::min<std::size_t>(url.size(), 16))));
  }
  // Open one connection now so that a bad URL fails at start instead of at the first update.
  auto first = database->lease();
  if (!first) return tl::unexpected(first.error());
  return database;
}

Result<Database::Lease> Database::lease() {
  std::unique_lock lock(mutex_);
  while (idle_.empty() && open_ >= pool_size_) available_.wait(lock);
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(connection));
  }
  ++open_;
  lock.unlock();
  auto connection = factory_();
  if (!connection) {
    lock.lock();
    --open_;
    available_.notify_one();
    return tl::unexpected(connection.error());
  }
  return Lease(this, std::move(*connection));
}

void Database::release(std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  if (connection) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;
  }
  available_.notify_one();
}

Result<Rows> Database::query(std::string_view sql, const Params& params) {
  auto connection = lease();
  if (!connection) return tl::unexpected(connection.error());
  auto rows = (*connection)->query(sql, params);
  if (!rows && !(*connection)->healthy()) connection->discard();
  return rows;
}

Result<std::int64_t> Database::execute(std::string_view sql, const Params& params) {
  auto connection = lease();
  if (!connection) return tl::unexpected(connection.error());
  auto changed = (*connection)->execute(sql, params);
  if (!changed && !(*connection)->healthy()) connection->discard();
  return changed;
}

Result<void> Database::transaction(const std::function<Result<void>(Connection&)>& body) {
  auto connection = lease();
  if (!connection) return tl::unexpected(connection.error());
  Connection& session = **connection;
  const char* begin = backend_ == Backend::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  if (auto started = session.execute_script(begin); !started) {
    if (!session.healthy()) connection->discard();
    return started;
  }
  auto result = body(session);
  if (result) result = session.execute_script("COMMIT");
  if (!result) {
    auto rolled_back = session.execute_script("ROLLBACK");
    if (!rolled_back || !session.healthy()) connection->discard();
  }
  return result;
}

bool Database::healthy() {
  auto connection = lease();
  if (!connection) return false;
  bool ok = (*connection)->healthy() && (*connection)->query("SELECT 1", {}).has_value();
  if (!ok) connection->discard();
  return ok;
}

Result<int> Database::migrate() {
  auto connection = lease();
  if (!connection) return tl::unexpected(connection.error());
  Connection& session = **connection;
  // Several instances may start together against one PostgreSQL; the advisory lock lets one
  // of them migrate while the others wait.
  if (backend_ == Backend::kPostgres) {
    if (auto locked = session.query("SELECT pg_advisory_lock(74520001)", {}); !locked) {
      return tl::unexpected(locked.error());
    }
  }
  auto unlock = [&] {
    if (backend_ == Backend::kPostgres)
      (void)session.query("SELECT pg_advisory_unlock(74520001)", {});
  };
  auto created = session.execute_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
      "NULL, applied_at BIGINT NOT NULL)");
  if (!created) {
    unlock();
    return tl::unexpected(created.error());
  }
  int applied = 0;
  for (const EmbeddedFile& file : embedded::files()) {
    std::int64_t version = 0;
    std::from_chars(file.name.data(), file.name.data() + file.name.size(), version);
    auto existing =
        session.query("SELECT version FROM schema_migrations WHERE version = $1", {version});
    if (!existing) {
      unlock();
      return tl::unexpected(existing.error());
    }
    if (!existing->empty()) continue;

    std::string script(file.content);
    const char* auto_id = backend_ == Backend::kSqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT"
                                                       : "BIGSERIAL PRIMARY KEY";
    for (std::size_t at; (at = script.find("AUTO_ID_PRIMARY_KEY")) != std::string::npos;) {
      script.replace(at, 19, auto_id);
    }
    auto result = session.execute_script("BEGIN");
    if (result) result = session.execute_script(script);
    if (result) {
      auto recorded = session.execute(
          "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
          {version, std::string(file.name),
           static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count())});
      if (!recorded) result = tl::unexpected(recorded.error());
    }
    if (result) result = session.execute_script("COMMIT");
    if (!result) {
      (void)session.execute_script("ROLLBACK");
      unlock();
      return make_error(fmt::format("migration {} failed: {}", file.name, result.error().message));
    }
    spdlog::info("event=migration_applied backend={} migration={}", backend_name(), file.name);
    ++applied;
  }
  unlock();
  return applied;
}

}  // namespace warden::storage

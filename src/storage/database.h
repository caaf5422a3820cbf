#pragma once

// One SQL interface over SQLite and PostgreSQL. Statements use PostgreSQL-style positional
// parameters ($1, $2, ...) and the SQL subset both backends accept (UPSERT with ON CONFLICT,
// RETURNING). Connections are pooled; every call takes a connection for its duration, so the
// Database is safe to use from several threads. Calls block the calling thread.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace warden::storage {

using SqlValue = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Row {
  std::vector<SqlValue> values;

  bool is_null(std::size_t column) const;
  std::int64_t int64(std::size_t column) const;
  bool boolean(std::size_t column) const;
  std::string text(std::size_t column) const;
  std::optional<std::string> optional_text(std::size_t column) const;
};

using Rows = std::vector<Row>;
using Params = std::vector<SqlValue>;

enum class Backend { kSqlite, kPostgres };

// One open connection. Not thread-safe; the Database hands each to one caller at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Result<Rows> query(std::string_view sql, const Params& params) = 0;
  // Returns the number of rows changed.
  virtual Result<std::int64_t> execute(std::string_view sql, const Params& params) = 0;
  // Runs several statements without parameters (migrations).
  virtual Result<void> execute_script(std::string_view sql) = 0;
  virtual bool healthy() = 0;
};

class Database {
 public:
  // Opens `url`: "sqlite:PATH" (or "sqlite::memory:") or "postgres://..." / "postgresql://...".
  static Result<std::unique_ptr<Database>> open(std::string_view url, int pool_size);
  ~Database();

  Backend backend() const { return backend_; }
  const char* backend_name() const { return backend_ == Backend::kSqlite ? "sqlite" : "postgres"; }

  Result<Rows> query(std::string_view sql, const Params& params = {});
  Result<std::int64_t> execute(std::string_view sql, const Params& params = {});
  // Runs `body` inside BEGIN/COMMIT on one connection; an error from body or COMMIT rolls back.
  Result<void> transaction(const std::function<Result<void>(Connection&)>& body);
  // Pings one connection.
  bool healthy();
  // Applies the embedded migrations that are not applied yet; returns how many ran.
  Result<int> migrate();

 private:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;
  Database(Backend backend, Factory factory, int pool_size);

  class Lease;
  Result<Lease> lease();
  void release(std::unique_ptr<Connection> connection);

  Backend backend_;
  Factory factory_;
  int pool_size_;
  int open_ = 0;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path);
Result<std::unique_ptr<Connection>> open_postgres(const std::string& url);

}  // namespace warden::storage

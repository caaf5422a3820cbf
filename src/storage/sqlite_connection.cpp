// SQLite backend with the WAL journal and NORMAL synchronisation: a committed transaction
// survives a process crash, while an operating-system crash may lose the last ones. A busy
// timeout makes concurrent writers wait instead of failing, and each connection caches its
// prepared statements.

#include <fmt/format.h>
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "storage/database.h"

namespace warden::storage {
namespace {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(sqlite3* handle) : handle_(handle) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(handle_);
  }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    Rows rows;
    auto status = run(sql, params, &rows);
    if (!status) return tl::unexpected(status.error());
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, const Params& params) override {
    auto status = run(sql, params, nullptr);
    if (!status) return tl::unexpected(status.error());
    return static_cast<std::int64_t>(sqlite3_changes64(handle_));
  }

  Result<void> execute_script(std::string_view sql) override {
    char* message = nullptr;
    std::string text(sql);
    if (sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
      std::string error = message ? message : sqlite3_errmsg(handle_);
      sqlite3_free(message);
      return make_error(fmt::format("SQLite error: {}", error));
    }
    return {};
  }

  bool healthy() override { return true; }

 private:
  Result<sqlite3_stmt*> prepare(std::string_view sql) {
    std::string key(sql);
    auto found = statements_.find(key);
    if (found != statements_.end()) return found->second;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(handle_, key.c_str(), static_cast<int>(key.size()),
                           SQLITE_PREPARE_PERSISTENT, &statement, nullptr) != SQLITE_OK) {
      return make_error(
          fmt::format("SQLite cannot prepare statement: {}", sqlite3_errmsg(handle_)));
    }
    statements_.emplace(std::move(key), statement);
    return statement;
  }

  Result<void> run(std::string_view sql, const Params& params, Rows* rows) {
    auto prepared = prepare(sql);
    if (!prepared) return tl::unexpected(prepared.error());
    sqlite3_stmt* statement = *prepared;
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    for (std::size_t i = 0; i < params.size(); ++i) {
      // "$N" parameters are named in SQLite; look up the index that name received.
      std::string name = fmt::format("${}", i + 1);
      int index = sqlite3_bind_parameter_index(statement, name.c_str());
      if (index == 0) continue;
      const SqlValue& value = params[i];
      int status = SQLITE_OK;
      if (std::holds_alternative<std::monostate>(value)) {
        status = sqlite3_bind_null(statement, index);
      } else if (auto* number = std::get_if<std::int64_t>(&value)) {
        status = sqlite3_bind_int64(statement, index, *number);
      } else if (auto* real = std::get_if<double>(&value)) {
        status = sqlite3_bind_double(statement, index, *real);
      } else {
        const std::string& text = std::get<std::string>(value);
        status = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                     SQLITE_UTF8);
      }
      if (status != SQLITE_OK) {
        return make_error(
            fmt::format("SQLite cannot bind parameter ${}: {}", i + 1, sqlite3_errmsg(handle_)));
      }
    }
    while (true) {
      int status = sqlite3_step(statement);
      if (status == SQLITE_DONE) break;
      if (status != SQLITE_ROW) {
        std::string error = sqlite3_errmsg(handle_);
        sqlite3_reset(statement);
        return make_error(fmt::format("SQLite error: {}", error));
      }
      if (!rows) continue;
      Row row;
      int columns = sqlite3_column_count(statement);
      row.values.reserve(columns);
      for (int column = 0; column < columns; ++column) {
        switch (sqlite3_column_type(statement, column)) {
          case SQLITE_INTEGER:
            row.values.emplace_back(
                static_cast<std::int64_t>(sqlite3_column_int64(statement, column)));
            break;
          case SQLITE_FLOAT:
            row.values.emplace_back(sqlite3_column_double(statement, column));
            break;
          case SQLITE_NULL:
            row.values.emplace_back(std::monostate{});
            break;
          default: {
            const auto* text =
                reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            row.values.emplace_back(std::string(
                text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column))));
          }
        }
      }
      rows->push_back(std::move(row));
    }
    sqlite3_reset(statement);
    return {};
  }

  sqlite3* handle_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace

Result<std::unique_ptr<Connection>> open_sqlite(const std::string& path) {
  sqlite3* handle = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
    std::string error = handle ? sqlite3_errmsg(handle) : "out of memory";
    sqlite3_close_v2(handle);
    return make_error(fmt::format("cannot open SQLite database '{}': {}", path, error));
  }
  auto connection = std::make_unique<SqliteConnection>(handle);
  sqlite3_busy_timeout(handle, 10000);
  auto configured = connection->execute_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!configured) {
    return make_error(
        fmt::format("cannot configure SQLite database '{}': {}", path, configured.error().message));
  }
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace warden::storage

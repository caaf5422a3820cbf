// PostgreSQL backend over libpq. Parameters are sent as text; results come back as text and
// are converted by the Row accessors.

#include <fmt/format.h>
#include <libpq-fe.h>

#include "storage/database.h"

namespace warden::storage {
namespace {

std::string first_line(const char* message) {
  std::string text = message ? message : "unknown error";
  if (auto newline = text.find('\n'); newline != std::string::npos) text.resize(newline);
  return text;
}

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* handle) : handle_(handle) {}
  ~PostgresConnection() override { PQfinish(handle_); }

  Result<Rows> query(std::string_view sql, const Params& params) override {
    PGresult* result = run(sql, params);
    auto status = check(result);
    if (!status) return tl::unexpected(status.error());
    Rows rows;
    int count = PQntuples(result);
    int columns = PQnfields(result);
    rows.reserve(count);
    for (int i = 0; i < count; ++i) {
      Row row;
      row.values.reserve(columns);
      for (int column = 0; column < columns; ++column) {
        if (PQgetisnull(result, i, column)) {
          row.values.emplace_back(std::monostate{});
        } else {
          row.values.emplace_back(
              std::string(PQgetvalue(result, i, column),
                          static_cast<std::size_t>(PQgetlength(result, i, column))));
        }
      }
      rows.push_back(std::move(row));
    }
    PQclear(result);
    return rows;
  }

  Result<std::int64_t> execute(std::string_view sql, const Params& params) override {
    PGresult* result = run(sql, params);
    auto status = check(result);
    if (!status) return tl::unexpected(status.error());
    const char* changed = PQcmdTuples(result);
    std::int64_t count = changed && *changed ? std::stoll(changed) : 0;
    PQclear(result);
    return count;
  }

  Result<void> execute_script(std::string_view sql) override {
    std::string text(sql);
    PGresult* result = PQexec(handle_, text.c_str());
    auto status = check(result);
    if (status) PQclear(result);
    return status;
  }

  bool healthy() override { return PQstatus(handle_) == CONNECTION_OK; }

 private:
  PGresult* run(std::string_view sql, const Params& params) {
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (std::size_t i = 0; i < params.size(); ++i) {
      const SqlValue& value = params[i];
      if (std::holds_alternative<std::monostate>(value)) continue;
      if (auto* number = std::get_if<std::int64_t>(&value))
        texts[i] = std::to_string(*number);
      else if (auto* real = std::get_if<double>(&value))
        texts[i] = fmt::format("{}", *real);
      else
        texts[i] = std::get<std::string>(value);
      values[i] = texts[i].c_str();
    }
    std::string text(sql);
    return PQexecParams(handle_, text.c_str(), static_cast<int>(params.size()), nullptr,
                        values.data(), nullptr, nullptr, 0);
  }

  // Returns the error of a failed result and frees it; a successful result stays with the caller.
  Result<void> check(PGresult* result) {
    ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return {};
    std::string error = first_line(result ? PQresultErrorMessage(result) : PQerrorMessage(handle_));
    PQclear(result);
    return make_error(fmt::format("PostgreSQL error: {}", error));
  }

  PGconn* handle_;
};

}  // namespace

Result<std::unique_ptr<Connection>> open_postgres(const std::string& url) {
  PGconn* handle = PQconnectdb(url.c_str());
  if (PQstatus(handle) != CONNECTION_OK) {
    std::string error = first_line(PQerrorMessage(handle));
    PQfinish(handle);
    return make_error(fmt::format("cannot connect to PostgreSQL: {}", error));
  }
  auto connection = std::make_unique<PostgresConnection>(handle);
  // Notices about existing tables during migrations would otherwise go to stderr.
  PQsetNoticeProcessor(
      handle, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace warden::storage

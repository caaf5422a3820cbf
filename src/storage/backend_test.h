#pragma once

// A test fixture that runs each test against SQLite and, when WARDEN_TEST_POSTGRES_URL names a
// server, against PostgreSQL; otherwise the PostgreSQL instance of a test is skipped. Each test
// starts from a new SQLite file or an emptied PostgreSQL schema, migrated to the latest version.
// Instantiate a suite with WARDEN_INSTANTIATE_BACKENDS(SuiteName).

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/database.h"

namespace warden::storage {

class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      path_ =
          std::filesystem::temp_directory_path() /
          ("warden-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter_) + ".db");
      std::filesystem::remove(path_);
      auto opened = Database::open("sqlite:" + path_.string(), 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(*opened);
    } else {
      const char* url = std::getenv("WARDEN_TEST_POSTGRES_URL");
      if (!url || !*url) GTEST_SKIP() << "WARDEN_TEST_POSTGRES_URL is not set";
      auto opened = Database::open(url, 4);
      ASSERT_TRUE(opened) << opened.error().message;
      database_ = std::move(*opened);
      auto reset = database_->transaction([](Connection& connection) -> Result<void> {
        return connection.execute_script("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      });
      ASSERT_TRUE(reset) << reset.error().message;
    }
    auto migrated = database_->migrate();
    ASSERT_TRUE(migrated) << migrated.error().message;
  }

  void TearDown() override {
    database_.reset();
    if (!path_.empty()) {
      std::filesystem::remove(path_);
      std::filesystem::remove(path_.string() + "-wal");
      std::filesystem::remove(path_.string() + "-shm");
    }
  }

  static inline int counter_ = 0;
  std::filesystem::path path_;
  std::unique_ptr<Database> database_;
};

#define WARDEN_INSTANTIATE_BACKENDS(suite)                                           \
  INSTANTIATE_TEST_SUITE_P(Backends, suite, ::testing::Values("sqlite", "postgres"), \
                           [](const auto& info) { return info.param; })

}  // namespace warden::storage

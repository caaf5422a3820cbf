#include "storage/update_ledger.h"

#include <chrono>

namespace warden::storage {
namespace {
std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}
}  // namespace

Result<std::vector<telegram::RawUpdate>> UpdateLedger::append(
    std::vector<telegram::RawUpdate> updates) {
  std::vector<telegram::RawUpdate> fresh;
  fresh.reserve(updates.size());
  const std::int64_t now = unix_now();
  auto stored = database_.transaction([&](Connection& connection) -> Result<void> {
    fresh.clear();
    for (telegram::RawUpdate& update : updates) {
      auto inserted = connection.execute(
          "INSERT INTO update_ledger (update_id, payload, received_at) VALUES ($1, $2, $3) "
          "ON CONFLICT (update_id) DO NOTHING",
          {update.update_id, update.json, now});
      if (!inserted) return tl::unexpected(inserted.error());
      if (*inserted > 0) fresh.push_back(update);
    }
    return {};
  });
  if (!stored) return tl::unexpected(stored.error());
  return fresh;
}

Result<void> UpdateLedger::mark_handled(std::span<const std::int64_t> update_ids) {
  if (update_ids.empty()) return {};
  const std::int64_t now = unix_now();
  return database_.transaction([&](Connection& connection) -> Result<void> {
    for (std::int64_t id : update_ids) {
      auto updated = connection.execute(
          "UPDATE update_ledger SET handled_at = $1 WHERE update_id = $2", {now, id});
      if (!updated) return tl::unexpected(updated.error());
    }
    return {};
  });
}

Result<std::vector<telegram::RawUpdate>> UpdateLedger::pending() {
  auto rows = database_.query(
      "SELECT update_id, payload FROM update_ledger WHERE handled_at IS NULL ORDER BY update_id");
  if (!rows) return tl::unexpected(rows.error());
  std::vector<telegram::RawUpdate> updates;
  updates.reserve(rows->size());
  for (const Row& row : *rows) updates.push_back({row.int64(0), row.text(1)});
  return updates;
}

Result<UpdateLedger::Replay> UpdateLedger::take_for_replay(int max_attempts) {
  Replay replay;
  const std::int64_t now = unix_now();
  auto taken = database_.transaction([&](Connection& connection) -> Result<void> {
    replay = Replay{};
    auto rows = connection.query(
        "SELECT update_id, payload, attempts FROM update_ledger WHERE handled_at IS NULL "
        "ORDER BY update_id",
        {});
    if (!rows) return tl::unexpected(rows.error());
    for (const Row& row : *rows) {
      std::int64_t id = row.int64(0);
      if (row.int64(2) >= max_attempts) {
        auto marked = connection.execute(
            "UPDATE update_ledger SET handled_at = $1 WHERE update_id = $2", {now, id});
        if (!marked) return tl::unexpected(marked.error());
        replay.abandoned.push_back(id);
        continue;
      }
      auto counted = connection.execute(
          "UPDATE update_ledger SET attempts = attempts + 1 WHERE update_id = $1", {id});
      if (!counted) return tl::unexpected(counted.error());
      replay.updates.push_back({id, row.text(1)});
    }
    return {};
  });
  if (!taken) return tl::unexpected(taken.error());
  return replay;
}

Result<std::int64_t> UpdateLedger::last_update_id() {
  auto rows = database_.query("SELECT MAX(update_id) FROM update_ledger");
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty() || rows->front().is_null(0)) {
    // The ledger may have been pruned empty; the offset is also kept in bot_state.
    auto state = database_.query("SELECT value FROM bot_state WHERE key = 'last_update_id'");
    if (!state) return tl::unexpected(state.error());
    return state->empty() ? 0 : state->front().int64(0);
  }
  return rows->front().int64(0);
}

Result<std::int64_t> UpdateLedger::prune(std::int64_t handled_before) {
  auto last = last_update_id();
  if (!last) return tl::unexpected(last.error());
  auto saved = database_.execute(
      "INSERT INTO bot_state (key, value) VALUES ('last_update_id', $1) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {std::to_string(*last)});
  if (!saved) return tl::unexpected(saved.error());
  return database_.execute(
      "DELETE FROM update_ledger WHERE handled_at IS NOT NULL AND handled_at < $1 AND update_id < "
      "$2",
      {handled_before, *last});
}

}  // namespace warden::storage

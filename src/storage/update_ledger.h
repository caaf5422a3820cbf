#pragma once

// Durable record of the updates taken in. The poller appends a getUpdates batch before it
// confirms the offset to Telegram; the dispatcher marks each update handled when its handling
// ends. At start the updates still unhandled are handled first, so a crash or kill -9 loses
// none. Handled rows are pruned after a retention period; until then a repeated update_id
// (a webhook retry, another instance) is recognised and dropped.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "storage/database.h"
#include "telegram/decode.h"

namespace warden::storage {

class UpdateLedger {
 public:
  explicit UpdateLedger(Database& database) : database_(database) {}

  // Stores the updates not stored before and returns those, in order.
  Result<std::vector<telegram::RawUpdate>> append(std::vector<telegram::RawUpdate> updates);
  Result<void> mark_handled(std::span<const std::int64_t> update_ids);
  // Updates stored and not yet handled, oldest first.
  Result<std::vector<telegram::RawUpdate>> pending();

  struct Replay {
    std::vector<telegram::RawUpdate> updates;  // to handle again, oldest first
    std::vector<std::int64_t> abandoned;       // replayed max_attempts times already
  };
  // Counts one more replay attempt for every unhandled update and returns them, except those
  // that already had max_attempts: those are marked handled and returned as abandoned.
  Result<Replay> take_for_replay(int max_attempts);
  // The highest update_id ever stored; getUpdates continues after it. 0 when none.
  Result<std::int64_t> last_update_id();
  // Deletes handled rows older than `handled_before` (unix seconds); returns how many.
  Result<std::int64_t> prune(std::int64_t handled_before);

 private:
  Database& database_;
};

}  // namespace warden::storage

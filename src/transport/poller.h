#pragma once

// Long polling. Deletes any webhook first, handles the updates left unhandled by a previous
// run, then calls getUpdates with a positive timeout. Each batch is stored in the update ledger
// before the next call confirms its offset to Telegram, so a crash loses nothing. Network
// errors and server errors back off exponentially up to 30 seconds; the loop never spins.

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <string>
#include <vector>

#include "core/dispatcher.h"
#include "storage/update_ledger.h"
#include "telegram/bot_api.h"

namespace warden::transport {

// The update kinds requested from Telegram. chat_member and message_reaction are only sent
// when asked for explicitly.
const std::vector<std::string>& allowed_updates();

// Splits a getUpdates response body into its updates.
Result<std::vector<telegram::RawUpdate>> split_updates(std::string_view body);
// Reads one update posted to the webhook: exactly one JSON object with an update_id.
Result<telegram::RawUpdate> read_webhook_update(std::string_view body);

class Poller {
 public:
  Poller(telegram::BotApi& api, storage::UpdateLedger& ledger, core::Dispatcher& dispatcher,
         observability::Metrics& metrics, int timeout_seconds, bool drop_pending)
      : api_(api),
        ledger_(ledger),
        dispatcher_(dispatcher),
        metrics_(metrics),
        timeout_seconds_(timeout_seconds),
        drop_pending_(drop_pending) {}

  boost::asio::awaitable<void> run(const std::atomic<bool>& stopping);

 private:
  telegram::BotApi& api_;
  storage::UpdateLedger& ledger_;
  core::Dispatcher& dispatcher_;
  observability::Metrics& metrics_;
  int timeout_seconds_;
  bool drop_pending_;
};

// Hands the updates left unhandled by a previous run to the dispatcher, oldest first.
boost::asio::awaitable<Result<std::size_t>> replay_pending(storage::UpdateLedger& ledger,
                                                           core::Dispatcher& dispatcher);

}  // namespace warden::transport

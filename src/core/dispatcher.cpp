#include "core/dispatcher.h"

#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/permissions.h"

namespace warden::core {

namespace asio = boost::asio;

namespace {

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser;
  return parser;
}

asio::awaitable<void> pause(std::chrono::milliseconds delay) {
  asio::steady_timer timer(co_await asio::this_coro::executor, delay);
  co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

Dispatcher::Dispatcher(asio::io_context& io, Services& services, observability::Metrics& metrics,
                       std::size_t max_in_flight, DoneCallback on_done, DoneCallback on_acted)
    : io_(io),
      services_(services),
      metrics_(metrics),
      max_in_flight_(std::max<std::size_t>(1, max_in_flight)),
      on_done_(std::move(on_done)),
      on_acted_(std::move(on_acted)) {}

asio::awaitable<void> Dispatcher::submit(telegram::RawUpdate raw) {
  while (in_flight_.load() >= max_in_flight_) co_await pause(std::chrono::milliseconds(1));

  Item item;
  item.update_id = raw.update_id;
  auto decoded = telegram::decode_update_json(thread_parser(), raw.json);
  if (!decoded) {
    // Marked handled so that it does not block the ledger, but never silently.
    spdlog::error("event=update_undecodable update_id={} error=\"{}\"", raw.update_id,
                  decoded.error().message);
    metrics_.update_failed(telegram::UpdateKind::kOther);
    {
      std::lock_guard lock(mutex_);
      max_submitted_ = std::max(max_submitted_, raw.update_id);
    }
    on_done_(raw.update_id);
    co_return;
  }
  metrics_.update_received(decoded->kind);
  item.json = std::move(raw.json);
  item.update = std::make_unique<telegram::Update>(std::move(*decoded));
  std::int64_t chat_id = item.update->chat_id;

  bool start = false;
  {
    std::lock_guard lock(mutex_);
    pending_ids_.insert(item.update_id);
    max_submitted_ = std::max(max_submitted_, item.update_id);
    ChatQueue& queue = queues_[chat_id];
    queue.items.push_back(std::move(item));
    if (!queue.running) {
      queue.running = true;
      start = true;
    }
  }
  metrics_.set_queue_depth(static_cast<std::int64_t>(++in_flight_));
  if (start) asio::co_spawn(io_, run_chat(chat_id), asio::detached);
}

std::int64_t Dispatcher::watermark() const {
  std::lock_guard lock(mutex_);
  if (pending_ids_.empty()) return max_submitted_;
  return *pending_ids_.begin() - 1;
}

asio::awaitable<void> Dispatcher::drain() {
  while (in_flight_.load() > 0) co_await pause(std::chrono::milliseconds(5));
}

asio::awaitable<void> Dispatcher::run_chat(std::int64_t chat_id) {
  while (true) {
    Item item;
    {
      std::lock_guard lock(mutex_);
      ChatQueue& queue = queues_[chat_id];
      if (queue.items.empty()) {
        queues_.erase(chat_id);
        co_return;
      }
      item = std::move(queue.items.front());
      queue.items.pop_front();
    }
    auto started = std::chrono::steady_clock::now();
    bool acted = false;
    try {
      acted = co_await handle(item);
      metrics_.update_handled(
          item.update->kind,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    } catch (const std::exception& error) {
      // Module code reports errors as values; an exception here is a bug, logged with its update.
      metrics_.update_failed(item.update->kind);
      spdlog::error("event=handler_exception update_id={} chat_id={} error=\"{}\"", item.update_id,
                    chat_id, error.what());
    }
    finish(item.update_id, acted);
  }
}

void Dispatcher::finish(std::int64_t update_id, bool acted) {
  // Reported before it leaves pending_ids_, so a watermark read after this never covers an
  // update whose completion has not been reported yet.
  if (acted && on_acted_) {
    on_acted_(update_id);
  } else {
    on_done_(update_id);
  }
  {
    std::lock_guard lock(mutex_);
    pending_ids_.erase(update_id);
  }
  metrics_.set_queue_depth(static_cast<std::int64_t>(--in_flight_));
}

asio::awaitable<bool> Dispatcher::handle(Item& item) {
  Context ctx(services_, *item.update, item.json);
  switch (item.update->kind) {
    case telegram::UpdateKind::kMessage:
      co_await handle_message(ctx);
      break;
    case telegram::UpdateKind::kCallbackQuery:
      co_await handle_callback(ctx);
      break;
    case telegram::UpdateKind::kEditedMessage:
    case telegram::UpdateKind::kMyChatMember:
    case telegram::UpdateKind::kChatMember:
    case telegram::UpdateKind::kChatJoinRequest: {
      auto flow = co_await run_watchers(ctx, true);
      if (flow == Flow::kContinue) co_await run_watchers(ctx, false);
      break;
    }
    default:
      break;
  }
  co_return ctx.acted;
}

asio::awaitable<Flow> Dispatcher::run_watchers(Context& ctx, bool before_commands) {
  for (const auto& entry : services_.registry.watchers()) {
    if ((entry.group < 0) != before_commands) continue;
    const auto& kinds = entry.spec->kinds;
    if (std::find(kinds.begin(), kinds.end(), ctx.update.kind) == kinds.end()) continue;
    auto flow = co_await entry.spec->handler(ctx);
    if (flow == Flow::kStop) co_return Flow::kStop;
  }
  co_return Flow::kContinue;
}

asio::awaitable<void> Dispatcher::handle_message(Context& ctx) {
  auto flow = co_await run_watchers(ctx, true);
  if (flow == Flow::kStop) co_return;
  const std::string* text = ctx.message->text_or_caption();
  if (text && ctx.sender.kind != SenderKind::kLinkedChannel) {
    const std::string& username = ctx.services.me.username.value_or("");
    if (auto call = parse_command(*text, username)) {
      if (auto found = services_.registry.find_command(call->name)) {
        auto allowed = co_await pass_gates(ctx, *found->command);
        if (allowed) co_await found->command->handler(ctx, *call);
        if (!found->command->continue_watchers) co_return;
      }
    }
  }
  co_await run_watchers(ctx, false);
}

asio::awaitable<void> Dispatcher::handle_callback(Context& ctx) {
  const auto& data = ctx.callback->data;
  auto parsed = data ? parse_callback_data(*data) : std::nullopt;
  if (!parsed || ctx.chat_id == 0) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  if (parsed->name_space == "anon_admin") {
    co_await confirm_anonymous(ctx, *parsed);
    co_return;
  }
  const CallbackHandler* handler = services_.registry.find_callback(parsed->name_space);
  if (!handler) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  co_await (*handler)(ctx, *parsed);
}

// An admin pressed the button under an anonymous admin's command: run that command again with
// the presser as the caller, so the presser's own rights are checked.
asio::awaitable<void> Dispatcher::confirm_anonymous(Context& ctx, const CallbackData& data) {
  auto chat = data.get_int("c");
  auto message_id = data.get_int("m");
  if (!chat || !message_id || *chat != ctx.chat_id) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto member = co_await find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!member) {
    co_await ctx.answer_callback(ctx.text("common.button_admins_only"), true);
    co_return;
  }
  std::int64_t button_message = ctx.callback->message ? ctx.callback->message->message_id : 0;
  auto payload = services_.chats.peek_confirmation(ctx.chat_id, *message_id, unix_now());
  if (!payload || !payload->has_value()) {
    co_await ctx.answer_callback();
    if (button_message)
      co_await ctx.edit(ctx.chat_id, button_message, ctx.text("common.anon_expired"));
    co_return;
  }
  auto original = telegram::decode_update_json(thread_parser(), **payload);
  const std::string* text =
      original && original->message ? original->message->text_or_caption() : nullptr;
  auto call = text ? parse_command(*text, services_.me.username.value_or("")) : std::nullopt;
  auto found = call ? services_.registry.find_command(call->name) : std::nullopt;
  if (!found || !found->command->anonymous_confirm) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  // An admin without the command's right leaves the confirmation for one who has it.
  Right right = found->command->user_right;
  if (right != Right::kNone && !has_right(*member, right)) {
    co_await ctx.answer_callback(
        ctx.text("common.button_missing_right", "right", right_name(right)), true);
    co_return;
  }
  auto taken = services_.chats.take_confirmation(ctx.chat_id, *message_id, unix_now());
  if (!taken || !taken->has_value()) {
    co_await ctx.answer_callback();  // another admin confirmed it a moment earlier
    co_return;
  }
  co_await ctx.answer_callback();
  if (button_message) co_await ctx.delete_message(ctx.chat_id, button_message);

  original->message->sender_chat.reset();
  original->message->from = ctx.callback->from;
  Context rerun(services_, *original, **payload);
  auto allowed = co_await pass_gates(rerun, *found->command);
  if (allowed) co_await found->command->handler(rerun, *call);
  ctx.acted = true;
}

}  // namespace warden::core

// Filters: automatic replies to keywords. /filter (alias /addfilter) saves one or several
// keywords with a reply, /stop (/rmfilter, /removefilter) removes one, /filters lists them and
// /stopall removes them all. A watcher replies to new group messages that contain a keyword as
// a whole word, in any letter case (see docs/filters.md).

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/permissions.h"
#include "modules/content.h"
#include "modules/filters_match.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/fold.h"
#include "text/html.h"

namespace warden::modules {

namespace asio = boost::asio;
namespace json = boost::json;
using core::CallbackData;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

constexpr std::size_t kMaxFilters = 150;
constexpr std::size_t kMaxKeywordLength = 100;  // Telegram characters (UTF-16 code units)
constexpr std::int64_t kOverwriteSeconds = 5 * 60;
constexpr std::int64_t kStopAllSeconds = 5 * 60;
constexpr const char* kOverwriteNamespace = "filterOverwrite";
constexpr const char* kStopAllNamespace = "rmAllFilters";

struct Keyword {
  std::string folded;
  std::string display;
};

// A /filter that waits for the admin to confirm replacing existing filters.
struct PendingOverwrite {
  std::int64_t requester = 0;  // 0: any admin with can_change_info may confirm
  std::vector<Keyword> keywords;
  storage::StoredContent content;
  bool no_notif = false;
};

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

std::string trim(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (!joined.empty()) joined += separator;
    joined += part;
  }
  return joined;
}

// "<code>a</code>, <code>b</code>" for replies; a long list ends with "and N more" so that the
// reply stays within one message.
std::string code_list(const Context& ctx, const std::vector<Keyword>& keywords) {
  constexpr std::size_t kMaxListUnits = 3000;
  std::string list;
  for (std::size_t i = 0; i < keywords.size(); ++i) {
    std::string item = "<code>" + text::escape_html(keywords[i].display) + "</code>";
    if (i > 0 && text::utf16_length(list) + text::utf16_length(item) > kMaxListUnits) {
      list += " " + ctx.text("filters.and_more", "count", std::to_string(keywords.size() - i));
      break;
    }
    if (i > 0) list += ", ";
    list += item;
  }
  return list;
}

std::string encode(const PendingOverwrite& pending) {
  json::array keywords;
  for (const Keyword& keyword : pending.keywords) {
    keywords.push_back(json::array{json::string(keyword.folded), json::string(keyword.display)});
  }
  json::object object;
  object["u"] = pending.requester;
  object["k"] = std::move(keywords);
  put_content(object, pending.content);
  object["n"] = pending.no_notif;
  return json::serialize(object);
}

std::optional<PendingOverwrite> decode(const std::string& payload) {
  boost::system::error_code error;
  json::value value = json::parse(payload, error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& object = value.as_object();
  const auto* requester = object.if_contains("u");
  const auto* keywords = object.if_contains("k");
  const auto* no_notif = object.if_contains("n");
  std::optional<storage::StoredContent> content = get_content(object);
  if (!requester || !requester->is_int64() || !keywords || !keywords->is_array() || !content ||
      !no_notif || !no_notif->is_bool()) {
    return std::nullopt;
  }

  PendingOverwrite pending;
  pending.requester = requester->as_int64();
  for (const json::value& item : keywords->as_array()) {
    if (!item.is_array() || item.as_array().size() != 2 || !item.as_array()[0].is_string() ||
        !item.as_array()[1].is_string()) {
      return std::nullopt;
    }
    pending.keywords.push_back(Keyword{std::string(item.as_array()[0].as_string()),
                                       std::string(item.as_array()[1].as_string())});
  }
  pending.content = std::move(*content);
  pending.no_notif = no_notif->as_bool();
  return pending;
}

const storage::Filter* find_filter(const std::vector<storage::Filter>& filters,
                                   const std::string& folded) {
  for (const storage::Filter& filter : filters) {
    if (filter.keyword == folded) return &filter;
  }
  return nullptr;
}

// The keyword /stop means: a quoted phrase, or all arguments joined by spaces.
std::string keyword_argument(const CommandCall& call) { return trim(join(call.args, " ")); }

asio::awaitable<void> filter_command(Context& ctx, const CommandCall& call) {
  const telegram::Message* replied = ctx.message->reply_to_message.get();
  const KeywordSpec spec = read_keywords(call.raw_args);
  std::vector<std::string> written;
  storage::StoredContent content;
  if (replied) {
    if (spec.listed) {
      written = spec.keywords;
    } else if (!call.args.empty()) {
      written.push_back(join(call.args, " "));
    }
    content = content_of(*replied);
  } else {
    written = spec.keywords;
    std::size_t offset = offset_after_arguments(call, 1);
    if (spec.listed) {
      offset = call.args_offset_utf16 +
               text::utf16_length(std::string_view(call.raw_args).substr(0, spec.end));
    }
    content.source = markdown_from(*ctx.message, offset);
  }
  if (written.empty()) {
    co_await ctx.reply(ctx.text("filters.usage"));
    co_return;
  }

  std::vector<Keyword> keywords;
  for (const std::string& word : written) {
    std::string display = trim(word);
    const std::size_t length = text::utf16_length(display);
    if (length > kMaxKeywordLength) {
      std::string shown = text::escape_html(shorten(display, 60));
      co_await ctx.reply(ctx.text("filters.keyword_too_long", "keyword", shown, "length",
                                  std::to_string(length), "limit",
                                  std::to_string(kMaxKeywordLength)));
      co_return;
    }
    std::string folded = trim(text::fold_for_matching(display));
    if (folded.empty()) {
      co_await ctx.reply(ctx.text("filters.usage"));
      co_return;
    }
    bool repeated = std::any_of(keywords.begin(), keywords.end(),
                                [&](const Keyword& seen) { return seen.folded == folded; });
    if (!repeated) keywords.push_back(Keyword{std::move(folded), std::move(display)});
  }

  // The source is stored as written, {nonotif} included, so that noformat shows it; the flag
  // is taken out each time the filter is sent.
  NoNotifSource flag = take_no_notif(content.source);
  const bool no_notif = flag.no_notif;
  storage::StoredContent sendable = content;
  sendable.source = std::move(flag.source);
  ContentCheck check = check_content(ctx, sendable, true, "Button");
  if (!check.error.empty()) {
    co_await ctx.reply(std::move(check.error));
    co_return;
  }

  auto loaded = ctx.services.content.filters(ctx.chat_id);
  if (!loaded) co_return co_await storage_failure(ctx, loaded.error());
  const std::shared_ptr<const std::vector<storage::Filter>> existing_filters = *loaded;
  std::vector<Keyword> fresh;
  std::vector<Keyword> existing;
  for (Keyword& keyword : keywords) {
    if (find_filter(*existing_filters, keyword.folded)) {
      existing.push_back(std::move(keyword));
    } else {
      fresh.push_back(std::move(keyword));
    }
  }
  if (existing_filters->size() + fresh.size() > kMaxFilters) {
    co_await ctx.reply(ctx.text("filters.limit", "count", std::to_string(existing_filters->size()),
                                "limit", std::to_string(kMaxFilters)));
    co_return;
  }

  for (const Keyword& keyword : fresh) {
    storage::Filter filter{keyword.folded, keyword.display, content, no_notif};
    auto saved = ctx.services.content.save_filter(ctx.chat_id, filter, ctx.sender.id);
    if (!saved) co_return co_await storage_failure(ctx, saved.error());
  }
  if (!fresh.empty()) {
    std::string reply = fresh.size() == 1
                            ? ctx.text("filters.saved", "keyword", code_list(ctx, fresh))
                            : ctx.text("filters.saved_many", "keywords", code_list(ctx, fresh));
    std::string problems = describe_problems(ctx, check.problems);
    if (!problems.empty()) reply += "\n" + problems;
    co_await ctx.reply(std::move(reply));
  }
  if (existing.empty()) co_return;

  PendingOverwrite pending;
  pending.requester = ctx.sender.is_person() ? ctx.sender.id : 0;
  pending.keywords = existing;
  pending.content = content;
  pending.no_notif = no_notif;
  const std::int64_t token = ctx.message->message_id;
  auto stored = ctx.services.chats.put_confirmation(ctx.chat_id, -token, encode(pending),
                                                    core::unix_now() + kOverwriteSeconds);
  if (!stored) co_return co_await storage_failure(ctx, stored.error());
  std::string question =
      existing.size() == 1 ? ctx.text("filters.exists", "keyword", code_list(ctx, existing))
                           : ctx.text("filters.exists_many", "keywords", code_list(ctx, existing));
  core::Keyboard keyboard = yes_no_keyboard(ctx, kOverwriteNamespace, std::to_string(token));
  co_await ctx.reply(std::move(question), std::move(keyboard));
}

asio::awaitable<void> overwrite_pressed(Context& ctx, const CallbackData& data) {
  auto token = data.get_int("t");
  const std::string action = data.get("a");
  if (!token || *token <= 0 || (action != "y" && action != "n")) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  auto member = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!member) {
    co_await ctx.answer_callback(ctx.text("common.button_admins_only"), true);
    co_return;
  }
  const std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  auto payload = ctx.services.chats.peek_confirmation(ctx.chat_id, -*token, core::unix_now());
  if (!payload) {
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  std::optional<PendingOverwrite> pending;
  if (payload->has_value()) pending = decode(**payload);
  if (!pending) {
    co_await ctx.answer_callback(ctx.text("filters.expired"), true);
    if (message_id) co_await ctx.edit(ctx.chat_id, message_id, ctx.text("filters.expired"));
    co_return;
  }
  if (pending->requester != 0 && pending->requester != ctx.sender.id) {
    co_await ctx.answer_callback(ctx.text("filters.not_yours"), true);
    co_return;
  }
  if (pending->requester == 0 && !core::has_right(*member, Right::kChangeInfo)) {
    co_await ctx.answer_callback(
        ctx.text("common.button_missing_right", "right", core::right_name(Right::kChangeInfo)),
        true);
    co_return;
  }
  auto taken = ctx.services.chats.take_confirmation(ctx.chat_id, -*token, core::unix_now());
  if (!taken || !taken->has_value()) {
    co_await ctx.answer_callback();  // confirmed or cancelled by an earlier press
    co_return;
  }
  const std::string keywords = code_list(ctx, pending->keywords);
  if (action == "n") {
    std::string cancelled = ctx.text("filters.overwrite_cancelled", "keywords", keywords);
    co_await ctx.answer_callback(ctx.text("filters.cancelled_toast"));
    if (message_id) co_await ctx.edit(ctx.chat_id, message_id, std::move(cancelled));
    co_return;
  }
  // A filter removed since the question would be saved anew, so it counts against the limit
  // like any new filter.
  auto loaded = ctx.services.content.filters(ctx.chat_id);
  if (!loaded) {
    spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                  loaded.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  const std::shared_ptr<const std::vector<storage::Filter>> current = *loaded;
  std::vector<Keyword> removed_since;
  for (const Keyword& keyword : pending->keywords) {
    if (!find_filter(*current, keyword.folded)) removed_since.push_back(keyword);
  }
  if (current->size() + removed_since.size() > kMaxFilters) {
    std::string over_limit =
        ctx.text("filters.overwrite_limit", "keywords", code_list(ctx, removed_since), "count",
                 std::to_string(current->size()), "limit", std::to_string(kMaxFilters));
    co_await ctx.answer_callback(ctx.text("filters.limit_toast"), true);
    if (message_id) co_await ctx.edit(ctx.chat_id, message_id, std::move(over_limit));
    co_return;
  }
  for (const Keyword& keyword : pending->keywords) {
    storage::Filter filter{keyword.folded, keyword.display, pending->content, pending->no_notif};
    auto saved = ctx.services.content.save_filter(ctx.chat_id, filter, ctx.sender.id);
    if (!saved) {
      spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                    saved.error().message);
      co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
      co_return;
    }
  }
  std::string updated = ctx.text("filters.updated", "keywords", keywords);
  storage::StoredContent sendable = pending->content;
  sendable.source = take_no_notif(sendable.source).source;
  ContentCheck check = check_content(ctx, sendable, true, "Button");
  std::string problems = describe_problems(ctx, check.problems);
  if (!problems.empty()) updated += "\n" + problems;
  co_await ctx.answer_callback(ctx.text("filters.updated_toast"));
  if (message_id) co_await ctx.edit(ctx.chat_id, message_id, std::move(updated));
}

asio::awaitable<void> stop_command(Context& ctx, const CommandCall& call) {
  const std::string display = keyword_argument(call);
  if (display.empty()) {
    co_await ctx.reply(ctx.text("filters.stop_usage"));
    co_return;
  }
  const std::string folded = trim(text::fold_for_matching(display));
  auto removed = ctx.services.content.remove_filter(ctx.chat_id, folded);
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  std::string shown = text::escape_html(shorten(display, kMaxKeywordLength));
  std::string reply = *removed ? ctx.text("filters.removed", "keyword", shown)
                               : ctx.text("filters.not_found", "keyword", shown);
  co_await ctx.reply(std::move(reply));
}

asio::awaitable<void> filters_command(Context& ctx, const CommandCall&) {
  auto loaded = ctx.services.content.filters(ctx.chat_id);
  if (!loaded) co_return co_await storage_failure(ctx, loaded.error());
  const std::shared_ptr<const std::vector<storage::Filter>> filters = *loaded;
  if (filters->empty()) {
    co_await ctx.reply(ctx.text("filters.list_empty"));
    co_return;
  }
  std::vector<const storage::Filter*> sorted;
  for (const storage::Filter& filter : *filters) sorted.push_back(&filter);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto* a, const auto* b) { return a->keyword < b->keyword; });
  std::vector<std::string> lines;
  lines.reserve(sorted.size());
  for (const storage::Filter* filter : sorted) {
    lines.push_back(" - <code>" + text::escape_html(filter->display_keyword) + "</code>");
  }
  std::string header = ctx.text("filters.list_header", "chat",
                                text::escape_html(ctx.message->chat.title.value_or("")));
  co_await reply_lines(ctx, std::move(header), lines);
}

// The /stopall question is stored as a pending confirmation under the negative id of the
// command message, like the overwrite question, with the number of filters it names.
asio::awaitable<void> stopall_command(Context& ctx, const CommandCall&) {
  auto count = ctx.services.content.count_filters(ctx.chat_id);
  if (!count) co_return co_await storage_failure(ctx, count.error());
  if (*count == 0) {
    co_await ctx.reply(ctx.text("filters.list_empty"));
    co_return;
  }
  const std::int64_t token = ctx.message->message_id;
  auto stored = ctx.services.chats.put_confirmation(ctx.chat_id, -token, std::to_string(*count),
                                                    core::unix_now() + kStopAllSeconds);
  if (!stored) co_return co_await storage_failure(ctx, stored.error());
  std::map<std::string, std::string> yes{{"a", "yes"}, {"t", std::to_string(token)}};
  std::map<std::string, std::string> no{{"a", "no"}, {"t", std::to_string(token)}};
  core::Keyboard keyboard =
      core::single_row(core::button_callback(ctx.text("common.yes"),
                                             *core::make_callback_data(kStopAllNamespace, yes)),
                       core::button_callback(ctx.text("common.no"),
                                             *core::make_callback_data(kStopAllNamespace, no)));
  co_await ctx.reply(ctx.text("filters.stopall_question", "count", std::to_string(*count)),
                     std::move(keyboard));
}

asio::awaitable<void> stopall_pressed(Context& ctx, const CallbackData& data) {
  auto owner = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!owner || owner->status != telegram::MemberStatus::kCreator) {
    co_await ctx.answer_callback(ctx.text("common.owner_only"), true);
    co_return;
  }
  const std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  // A button without a token was made before the question had an expiry, so it counts as
  // expired too.
  auto token = data.get_int("t");
  std::optional<std::string> question_count;
  if (token && *token > 0) {
    auto stored = ctx.services.chats.take_confirmation(ctx.chat_id, -*token, core::unix_now());
    if (!stored) {
      spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                    stored.error().message);
      co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
      co_return;
    }
    question_count = std::move(*stored);
  }
  if (!question_count) {
    co_await ctx.answer_callback(ctx.text("filters.stopall_expired"), true);
    if (message_id) co_await ctx.edit(ctx.chat_id, message_id, ctx.text("filters.stopall_expired"));
    co_return;
  }
  if (data.get("a") != "yes") {
    co_await ctx.answer_callback(ctx.text("filters.cancelled_toast"));
    if (message_id)
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text("filters.stopall_cancelled"));
    co_return;
  }
  // Filters added or removed since the question were not part of what the owner agreed to.
  // NOTE: only the number is compared, so removing one filter and adding another in the five
  // minutes goes unnoticed.
  auto count = ctx.services.content.count_filters(ctx.chat_id);
  if (!count) {
    spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                  count.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  if (std::to_string(*count) != *question_count) {
    std::string changed = ctx.text("filters.stopall_changed", "asked", *question_count, "count",
                                   std::to_string(*count));
    co_await ctx.answer_callback(ctx.text("filters.stopall_changed_toast"), true);
    if (message_id) co_await ctx.edit(ctx.chat_id, message_id, std::move(changed));
    co_return;
  }
  auto removed = ctx.services.content.remove_all_filters(ctx.chat_id);
  if (!removed) {
    spdlog::error("event=storage_failed module=filters chat_id={} error=\"{}\"", ctx.chat_id,
                  removed.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  std::string done = ctx.text("filters.stopall_done", "count", std::to_string(*removed));
  co_await ctx.answer_callback(done);
  if (message_id) co_await ctx.edit(ctx.chat_id, message_id, std::move(done));
}

// Replies to a new group message that contains a filter's keyword.
asio::awaitable<core::Flow> filter_watcher(Context& ctx) {
  const telegram::Message* message = ctx.message;
  if (!message || !ctx.in_group()) co_return core::Flow::kContinue;
  // Commands never trigger a filter, including commands this bot does not have.
  if (is_command_message(*message)) co_return core::Flow::kContinue;
  const std::string* written = message->text_or_caption();
  if (!written || written->empty()) co_return core::Flow::kContinue;
  auto loaded = ctx.services.content.filters(ctx.chat_id);
  if (!loaded) {
    spdlog::error("event=filters_load_failed chat_id={} error=\"{}\"", ctx.chat_id,
                  loaded.error().message);
    co_return core::Flow::kContinue;
  }
  // Keeps the list alive while the reply is sent, even if an admin changes the filters.
  const std::shared_ptr<const std::vector<storage::Filter>> filters = *loaded;
  if (filters->empty()) co_return core::Flow::kContinue;
  const std::string folded = text::fold_for_matching(*written);
  const storage::Filter* filter = first_matching_filter(*filters, folded);
  if (!filter) co_return core::Flow::kContinue;

  bool noformat = false;
  if (asks_for_noformat(folded, filter->keyword)) {
    if (ctx.sender.kind == core::SenderKind::kAnonymousAdmin) {
      noformat = true;
    } else if (ctx.sender.is_person()) {
      auto admin = co_await core::is_admin(ctx, ctx.chat_id, ctx.sender.id);
      noformat = admin;
    }
  }
  SendOptions options;
  options.chat_id = ctx.chat_id;
  options.reply_to = message->message_id;
  options.user = ctx.sender.is_person() && message->from ? &*message->from : nullptr;
  options.chat_title = message->chat.title.value_or("");
  options.random_variant = true;
  options.noformat = noformat;
  options.disable_notification = filter->no_notif;
  // The stored source keeps {nonotif} as written. Noformat shows it, and a normal reply leaves
  // it out.
  storage::StoredContent content = filter->content;
  if (!noformat) content.source = take_no_notif(content.source).source;
  auto sent = co_await send_content(ctx, content, options);
  if (!sent) {
    spdlog::warn("event=filter_send_failed chat_id={} error_code={} error=\"{}\"", ctx.chat_id,
                 sent.error().error_code, sent.error().description);
  }
  co_return core::Flow::kContinue;
}

}  // namespace

core::Module filters_module() {
  core::Module module;
  module.name = "Filters";
  module.help_key = "filters.help";
  module.priority = 140;
  module.help_aliases = {"filter"};
  auto filter = core::admin_command("filters", "filter", filter_command, Right::kChangeInfo);
  filter.aliases = {"addfilter"};
  module.commands.push_back(filter);
  auto stop = core::admin_command("filters", "stop", stop_command, Right::kChangeInfo);
  stop.aliases = {"rmfilter", "removefilter"};
  module.commands.push_back(stop);
  core::Command list;
  list.name = "filters";
  list.group_only = true;
  list.disableable = true;
  list.help_key = "filters.help_filters";
  list.handler = filters_command;
  module.commands.push_back(list);
  auto stopall = core::admin_command("filters", "stopall", stopall_command, Right::kChangeInfo);
  stopall.access = core::Access::kOwner;
  stopall.user_right = Right::kNone;
  stopall.anonymous_confirm = false;
  module.commands.push_back(stopall);
  module.callbacks[kOverwriteNamespace] = overwrite_pressed;
  module.callbacks[kStopAllNamespace] = stopall_pressed;
  core::WatcherSpec watcher;
  watcher.group = 10;
  watcher.kinds = {telegram::UpdateKind::kMessage};
  watcher.handler = filter_watcher;
  module.watchers.push_back(std::move(watcher));
  return module;
}

}  // namespace warden::modules

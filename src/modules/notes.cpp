// Notes: save/addnote, clear/rmnote, notes/saved, get, #name, privnote/privatenotes and clearall,
// plus the deep links that deliver notes in a private chat (note_<chat>_<name> and
// notes_<chat>). Notes are stored as the admin's markdown source (see content.h) under their
// case-folded name, and rendered each time they are sent.

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <charconv>
#include <random>

#include "core/permissions.h"
#include "modules/content.h"
#include "modules/moderation.h"
#include "modules/modules.h"
#include "text/fold.h"
#include "text/html.h"
#include "text/placeholders.h"
#include "text/utf8.h"

namespace warden::modules {

namespace asio = boost::asio;
namespace json = boost::json;
using core::CallbackData;
using core::CommandCall;
using core::Context;
using core::Right;

namespace {

// Maximum length of a note name, in characters (code points).
constexpr std::size_t kMaxNameLength = 64;
// How long the Yes/No buttons of an overwrite or /clearall question stay valid, in seconds.
constexpr std::int64_t kOverwriteSeconds = 5 * 60;
constexpr std::int64_t kClearAllSeconds = 5 * 60;
// Maximum length of a /start payload, set by Telegram.
constexpr std::size_t kMaxPayloadLength = 64;

constexpr std::string_view kNotePrefix = "note_";
constexpr std::string_view kListPrefix = "notes_";

asio::awaitable<void> storage_failure(Context& ctx, const Error& error) {
  spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                error.message);
  co_await ctx.reply(ctx.text("common.storage_error"));
}

std::string_view strip_hash(std::string_view name) {
  if (name.starts_with('#')) name.remove_prefix(1);
  return name;
}

std::size_t count_characters(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t at = 0; at < text.size(); ++count) at += text::decode_utf8(text, at).size;
  return count;
}

bool is_blank_character(char32_t code_point) {
  return text::is_whitespace(code_point) || code_point == U'\r';
}

// Returns whether `text` has no characters other than whitespace (an empty text has none).
bool is_blank(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const text::DecodedChar decoded = text::decode_utf8(text, at);
    if (!is_blank_character(decoded.code_point)) return false;
    at += decoded.size;
  }
  return true;
}

bool has_whitespace(std::string_view text) {
  for (std::size_t at = 0; at < text.size();) {
    const text::DecodedChar decoded = text::decode_utf8(text, at);
    if (is_blank_character(decoded.code_point)) return true;
    at += decoded.size;
  }
  return false;
}

// Returns `name` quoted as one /get argument when it contains whitespace or starts with a quote,
// with a backslash before each quote or backslash inside, as core::split_arguments reads it.
// Returns nothing for names that need no quotes.
std::optional<std::string> quoted_argument(std::string_view name) {
  const bool leading_quote = name.starts_with('"') || name.starts_with('\'');
  if (!leading_quote && !has_whitespace(name)) return std::nullopt;
  // Uses double quotes unless the name contains double quotes and no single ones.
  char quote = '"';
  if (name.find('"') != std::string_view::npos && name.find('\'') == std::string_view::npos) {
    quote = '\'';
  }
  std::string quoted(1, quote);
  for (char c : name) {
    if (c == quote || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += quote;
  return quoted;
}

// Returns the flags written in a note's source. extract_note_flags reads HTML, so the source is
// escaped first.
text::NoteFlags source_flags(const storage::StoredContent& content) {
  return text::extract_note_flags(text::escape_html(content.source)).flags;
}

// Returns the flags that apply to a note: {private} together with {noprivate} cancel each other.
text::NoteFlags flags_of(const storage::StoredContent& content) {
  text::NoteFlags flags = source_flags(content);
  if (flags.private_only && flags.group_only) {
    flags.private_only = false;
    flags.group_only = false;
  }
  return flags;
}

bool conflicting_flags(const storage::StoredContent& content) {
  const text::NoteFlags flags = source_flags(content);
  return flags.private_only && flags.group_only;
}

// --- Deep link payloads -------------------------------------------------------------------
// A note's payload is note_<chat>_<name>, where <name> is "b" and the base64url of the folded
// name when that fits in Telegram's 64 characters, else "h" and a hash of the folded name that
// is resolved by scanning the chat's notes.

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char byte : bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Alphabet[(buffer >> bits) & 0x3F];
    }
  }
  if (bits > 0) out += kBase64Alphabet[(buffer << (6 - bits)) & 0x3F];
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const std::size_t value = kBase64Alphabet.find(c);
    if (value == std::string_view::npos) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// FNV-1a, 64 bits, in hexadecimal: stable across builds and platforms.
std::string name_hash(std::string_view key) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char byte : key) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

std::string note_payload(std::int64_t chat_id, std::string_view key) {
  std::string prefix = std::string(kNotePrefix) + std::to_string(chat_id) + "_";
  std::string encoded = "b" + base64url_encode(key);
  if (prefix.size() + encoded.size() <= kMaxPayloadLength) return prefix + encoded;
  return prefix + "h" + name_hash(key);
}

std::string list_payload(std::int64_t chat_id) {
  return std::string(kListPrefix) + std::to_string(chat_id);
}

std::optional<std::int64_t> parse_chat_id(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value >= 0) return std::nullopt;
  return value;
}

// --- Shared checks ------------------------------------------------------------------------

// Returns whether the sender of ctx counts as an admin of `chat_id`. Anonymous admins count,
// people are looked up in the admin list, and channels do not count.
asio::awaitable<bool> sender_is_admin(Context& ctx, std::int64_t chat_id) {
  if (ctx.sender.kind == core::SenderKind::kAnonymousAdmin && chat_id == ctx.chat_id) {
    co_return true;
  }
  if (!ctx.sender.is_person()) co_return false;
  auto admin = co_await core::is_admin(ctx, chat_id, ctx.sender.id);
  co_return admin;
}

const telegram::User* requester(const Context& ctx) {
  if (!ctx.sender.is_person() || !ctx.message || !ctx.message->from) return nullptr;
  return &*ctx.message->from;
}

std::string send_error_text(const Context& ctx, const telegram::ApiError& error) {
  return ctx.text("content.send_failed", "error", text::escape_html(error.description));
}

// --- Saving -------------------------------------------------------------------------------

std::string saved_text(const Context& ctx, const std::string& display_name,
                       const storage::StoredContent& content) {
  const std::string name = text::escape_html(display_name);
  // #name ends at the first space, so a name with whitespace is only offered with /get.
  const std::optional<std::string> quoted = quoted_argument(display_name);
  std::string reply;
  if (quoted) {
    reply = ctx.text("notes.saved_get_only", "name", name, "argument", text::escape_html(*quoted));
  } else {
    reply = ctx.text("notes.saved", "name", name);
  }
  if (conflicting_flags(content)) reply += "\n" + ctx.text("notes.flags_conflict");
  const ContentCheck check = check_content(ctx, content, true, "Button");
  const std::string problems = describe_problems(ctx, check.problems);
  if (!problems.empty()) reply += "\n" + problems;
  return reply;
}

std::int64_t random_token() {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  // Positive and below 2^40, so the callback data stays short.
  return std::uniform_int_distribution<std::int64_t>(1, (1LL << 40) - 1)(generator);
}

// Overwrite questions are stored as pending confirmations under the negative token, which never
// collides with the id of a real message.
std::int64_t confirmation_key(std::int64_t token) { return -token; }

std::string overwrite_payload(std::int64_t requester_id, const storage::Note& note) {
  json::object object;
  object["u"] = requester_id;
  object["n"] = note.display_name;
  put_content(object, note.content);
  return json::serialize(object);
}

struct PendingNote {
  std::int64_t requester_id = 0;
  storage::Note note;
};

std::optional<PendingNote> parse_overwrite_payload(const std::string& payload) {
  boost::system::error_code error;
  json::value value = json::parse(payload, error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& object = value.as_object();
  const auto* requester_id = object.if_contains("u");
  const auto* name = object.if_contains("n");
  std::optional<storage::StoredContent> content = get_content(object);
  if (!requester_id || !requester_id->is_int64() || !name || !name->is_string() || !content) {
    return std::nullopt;
  }

  PendingNote pending;
  pending.requester_id = requester_id->as_int64();
  pending.note.display_name = std::string(name->as_string());
  pending.note.name = text::fold_for_matching(pending.note.display_name);
  pending.note.content = std::move(*content);
  return pending;
}

asio::awaitable<void> save_command(Context& ctx, const CommandCall& call) {
  const telegram::Message* replied = ctx.message->reply_to_message.get();
  if (call.args.empty()) {
    std::string text = replied ? ctx.text("notes.name_needed") : ctx.text("notes.save_usage");
    co_await ctx.reply(std::move(text));
    co_return;
  }
  const std::string display_name(strip_hash(call.args.front()));
  if (display_name.empty()) {
    co_await ctx.reply(ctx.text("notes.save_usage"));
    co_return;
  }
  if (count_characters(display_name) > kMaxNameLength) {
    co_await ctx.reply(ctx.text("notes.name_too_long", "limit", std::to_string(kMaxNameLength)));
    co_return;
  }
  storage::Note note;
  note.display_name = display_name;
  note.name = text::fold_for_matching(display_name);
  // Invisible characters such as U+200B fold to nothing, so a name made of them cannot be typed.
  if (is_blank(note.name)) {
    co_await ctx.reply(ctx.text("notes.name_invisible"));
    co_return;
  }
  // Text after the name, with its formatting. In reply to a message it replaces that message's
  // text or caption, and the message's media is kept.
  const std::string own_text = markdown_from(*ctx.message, offset_after_arguments(call, 1));
  if (replied) {
    note.content = content_of(*replied);
    if (!own_text.empty()) note.content.source = own_text;
  } else {
    note.content.source = own_text;
  }
  const ContentCheck check = check_content(ctx, note.content, true, "Button");
  if (!check.error.empty()) {
    co_await ctx.reply(check.error);
    co_return;
  }

  auto existing = ctx.services.content.note(ctx.chat_id, note.name);
  if (!existing) co_return co_await storage_failure(ctx, existing.error());
  if (existing->has_value()) {
    const std::int64_t token_value = random_token();
    const std::string token = std::to_string(token_value);
    const std::int64_t expires = core::unix_now() + kOverwriteSeconds;
    auto stored =
        ctx.services.chats.put_confirmation(ctx.chat_id, confirmation_key(token_value),
                                            overwrite_payload(ctx.sender.id, note), expires);
    if (!stored) co_return co_await storage_failure(ctx, stored.error());
    core::Keyboard keyboard = yes_no_keyboard(ctx, "noteSave", token);
    std::string question =
        ctx.text("notes.overwrite_question", "name", text::escape_html((*existing)->display_name));
    co_await ctx.reply(std::move(question), std::move(keyboard));
    co_return;
  }
  auto saved = ctx.services.content.save_note(ctx.chat_id, note, ctx.sender.id);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  co_await ctx.reply(saved_text(ctx, note.display_name, note.content));
}

asio::awaitable<void> overwrite_pressed(Context& ctx, const CallbackData& data) {
  auto token = data.get_int("t");
  if (!token || *token <= 0) {
    co_await ctx.answer_callback(ctx.text("common.button_invalid"), true);
    co_return;
  }
  const std::int64_t key = confirmation_key(*token);
  auto payload = ctx.services.chats.peek_confirmation(ctx.chat_id, key, core::unix_now());
  if (!payload) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  payload.error().message);
  }
  std::optional<PendingNote> pending;
  if (payload && payload->has_value()) pending = parse_overwrite_payload(**payload);
  if (!pending) {
    co_await ctx.answer_callback(ctx.text("notes.button_expired"), true);
    co_return;
  }

  auto member = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  // An anonymous admin cannot press buttons, so any admin with the right to change the chat
  // info confirms for them.
  const bool anonymous_request = pending->requester_id == ctx.chat_id;
  const bool same_user = pending->requester_id == ctx.sender.id;
  const bool allowed =
      member.has_value() &&
      (same_user || (anonymous_request && core::has_right(*member, Right::kChangeInfo)));
  if (!allowed) {
    co_await ctx.answer_callback(ctx.text("notes.button_expired"), true);
    co_return;
  }

  auto claimed = ctx.services.chats.take_confirmation(ctx.chat_id, key, core::unix_now());
  if (!claimed || !claimed->has_value()) {
    co_await ctx.answer_callback(ctx.text("notes.button_expired"), true);
    co_return;
  }
  const std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;

  const std::string name = text::escape_html(pending->note.display_name);
  if (data.get("a") != "y") {
    co_await ctx.answer_callback();
    if (message_id)
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text("notes.overwrite_kept", "name", name));
    co_return;
  }
  // The question was about replacing a note. When that note has been deleted since (by /clear
  // or /clearall), the request is dropped rather than saved as a new note.
  auto current = ctx.services.content.note(ctx.chat_id, pending->note.name);
  if (!current) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  current.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  if (!current->has_value()) {
    co_await ctx.answer_callback(ctx.text("notes.overwrite_gone_alert"), true);
    if (message_id) {
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text("notes.overwrite_gone", "name", name));
    }
    co_return;
  }
  auto saved = ctx.services.content.save_note(ctx.chat_id, pending->note, ctx.sender.id);
  if (!saved) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  saved.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  co_await ctx.answer_callback();
  if (message_id) {
    co_await ctx.edit(ctx.chat_id, message_id,
                      saved_text(ctx, pending->note.display_name, pending->note.content));
  }
}

// --- Removing -----------------------------------------------------------------------------

asio::awaitable<void> clear_command(Context& ctx, const CommandCall& call) {
  std::string_view name;
  if (!call.args.empty()) name = strip_hash(call.args.front());
  if (name.empty()) {
    co_await ctx.reply(ctx.text("notes.clear_usage"));
    co_return;
  }
  const std::string escaped_name = text::escape_html(name);
  auto removed = ctx.services.content.remove_note(ctx.chat_id, text::fold_for_matching(name));
  if (!removed) co_return co_await storage_failure(ctx, removed.error());
  std::string text = *removed ? ctx.text("notes.cleared", "name", escaped_name)
                              : ctx.text("notes.not_found", "name", escaped_name);
  co_await ctx.reply(std::move(text));
}

// A /clearall question is stored as a pending confirmation under one key per chat, so that a
// new question replaces the one before. The key is below every overwrite question's key (see
// confirmation_key), and the payload names the token that the question's buttons carry.
constexpr std::int64_t kClearAllKey = -(1LL << 40);
constexpr std::string_view kClearAllKind = "clearall";

// The payload also records when the question was asked, so that Yes removes only the notes
// the question counted and keeps those saved after it.
std::string clearall_payload(std::int64_t token, std::int64_t asked_at) {
  json::object object;
  object["k"] = kClearAllKind;
  object["t"] = token;
  object["at"] = asked_at;
  return json::serialize(object);
}

// Returns when the /clearall question with `token` was asked, or nothing when `payload` is not
// that question.
std::optional<std::int64_t> clearall_question_time(const std::string& payload, std::int64_t token) {
  boost::system::error_code error;
  json::value value = json::parse(payload, error);
  if (error || !value.is_object()) return std::nullopt;
  const json::object& object = value.as_object();
  const auto* kind = object.if_contains("k");
  const auto* stored_token = object.if_contains("t");
  const auto* asked_at = object.if_contains("at");
  const bool matches = kind && kind->is_string() && kind->as_string() == kClearAllKind &&
                       stored_token && stored_token->is_int64() &&
                       stored_token->as_int64() == token && asked_at && asked_at->is_int64();
  if (!matches) return std::nullopt;
  return asked_at->as_int64();
}

asio::awaitable<void> clearall_command(Context& ctx, const CommandCall&) {
  auto notes = ctx.services.content.notes(ctx.chat_id);
  if (!notes) co_return co_await storage_failure(ctx, notes.error());
  if (notes->empty()) {
    co_await ctx.reply(ctx.text("notes.none"));
    co_return;
  }
  const std::int64_t token_value = random_token();
  const std::string token = std::to_string(token_value);
  const std::int64_t expires = ctx.now() + kClearAllSeconds;
  auto stored = ctx.services.chats.put_confirmation(
      ctx.chat_id, kClearAllKey, clearall_payload(token_value, storage::ContentStore::now_ms()),
      expires);
  if (!stored) co_return co_await storage_failure(ctx, stored.error());
  core::Keyboard keyboard = yes_no_keyboard(ctx, "noteClr", token);
  std::string question =
      ctx.text("notes.clearall_question", "count", std::to_string(notes->size()));
  co_await ctx.reply(std::move(question), std::move(keyboard));
}

asio::awaitable<void> clearall_pressed(Context& ctx, const CallbackData& data) {
  auto owner = co_await core::find_admin(ctx, ctx.chat_id, ctx.sender.id);
  if (!owner || owner->status != telegram::MemberStatus::kCreator) {
    co_await ctx.answer_callback(ctx.text("common.owner_only"), true);
    co_return;
  }

  auto token = data.get_int("t");
  if (!token || *token <= 0) {
    // Buttons sent before /clearall questions carried a token have none and are rejected.
    co_await ctx.answer_callback(ctx.text("notes.clearall_expired"), true);
    co_return;
  }

  // Only the latest question of the chat, unexpired and unanswered, may be answered. It is
  // checked before it is taken, so that an old button leaves a newer question in place.
  const std::int64_t now = ctx.now();
  auto payload = ctx.services.chats.peek_confirmation(ctx.chat_id, kClearAllKey, now);
  if (!payload) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  payload.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  const bool current = payload->has_value() && clearall_question_time(**payload, *token);
  if (!current) {
    co_await ctx.answer_callback(ctx.text("notes.clearall_expired"), true);
    co_return;
  }

  auto claimed = ctx.services.chats.take_confirmation(ctx.chat_id, kClearAllKey, now);
  if (!claimed) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  claimed.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  const std::optional<std::int64_t> asked_at =
      claimed->has_value() ? clearall_question_time(**claimed, *token) : std::nullopt;
  if (!asked_at) {
    co_await ctx.answer_callback(ctx.text("notes.clearall_expired"), true);
    co_return;
  }

  const std::int64_t message_id = ctx.callback->message ? ctx.callback->message->message_id : 0;
  if (data.get("a") != "y") {
    co_await ctx.answer_callback();
    if (message_id)
      co_await ctx.edit(ctx.chat_id, message_id, ctx.text("notes.clearall_cancelled"));
    co_return;
  }

  auto removed = ctx.services.content.remove_notes_saved_until(ctx.chat_id, *asked_at);
  if (!removed) {
    spdlog::error("event=storage_failed module=notes chat_id={} error=\"{}\"", ctx.chat_id,
                  removed.error().message);
    co_await ctx.answer_callback(ctx.text("common.storage_error"), true);
    co_return;
  }
  co_await ctx.answer_callback();
  if (message_id) {
    co_await ctx.edit(ctx.chat_id, message_id,
                      ctx.text("notes.clearall_done", "count", std::to_string(*removed)));
  }
}

// --- Getting ------------------------------------------------------------------------------

// Sends the note `name_arg` (a leading '#' allowed) as /get and #name do. `quiet` leaves
// unknown names without a reply (for #name).
asio::awaitable<void> get_note(Context& ctx, std::string_view name_arg, bool noformat, bool quiet) {
  const std::string key = text::fold_for_matching(strip_hash(name_arg));
  if (key.empty()) {
    if (!quiet) co_await ctx.reply(ctx.text("notes.get_usage"));
    co_return;
  }
  auto found = ctx.services.content.note(ctx.chat_id, key);
  if (!found) co_return co_await storage_failure(ctx, found.error());
  if (!found->has_value()) {
    if (quiet) co_return;
    co_await ctx.reply(
        ctx.text("notes.not_found", "name", text::escape_html(strip_hash(name_arg))));
    co_return;
  }
  const storage::Note& note = **found;
  const std::string name = text::escape_html(note.display_name);
  const text::NoteFlags flags = flags_of(note.content);
  bool admin = false;
  if (flags.admin_only || noformat) admin = co_await sender_is_admin(ctx, ctx.chat_id);
  if (flags.admin_only && !admin) {
    co_await ctx.reply(ctx.text("notes.admins_only", "name", name));
    co_return;
  }
  if (noformat && !admin) {
    co_await ctx.reply(ctx.text("notes.noformat_admins_only"));
    co_return;
  }

  SendOptions options;
  options.chat_id = ctx.chat_id;
  options.reply_to = ctx.message->message_id;
  if (noformat) {
    options.noformat = true;
    auto sent = co_await send_content(ctx, note.content, options);
    if (!sent) co_await ctx.reply(send_error_text(ctx, sent.error()));
    co_return;
  }

  auto private_chat = ctx.services.content.private_notes(ctx.chat_id);
  if (!private_chat) co_return co_await storage_failure(ctx, private_chat.error());
  const bool in_private = (*private_chat || flags.private_only) && !flags.group_only;
  if (in_private) {
    const std::string url = deep_link(ctx, note_payload(ctx.chat_id, note.name));
    core::Keyboard keyboard =
        core::single_row(core::button_url(ctx.text("notes.private_button"), url));
    co_await ctx.reply(ctx.text("notes.private_prompt", "name", name), std::move(keyboard));
    co_return;
  }

  if (ctx.message->reply_to_message) options.reply_to = ctx.message->reply_to_message->message_id;
  options.user = requester(ctx);
  if (ctx.message->chat.title) options.chat_title = *ctx.message->chat.title;
  options.random_variant = true;
  options.note_flags = true;
  auto sent = co_await send_content(ctx, note.content, options);
  if (!sent) co_await ctx.reply(send_error_text(ctx, sent.error()));
}

asio::awaitable<void> get_command(Context& ctx, const CommandCall& call) {
  if (call.args.empty()) {
    co_await ctx.reply(ctx.text("notes.get_usage"));
    co_return;
  }
  const bool noformat = call.args.size() > 1 && storage::to_lower_ascii(call.args[1]) == "noformat";
  co_await get_note(ctx, call.args.front(), noformat, false);
}

// Sends the note that a group message "#name [noformat]" names.
asio::awaitable<core::Flow> hashtag_watcher(Context& ctx) {
  if (!ctx.in_group() || !ctx.message || !ctx.message->text) co_return core::Flow::kContinue;
  if (ctx.sender.kind == core::SenderKind::kLinkedChannel ||
      ctx.sender.kind == core::SenderKind::kNone) {
    co_return core::Flow::kContinue;
  }
  const std::string& text = *ctx.message->text;
  if (!text.starts_with('#')) co_return core::Flow::kContinue;
  const std::vector<std::string> words = core::split_arguments(text);
  if (words.empty() || words.front().size() < 2 || !words.front().starts_with('#')) {
    co_return core::Flow::kContinue;
  }
  const bool noformat = words.size() > 1 && storage::to_lower_ascii(words[1]) == "noformat";
  co_await get_note(ctx, words.front(), noformat, true);
  co_return core::Flow::kContinue;
}

// --- Listing ------------------------------------------------------------------------------

// Returns the notes of `chat_id` that the sender may see, or nothing after a storage failure,
// which has been reported to the sender.
asio::awaitable<std::optional<std::vector<storage::Note>>> visible_notes(Context& ctx,
                                                                         std::int64_t chat_id) {
  auto notes = ctx.services.content.notes(chat_id);
  if (!notes) {
    co_await storage_failure(ctx, notes.error());
    co_return std::nullopt;
  }
  bool any_admin_only = false;
  for (const storage::Note& note : *notes) any_admin_only |= flags_of(note.content).admin_only;
  bool admin = false;
  if (any_admin_only) admin = co_await sender_is_admin(ctx, chat_id);
  std::vector<storage::Note> visible;
  for (storage::Note& note : *notes) {
    if (admin || !flags_of(note.content).admin_only) visible.push_back(std::move(note));
  }
  co_return visible;
}

asio::awaitable<void> notes_command(Context& ctx, const CommandCall&) {
  auto notes = co_await visible_notes(ctx, ctx.chat_id);
  if (!notes) co_return;
  if (notes->empty()) {
    co_await ctx.reply(ctx.text("notes.none"));
    co_return;
  }
  auto private_chat = ctx.services.content.private_notes(ctx.chat_id);
  if (!private_chat) co_return co_await storage_failure(ctx, private_chat.error());
  if (*private_chat) {
    const std::string url = deep_link(ctx, list_payload(ctx.chat_id));
    core::Keyboard keyboard =
        core::single_row(core::button_url(ctx.text("notes.private_list_button"), url));
    co_await ctx.reply(ctx.text("notes.private_list_prompt"), std::move(keyboard));
    co_return;
  }
  std::vector<std::string> lines;
  lines.reserve(notes->size() + 1);
  for (const storage::Note& note : *notes) {
    lines.push_back(" - <code>#" + text::escape_html(note.display_name) + "</code>");
  }
  lines.push_back("\n" + ctx.text("notes.list_footer"));
  std::string header = ctx.text("notes.list_header");
  co_await reply_lines(ctx, std::move(header), lines);
}

asio::awaitable<void> privnote_command(Context& ctx, const CommandCall& call) {
  if (call.args.empty()) {
    auto enabled = ctx.services.content.private_notes(ctx.chat_id);
    if (!enabled) co_return co_await storage_failure(ctx, enabled.error());
    std::string text =
        *enabled ? ctx.text("notes.private_is_on") : ctx.text("notes.private_is_off");
    co_await ctx.reply(std::move(text));
    co_return;
  }
  auto toggle = parse_toggle(call.args.front());
  if (!toggle) {
    co_await ctx.reply(ctx.text("notes.privnote_usage"));
    co_return;
  }
  auto saved = ctx.services.content.set_private_notes(ctx.chat_id, *toggle);
  if (!saved) co_return co_await storage_failure(ctx, saved.error());
  std::string text = *toggle ? ctx.text("notes.private_on") : ctx.text("notes.private_off");
  co_await ctx.reply(std::move(text));
}

// --- Deep links (private chat) ------------------------------------------------------------

// Checks that the sender is in `chat_id`. Replies and returns false when not.
asio::awaitable<bool> require_membership(Context& ctx, std::int64_t chat_id) {
  auto member = co_await ctx.services.api.get_chat_member(chat_id, ctx.sender.id);
  const bool present = member && member->is_present();
  if (!present) co_await ctx.reply(ctx.text("notes.not_a_member"));
  co_return present;
}

asio::awaitable<std::string> chat_title(Context& ctx, std::int64_t chat_id) {
  auto chat = co_await ctx.services.api.get_chat(chat_id);
  std::string title;
  if (chat && chat->chat.title) title = *chat->chat.title;
  co_return title;
}

asio::awaitable<void> note_link(Context& ctx, std::string_view rest) {
  const std::size_t separator = rest.find('_');
  std::optional<std::int64_t> chat_id;
  std::string_view encoded;
  if (separator != std::string_view::npos) {
    chat_id = parse_chat_id(rest.substr(0, separator));
    encoded = rest.substr(separator + 1);
  }
  if (!chat_id || encoded.size() < 2) {
    co_await ctx.reply(ctx.text("notes.link_invalid"));
    co_return;
  }
  auto member_ok = co_await require_membership(ctx, *chat_id);
  if (!member_ok) co_return;

  std::optional<storage::Note> note;
  if (encoded.front() == 'b') {
    auto key = base64url_decode(encoded.substr(1));
    if (key && !key->empty()) {
      auto found = ctx.services.content.note(*chat_id, *key);
      if (!found) co_return co_await storage_failure(ctx, found.error());
      note = std::move(*found);
    }
  } else if (encoded.front() == 'h') {
    auto all = ctx.services.content.notes(*chat_id);
    if (!all) co_return co_await storage_failure(ctx, all.error());
    for (storage::Note& candidate : *all) {
      if (name_hash(candidate.name) == encoded.substr(1)) {
        note = std::move(candidate);
        break;
      }
    }
  }
  if (!note) {
    co_await ctx.reply(ctx.text("notes.link_gone"));
    co_return;
  }
  const std::string name = text::escape_html(note->display_name);
  if (flags_of(note->content).admin_only) {
    auto admin = co_await core::is_admin(ctx, *chat_id, ctx.sender.id);
    if (!admin) {
      co_await ctx.reply(ctx.text("notes.admins_only", "name", name));
      co_return;
    }
  }
  SendOptions options;
  options.chat_id = ctx.chat_id;
  options.reply_to = ctx.message->message_id;
  options.user = requester(ctx);
  options.rules_chat_id = *chat_id;
  if (note->content.source.find("{chatname}") != std::string::npos) {
    options.chat_title = co_await chat_title(ctx, *chat_id);
  }
  options.random_variant = true;
  options.note_flags = true;
  auto sent = co_await send_content(ctx, note->content, options);
  if (!sent) co_await ctx.reply(send_error_text(ctx, sent.error()));
}

asio::awaitable<void> list_link(Context& ctx, std::string_view rest) {
  auto chat_id = parse_chat_id(rest);
  if (!chat_id) {
    co_await ctx.reply(ctx.text("notes.link_invalid"));
    co_return;
  }
  auto member_ok = co_await require_membership(ctx, *chat_id);
  if (!member_ok) co_return;
  auto notes = co_await visible_notes(ctx, *chat_id);
  if (!notes) co_return;
  if (notes->empty()) {
    co_await ctx.reply(ctx.text("notes.none"));
    co_return;
  }
  const std::string title = co_await chat_title(ctx, *chat_id);
  std::vector<std::string> lines;
  lines.reserve(notes->size() + 1);
  for (const storage::Note& note : *notes) {
    const std::string url = deep_link(ctx, note_payload(*chat_id, note.name));
    lines.push_back(fmt::format(" - <a href=\"{}\">{}</a>", text::escape_html(url),
                                text::escape_html(note.display_name)));
  }
  lines.push_back("\n" + ctx.text("notes.private_list_footer"));
  std::string header = ctx.text("notes.private_list_header", "chat", text::escape_html(title));
  co_await reply_lines(ctx, std::move(header), lines);
}

// --- Registration -------------------------------------------------------------------------

core::Command make_command(std::string name, std::vector<std::string> aliases,
                           core::CommandHandler handler) {
  core::Command command;
  command.name = std::move(name);
  command.aliases = std::move(aliases);
  command.group_only = true;
  command.help_key = "notes.help_" + command.name;
  command.handler = std::move(handler);
  return command;
}

}  // namespace

core::Module notes_module() {
  core::Module module;
  module.name = "Notes";
  module.help_key = "notes.help";
  module.priority = 160;
  module.in_help = true;
  module.help_aliases = {"note", "notes"};

  auto save = make_command("save", {"addnote"}, save_command);
  save.access = core::Access::kAdmin;
  save.user_right = Right::kChangeInfo;
  save.anonymous_confirm = true;
  module.commands.push_back(save);

  auto get = make_command("get", {}, get_command);
  get.disableable = true;
  module.commands.push_back(get);

  auto list = make_command("notes", {"saved"}, notes_command);
  list.disableable = true;
  module.commands.push_back(list);

  auto clear = make_command("clear", {"rmnote"}, clear_command);
  clear.access = core::Access::kAdmin;
  clear.user_right = Right::kChangeInfo;
  clear.anonymous_confirm = true;
  module.commands.push_back(clear);

  auto privnote = make_command("privnote", {"privatenotes"}, privnote_command);
  privnote.access = core::Access::kAdmin;
  module.commands.push_back(privnote);

  auto clearall = make_command("clearall", {}, clearall_command);
  clearall.access = core::Access::kOwner;
  module.commands.push_back(clearall);

  module.callbacks["noteSave"] = overwrite_pressed;
  module.callbacks["noteClr"] = clearall_pressed;

  core::WatcherSpec hashtag;
  hashtag.group = 10;
  hashtag.kinds = {telegram::UpdateKind::kMessage};
  hashtag.handler = hashtag_watcher;
  module.watchers.push_back(std::move(hashtag));

  module.deep_links[std::string(kNotePrefix)] = note_link;
  module.deep_links[std::string(kListPrefix)] = list_link;
  return module;
}

}  // namespace warden::modules

#include "modules/content.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>
#include <map>
#include <random>

#include "core/registry.h"
#include "storage/directory.h"
#include "text/entities_to_markdown.h"
#include "text/html.h"
#include "text/markdown.h"
#include "text/placeholders.h"
#include "text/split.h"
#include "text/utf8.h"

namespace warden::modules {
namespace json = boost::json;

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

// The byte offset of UTF-16 offset `units` in `text`, or text.size() when it lies beyond.
std::size_t byte_offset_of(std::string_view text, std::size_t units) {
  std::size_t at = 0;
  std::size_t counted = 0;
  while (at < text.size() && counted < units) {
    const text::DecodedChar decoded = text::decode_utf8(text, at);
    counted += text::utf16_units(decoded.code_point);
    at += decoded.size;
  }
  return at;
}

// Media that Telegram sends without a caption.
bool takes_caption(std::string_view media_type) {
  return media_type != "sticker" && media_type != "video_note";
}

std::string send_method(std::string_view media_type) {
  if (media_type == "video_note") return "sendVideoNote";
  std::string method = "send";
  method += static_cast<char>(std::toupper(static_cast<unsigned char>(media_type.front())));
  method += media_type.substr(1);
  return method;
}

bool is_known_media(std::string_view media_type) {
  for (std::string_view known :
       {"photo", "video", "animation", "document", "sticker", "audio", "voice", "video_note"}) {
    if (media_type == known) return true;
  }
  return false;
}

json::array keyboard_of(const text::ButtonRows& rows) {
  json::array keyboard;
  for (const auto& row : rows) {
    json::array buttons;
    for (const text::Button& button : row)
      buttons.push_back(core::button_url(button.text, button.url));
    if (!buttons.empty()) keyboard.push_back(std::move(buttons));
  }
  return keyboard;
}

std::size_t random_index(std::size_t count) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  return std::uniform_int_distribution<std::size_t>(0, count - 1)(generator);
}

// The common parameters of one message of the content.
json::object message_params(const core::Context& ctx, const SendOptions& options,
                            std::int64_t reply_to) {
  json::object params;
  params["chat_id"] = options.chat_id;
  if (reply_to != 0) {
    params["reply_parameters"] =
        json::object{{"message_id", reply_to}, {"allow_sending_without_reply", true}};
  }
  const telegram::Message* trigger = ctx.message;
  if (trigger && trigger->is_topic_message && trigger->message_thread_id &&
      trigger->chat.id == options.chat_id) {
    params["message_thread_id"] = *trigger->message_thread_id;
  }
  if (options.disable_notification) params["disable_notification"] = true;
  if (options.protect_content) params["protect_content"] = true;
  return params;
}

// Reads the count from a getChatMemberCount response body ({"ok":true,"result":N}); 0 when
// the body has no integer result.
std::int64_t member_count_of(std::string_view body) {
  boost::system::error_code error;
  const json::value value = json::parse(body, error);
  if (error || !value.is_object()) return 0;
  const json::value* result = value.as_object().if_contains("result");
  if (!result || !result->is_int64()) return 0;
  return result->as_int64();
}

// Returns true when HTML has a character outside tags that is not whitespace.
bool has_visible_text(std::string_view html) {
  bool in_tag = false;
  for (const char c : html) {
    if (c == '<') {
      in_tag = true;
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag && !is_space(c)) {
      return true;
    }
  }
  return false;
}

// Returns true when every %%%-separated variant of rendered HTML still has visible text after
// note flags and, where buttons are allowed, {rules} tokens are removed. Content such as "%%%"
// or "{private}" alone could never be sent.
bool every_variant_visible(const std::string& html, bool allow_buttons) {
  std::size_t count = 0;
  const std::string first = text::choose_random_variant(html, [&count](std::size_t variants) {
    count = variants;
    return std::size_t{0};
  });
  if (count == 0) count = 1;  // no variant at all: check the (empty) result once
  for (std::size_t index = 0; index < count; ++index) {
    std::string variant =
        index == 0 ? first
                   : text::choose_random_variant(html, [index](std::size_t) { return index; });
    std::string visible = text::extract_note_flags(variant).text;
    if (allow_buttons) visible = text::extract_rules_tokens(visible).text;
    if (!has_visible_text(visible)) return false;
  }
  return true;
}

}  // namespace

std::string markdown_from(const telegram::Message& message, std::size_t from_utf16) {
  const std::string* text = message.text_or_caption();
  if (!text) return {};
  const std::size_t from_byte = byte_offset_of(*text, from_utf16);
  std::vector<telegram::MessageEntity> shifted;
  for (const telegram::MessageEntity& entity : message.text_or_caption_entities()) {
    const std::int64_t begin = std::max<std::int64_t>(entity.offset, from_utf16);
    const std::int64_t end = static_cast<std::int64_t>(entity.offset) + entity.length;
    if (end <= begin) continue;
    telegram::MessageEntity copy = entity;
    copy.offset = static_cast<std::int32_t>(begin - static_cast<std::int64_t>(from_utf16));
    copy.length = static_cast<std::int32_t>(end - begin);
    shifted.push_back(std::move(copy));
  }
  std::string markdown =
      text::entities_to_markdown(std::string_view(*text).substr(from_byte), shifted);
  return std::string(trim(markdown));
}

std::size_t offset_after_arguments(const core::CommandCall& call, std::size_t count) {
  const std::string_view args = call.raw_args;
  std::size_t i = 0;
  for (std::size_t skipped = 0; skipped < count; ++skipped) {
    while (i < args.size() && is_space(args[i])) ++i;
    if (i >= args.size()) break;
    if (args[i] == '"' || args[i] == '\'') {
      const char quote = args[i++];
      while (i < args.size() && args[i] != quote) {
        if (args[i] == '\\' && i + 1 < args.size()) ++i;
        ++i;
      }
      if (i < args.size()) ++i;  // the closing quote
    } else {
      while (i < args.size() && !is_space(args[i])) ++i;
    }
  }
  while (i < args.size() && is_space(args[i])) ++i;
  return call.args_offset_utf16 + text::utf16_length(args.substr(0, i));
}

storage::StoredContent content_of(const telegram::Message& message) {
  storage::StoredContent content;
  content.source = markdown_from(message, 0);
  // The URL buttons of a message (such as a note the bot sent) are kept as button lines, so
  // that saving that message keeps its keyboard. Other buttons cannot be stored and are dropped.
  text::ButtonRows rows;
  for (const auto& row : message.inline_keyboard) {
    bool first_in_row = true;
    for (const telegram::InlineButton& button : row) {
      if (!button.url) continue;
      text::add_button(rows, text::Button{button.text, *button.url}, !first_in_row);
      first_in_row = false;
    }
  }
  if (!rows.empty()) {
    if (!content.source.empty()) content.source += '\n';
    content.source += text::buttons_to_markdown(rows);
  }
  if (message.media_type && message.media_file_id && is_known_media(*message.media_type)) {
    content.media_type = *message.media_type;
    content.file_id = *message.media_file_id;
  }
  return content;
}

bool is_command_message(const telegram::Message& message) {
  const std::string* text = message.text_or_caption();
  if (!text || text->size() < 2) return false;
  if ((*text)[0] != '/' && (*text)[0] != '!') return false;
  const unsigned char next = static_cast<unsigned char>((*text)[1]);
  return std::isalnum(next) || next == '_';
}

std::optional<bool> parse_toggle(std::string_view value) {
  const std::string lower = storage::to_lower_ascii(std::string(value));
  if (lower == "on" || lower == "yes" || lower == "true") return true;
  if (lower == "off" || lower == "no" || lower == "false") return false;
  return std::nullopt;
}

ContentCheck check_content(const core::Context& ctx, const storage::StoredContent& content,
                           bool allow_buttons, std::string_view unnamed_button_text) {
  ContentCheck check;
  text::MarkdownOptions markdown_options;
  markdown_options.allow_buttons = allow_buttons;
  markdown_options.unnamed_button_text = std::string(unnamed_button_text);
  const text::Rendered rendered = text::markdown_to_html(content.source, markdown_options);
  check.problems = rendered.problems;
  if (content.media_type.empty() && !every_variant_visible(rendered.html, allow_buttons)) {
    check.error = ctx.text("content.empty");
    return check;
  }
  const std::size_t length = text::rendered_length(rendered.html);
  if (length > kMaxContentLength) {
    check.error = ctx.text("content.too_long", "length", std::to_string(length), "limit",
                           std::to_string(kMaxContentLength));
  }
  return check;
}

std::string describe_problems(const core::Context& ctx,
                              const std::vector<text::ButtonProblem>& problems) {
  std::string lines;
  for (const text::ButtonProblem& problem : problems) {
    if (!lines.empty()) lines += '\n';
    lines += ctx.text("content.button_left_out", "name", text::escape_html(problem.name), "url",
                      text::escape_html(problem.url), "reason", text::escape_html(problem.reason));
  }
  return lines;
}

void put_content(json::object& payload, const storage::StoredContent& content) {
  payload["s"] = content.source;
  payload["t"] = content.media_type;
  payload["f"] = content.file_id;
}

std::optional<storage::StoredContent> get_content(const json::object& payload) {
  const auto* source = payload.if_contains("s");
  const auto* media_type = payload.if_contains("t");
  const auto* file_id = payload.if_contains("f");
  const bool valid = source && source->is_string() && media_type && media_type->is_string() &&
                     file_id && file_id->is_string();
  if (!valid) return std::nullopt;
  return storage::StoredContent{std::string(source->as_string()),
                                std::string(media_type->as_string()),
                                std::string(file_id->as_string())};
}

core::Keyboard yes_no_keyboard(const core::Context& ctx, std::string_view name_space,
                               std::string_view token) {
  std::map<std::string, std::string> yes{{"a", "y"}, {"t", std::string(token)}};
  std::map<std::string, std::string> no{{"a", "n"}, {"t", std::string(token)}};
  return core::single_row(
      core::button_callback(ctx.text("common.yes"), *core::make_callback_data(name_space, yes)),
      core::button_callback(ctx.text("common.no"), *core::make_callback_data(name_space, no)));
}

std::string deep_link(const core::Context& ctx, std::string_view payload) {
  return "https://t.me/" + ctx.services.me.username.value_or("") + "?start=" + std::string(payload);
}

boost::asio::awaitable<std::optional<text::Button>> rules_button(core::Context& ctx,
                                                                 std::int64_t chat_id) {
  auto rules = ctx.services.content.rules(chat_id);
  if (!rules) {
    spdlog::error("event=rules_load_failed chat_id={} error=\"{}\"", chat_id,
                  rules.error().message);
    co_return std::nullopt;
  }
  if (trim(rules->content).empty()) co_return std::nullopt;
  std::string label =
      rules->button_text.empty() ? ctx.text("rules.default_button") : rules->button_text;
  co_return text::Button{std::move(label), deep_link(ctx, "rules_" + std::to_string(chat_id))};
}

boost::asio::awaitable<telegram::ApiResult<std::vector<std::int64_t>>> send_content(
    core::Context& ctx, const storage::StoredContent& content, const SendOptions& options) {
  std::string html;
  text::ButtonRows rows;
  bool web_preview = options.web_preview;
  bool protect = options.protect_content;
  bool silent = options.disable_notification;
  if (options.noformat) {
    html = text::escape_html(content.source);
  } else {
    text::MarkdownOptions markdown_options;
    markdown_options.allow_buttons = options.allow_buttons;
    markdown_options.unnamed_button_text = options.unnamed_button_text;
    text::Rendered rendered = text::markdown_to_html(content.source, markdown_options);
    html = std::move(rendered.html);
    rows = std::move(rendered.rows);
    if (options.random_variant) html = text::choose_random_variant(html, random_index);
    if (options.note_flags) {
      text::FlaggedContent flagged = text::extract_note_flags(html);
      html = std::move(flagged.text);
      if (flagged.flags.web_preview) web_preview = true;
      if (flagged.flags.no_web_preview) web_preview = false;
      if (flagged.flags.is_protected) protect = true;
      if (flagged.flags.no_notif) silent = true;
    }
    // Rules, where buttons are not allowed, keep a literal {rules} as written.
    text::RulesTokens rules_tokens;
    if (options.allow_buttons) {
      rules_tokens = text::extract_rules_tokens(html);
      html = std::move(rules_tokens.text);
    }
    if (rules_tokens.position) {
      const std::int64_t rules_chat = options.rules_chat_id ? options.rules_chat_id : ctx.chat_id;
      auto button = co_await rules_button(ctx, rules_chat);
      if (button) text::place_rules_button(rows, std::move(*button), *rules_tokens.position);
    }
    if (options.fillings) {
      std::int64_t member_count = 0;
      if (html.find("{count}") != std::string::npos) {
        json::object params{{"chat_id", options.chat_id}};
        telegram::CallOptions call_options;
        call_options.chat_id = options.chat_id;
        auto counted = co_await ctx.services.api.call("getChatMemberCount", params, call_options);
        if (counted) {
          member_count = member_count_of(*counted);
        } else {
          spdlog::warn("event=member_count_failed chat_id={} error=\"{}\"", options.chat_id,
                       counted.error().description);
        }
      }
      text::FillingContext filling;
      filling.user = options.user;
      filling.chat_title = options.chat_title;
      filling.member_count = [member_count] { return member_count; };
      html = text::fill_placeholders(html, filling);
    }
  }

  SendOptions effective = options;
  effective.protect_content = protect;
  effective.disable_notification = silent;
  std::vector<std::int64_t> sent_ids;
  const bool has_media = !content.media_type.empty() && !content.file_id.empty();
  const bool text_in_caption = has_media && takes_caption(content.media_type) &&
                               text::rendered_length(html) <= text::kMaxCaptionLength;
  std::vector<std::string> parts;
  if (!text_in_caption && !trim(html).empty()) parts = text::split_html(html, text::kMaxTextLength);
  if (!has_media && parts.empty()) co_return sent_ids;

  telegram::CallOptions call_options;
  call_options.chat_id = options.chat_id;
  call_options.priority = options.priority;
  call_options.counts_as_message = true;
  ctx.acted = true;
  std::int64_t reply_to = options.reply_to;

  if (has_media) {
    json::object params = message_params(ctx, effective, reply_to);
    params[content.media_type] = content.file_id;
    if (text_in_caption && !trim(html).empty()) {
      params["caption"] = html;
      params["parse_mode"] = "HTML";
    }
    if (parts.empty() && !rows.empty()) {
      params["reply_markup"] = json::object{{"inline_keyboard", keyboard_of(rows)}};
    }
    auto sent = co_await ctx.services.api.call_message(send_method(content.media_type),
                                                       std::move(params), call_options);
    if (!sent) {
      spdlog::warn("event=content_send_failed chat_id={} media_type={} error=\"{}\"",
                   options.chat_id, content.media_type, sent.error().description);
      co_return tl::unexpected(sent.error());
    }
    sent_ids.push_back(sent->message_id);
    reply_to = 0;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    json::object params = message_params(ctx, effective, reply_to);
    params["text"] = std::move(parts[i]);
    params["parse_mode"] = "HTML";
    params["link_preview_options"] = json::object{{"is_disabled", !web_preview}};
    if (i + 1 == parts.size() && !rows.empty()) {
      params["reply_markup"] = json::object{{"inline_keyboard", keyboard_of(rows)}};
    }
    auto sent =
        co_await ctx.services.api.call_message("sendMessage", std::move(params), call_options);
    if (!sent) {
      spdlog::warn("event=content_send_failed chat_id={} part={} error=\"{}\"", options.chat_id, i,
                   sent.error().description);
      co_return tl::unexpected(sent.error());
    }
    sent_ids.push_back(sent->message_id);
    reply_to = 0;
  }
  co_return sent_ids;
}

}  // namespace warden::modules

#pragma once

// Capturing, checking and sending the content admins store: notes, filters, greetings and
// rules. Content is kept as the admin's markdown source (formatting applied in the Telegram
// client included, see text/entities_to_markdown.h) plus optional media by file_id, and is
// rendered to Telegram HTML each time it is sent.

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/command.h"
#include "core/context.h"
#include "storage/content_store.h"
#include "text/buttons.h"

namespace warden::modules {

// The maximum rendered length of stored text, in Telegram's characters: four full messages. Longer
// output is split into several messages when sent, so the limit only bounds storage.
inline constexpr std::size_t kMaxContentLength = 4 * 4096;

// The markdown of the message's text (or caption) from UTF-16 offset `from_utf16` on, with the
// formatting of its entities, leading and trailing whitespace removed.
std::string markdown_from(const telegram::Message& message, std::size_t from_utf16);

// The UTF-16 offset in the command's message just after its first `count` arguments (quoted
// arguments count as one, as in core::split_arguments) and the whitespace that follows them.
std::size_t offset_after_arguments(const core::CommandCall& call, std::size_t count);

// A message's content: its text or caption as markdown, and its media.
storage::StoredContent content_of(const telegram::Message& message);

// Returns true when the message's text or caption starts with a command ("/name" or "!name"),
// including commands this bot does not have and commands addressed to another bot. Filters and
// keyword reactions skip such messages.
bool is_command_message(const telegram::Message& message);

// Parses on/yes/true and off/no/false, in any letter case.
std::optional<bool> parse_toggle(std::string_view value);

struct ContentCheck {
  // A reply for the admin when the content cannot be stored; empty when it can.
  std::string error;
  // Buttons left out, to report after saving the rest.
  std::vector<text::ButtonProblem> problems;
};

// Checks content before it is stored: it must have text or media, and its text must render to
// at most kMaxContentLength characters.
ContentCheck check_content(const core::Context& ctx, const storage::StoredContent& content,
                           bool allow_buttons, std::string_view unnamed_button_text);

// One line per button left out, for a reply to the admin; empty when there are none.
std::string describe_problems(const core::Context& ctx,
                              const std::vector<text::ButtonProblem>& problems);

struct SendOptions {
  std::int64_t chat_id = 0;
  std::int64_t reply_to = 0;  // 0: not a reply; sent anyway when that message is gone
  // The user whose name fills {first} and the other fillings; nullptr for none.
  const telegram::User* user = nullptr;
  std::string chat_title;          // for {chatname}
  std::int64_t rules_chat_id = 0;  // the chat whose rules a {rules} button opens
  bool allow_buttons = true;       // false for rules, whose [x](buttonurl://...) stays text
  bool fillings = true;
  bool random_variant = false;  // pick one of the %%%-separated variants (notes, filters)
  bool note_flags = false;      // remove {private} and the other note flags, and apply them
  // Show the stored source as it was written, without formatting, buttons or fillings.
  bool noformat = false;
  std::string unnamed_button_text = "Button";
  bool web_preview = false;
  bool protect_content = false;
  bool disable_notification = false;
  telegram::Priority priority = telegram::Priority::kReply;
};

// Sends content: text longer than one message is split on line boundaries, and a caption too
// long for its media (or text for a sticker or video note) follows the media as text. Buttons
// go on the last message. Returns the ids of the messages sent, first to last, or the first
// error. Content whose text and media are both empty after processing sends nothing.
boost::asio::awaitable<telegram::ApiResult<std::vector<std::int64_t>>> send_content(
    core::Context& ctx, const storage::StoredContent& content, const SendOptions& options);

// Writes content into a pending confirmation's payload under the keys "s", "t" and "f".
void put_content(boost::json::object& payload, const storage::StoredContent& content);

// Reads content written by put_content; nothing when a key is missing or not a string.
std::optional<storage::StoredContent> get_content(const boost::json::object& payload);

// A [Yes][No] keyboard for a confirmation question. The buttons send the callback data
// "<name_space>|v1|a=y&t=<token>" and "...a=n...", which must fit in 64 bytes.
core::Keyboard yes_no_keyboard(const core::Context& ctx, std::string_view name_space,
                               std::string_view token);

// The deep link that opens the bot in a private chat with /start <payload>.
std::string deep_link(const core::Context& ctx, std::string_view payload);

// The URL button to a chat's rules, or nothing when the chat has no rules.
boost::asio::awaitable<std::optional<text::Button>> rules_button(core::Context& ctx,
                                                                 std::int64_t chat_id);

}  // namespace warden::modules

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace warden::core {

// A command as written in a message: "/ban@WardenBot @eve spamming" gives name "ban",
// raw_args "@eve spamming" and args {"@eve", "spamming"}.
struct CommandCall {
  std::string name;  // lower-cased, without the prefix or the @bot suffix
  std::string raw_args;
  std::vector<std::string> args;
  std::size_t args_offset_utf16 = 0;  // where raw_args starts in the message, for entities
};

// Recognises "/cmd" and "!cmd", optionally "/cmd@bot_username". Returns nothing for plain text,
// for a command addressed to another bot, and for names that are not [A-Za-z0-9_]{1,32}.
std::optional<CommandCall> parse_command(std::string_view text, std::string_view bot_username);

// Splits arguments on whitespace; "double" or 'single' quotes group words and a backslash
// escapes the next character inside quotes. An unterminated quote runs to the end.
std::vector<std::string> split_arguments(std::string_view text);

}  // namespace warden::core

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace warden::text {

// Escapes &, < and > (and " for attribute values) for Telegram's HTML parse mode.
std::string escape_html(std::string_view text);

// A link that mentions a user by name: <a href="tg://user?id=ID">NAME</a>, NAME escaped.
std::string mention_html(std::int64_t user_id, std::string_view name);

// Counts UTF-16 code units, the unit of Telegram's entity offsets and length limits.
std::size_t utf16_length(std::string_view utf8);

// Cuts UTF-8 text to at most `max_units` UTF-16 code units without splitting a character.
std::string truncate_utf16(std::string_view utf8, std::size_t max_units);

}  // namespace warden::text

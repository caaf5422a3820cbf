#pragma once

// Rebuilds markdown (the dialect of text/markdown.h) from a Telegram message's text and
// entities, so that formatting an admin applied in the client survives being stored as source.

#include <span>
#include <string>
#include <string_view>

#include "telegram/types.h"

namespace warden::text {

// Writes `text` with its entities (offsets and lengths in UTF-16 code units) as markdown:
// bold *x*, italic _x_, underline __x__, strikethrough ~x~, spoiler ||x||, code `x`,
// pre ```lang\nx\n```, blockquote lines "> x" (expandable: "**> " first and "||" last),
// text_link [x](url), text_mention [x](tg://user?id=N), custom_emoji ![x](tg://emoji?id=N).
// Other entity types stay plain, and characters of the dialect's syntax inside the ones
// Telegram detects (url, email, mention, hashtag, cashtag, bot_command) are escaped.
//
// Plain characters are copied unescaped so that markdown typed by hand still works. A plain
// character is escaped only next to a delimiter or inside an entity with the same delimiter.
// Whitespace at an entity's edges moves outside its delimiters, and a blockquote gets its own
// lines. A U+200B ZERO WIDTH SPACE (kMarkdownSeparator) separates a delimiter from an adjacent
// word character or from a delimiter of the same character, and a U+200B of the text next to a
// delimiter gets one more, because markdown_to_html drops one there. Telegram keeps U+200B in
// message text, so the separators survive when an admin copies the source shown by noformat
// and saves it again. Carriage returns in `text` are dropped, as Telegram drops them from
// message text (tdlib's clean_input_string). Entities out of range, unknown or overlapping do
// not fail: see build_entity_tree for how they are clamped, skipped or split.
std::string entities_to_markdown(std::string_view text,
                                 std::span<const telegram::MessageEntity> entities);

}  // namespace warden::text

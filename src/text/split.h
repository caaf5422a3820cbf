#pragma once

// Length limits of Telegram messages and the splitting of rendered HTML that exceeds them.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace warden::text {

// Telegram's limits on message text and media captions, in rendered_length units.
inline constexpr std::size_t kMaxTextLength = 4096;
inline constexpr std::size_t kMaxCaptionLength = 1024;

// Counts what Telegram counts against those limits, in UTF-16 code units. These are the
// characters left after Telegram parses the HTML: tags removed, entities such as &amp; decoded.
std::size_t rendered_length(std::string_view html);

// Splits HTML whose rendered_length exceeds `limit` into parts of at most `limit` each, in
// order; shorter HTML comes back as the only part. Parts end after a line break where one
// exists in the part, else after a space, else between two characters (never inside a
// surrogate pair, a grapheme cluster such as 👨‍👩‍👧 when avoidable, an HTML entity or a
// custom emoji). Tags open at a split are closed at the end of one part and reopened at the start
// of the next, so each part is valid HTML when the input is. Parts with only whitespace are
// dropped. A `limit` below 2 counts as 2, the width of one character outside the BMP.
std::vector<std::string> split_html(std::string_view html, std::size_t limit);

}  // namespace warden::text

#pragma once

// A strict check of the HTML that Warden sends with parse_mode HTML, for tests, fuzz targets
// and content restored from outside (backups).

#include <optional>
#include <string>
#include <string_view>

namespace warden::text {

// Returns a description of the first problem, or nullopt when the HTML is well formed:
// valid UTF-8; only the tags b, i, u, s, code, pre, a href, span class="tg-spoiler",
// tg-emoji emoji-id (a positive 64-bit id) and blockquote (optionally expandable), with
// double-quoted attribute values; every end tag closing the innermost open tag and none left
// open; '<', '>' and '&' in text escaped as &lt; &gt; &amp; (or &quot;).
// It also checks the nesting Warden relies on. No element may be inside code, tg-emoji or
// another link, and pre contains only text or one code element with a language. Blockquote is
// only at the top level, and pre at the top level or directly inside a blockquote.
// Telegram itself accepts more than this.
std::optional<std::string> find_html_error(std::string_view html);

}  // namespace warden::text

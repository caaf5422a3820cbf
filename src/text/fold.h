#pragma once

// Folding for keyword matching (filters, blacklists, note names): Unicode NFKC with case
// folding, so that "СПАМ" matches "спам", full-width "ＳＰＡＭ" matches "spam" and "STRASSE"
// matches "straße".

#include <string>
#include <string_view>

namespace warden::text {

// Returns the NFKC case fold of text. Invalid UTF-8 bytes become U+FFFD first.
std::string fold_for_matching(std::string_view text);

// Returns the byte offset of the first occurrence of `needle` in `haystack` that starts and ends
// on word boundaries, or std::string_view::npos. Both must be folded already. An edge of the
// needle that is a word character (see is_word_character) must not touch another word
// character, so "spam" is found in "anti-spam!" but not in "spammer". An empty needle is never
// found.
std::size_t find_word(std::string_view haystack, std::string_view needle);

}  // namespace warden::text

#include "text/fold.h"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

#include "text/utf8.h"

namespace warden::text {

std::string fold_for_matching(std::string_view text) {
  std::string valid = sanitize_utf8(text);
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> folded(
      utf8proc_NFKC_Casefold(reinterpret_cast<const utf8proc_uint8_t*>(valid.c_str())), &std::free);
  // utf8proc returns null only for invalid input (sanitized above) or when out of memory, and
  // then the unfolded text is returned.
  if (!folded) return valid;
  return std::string(reinterpret_cast<const char*>(folded.get()));
}

std::size_t find_word(std::string_view haystack, std::string_view needle) {
  if (needle.empty() || needle.size() > haystack.size()) return std::string_view::npos;
  const bool starts_with_word = is_word_character(decode_utf8(needle, 0).code_point);
  const bool ends_with_word = is_word_character(decode_utf8_before(needle, needle.size()).code_point);
  for (std::size_t at = haystack.find(needle); at != std::string_view::npos;
       at = haystack.find(needle, at + 1)) {
    std::size_t end = at + needle.size();
    bool left_ok = !starts_with_word || at == 0 ||
                   !is_word_character(decode_utf8_before(haystack, at).code_point);
    bool right_ok = !ends_with_word || end == haystack.size() ||
                    !is_word_character(decode_utf8(haystack, end).code_point);
    if (left_ok && right_ok) return at;
  }
  return std::string_view::npos;
}

}  // namespace warden::text

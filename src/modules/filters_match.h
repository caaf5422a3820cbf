#pragma once

// The parts of filters that need no Telegram: reading the keywords of /filter and choosing the
// filter a message triggers.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "storage/content_store.h"

namespace warden::modules {

// The keywords at the start of a command's raw arguments.
struct KeywordSpec {
  // As written, without quotes or surrounding whitespace. Empty keywords are left out.
  std::vector<std::string> keywords;
  // The byte offset in the raw arguments just after the keywords and the whitespace after them.
  std::size_t end = 0;
  bool listed = false;  // written as a parenthesised list: (hi, hello, "good day")
};

// Reads one keyword (a word, or a "quoted phrase" in which a backslash escapes the next
// character) or a parenthesised, comma-separated list of them. An opening parenthesis without
// a closing one is read as an ordinary word.
KeywordSpec read_keywords(std::string_view raw_args);

// The filter whose keyword occurs first in `folded_text` on word boundaries. At the same
// position the longest keyword wins. Nothing when none occurs. The text must be folded with
// text::fold_for_matching, as the stored keywords are.
const storage::Filter* first_matching_filter(const std::vector<storage::Filter>& filters,
                                             std::string_view folded_text);

// True when `keyword` followed by " noformat" occurs in `folded_text` on word boundaries.
bool asks_for_noformat(std::string_view folded_text, std::string_view keyword);

// A filter's markdown source with the {nonotif} flag taken out.
struct NoNotifSource {
  std::string source;  // without the flag tokens that count, trimmed when there was one
  bool no_notif = false;
};

// Takes out every {nonotif} that renders as visible text outside code and pre. A {nonotif}
// inside `code` or a ```pre``` block, in a link's URL or in a button stays as written.
NoNotifSource take_no_notif(std::string_view markdown);

}  // namespace warden::modules

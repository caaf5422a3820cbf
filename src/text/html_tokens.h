#pragma once

// A tokenizer for Telegram HTML (the parse_mode "HTML" subset: tags, the entities &lt; &gt;
// &amp; &quot; and numeric character references). The splitter, the placeholder filler and
// the length count walk rendered text with it.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace warden::text {

enum class HtmlTokenKind { kStartTag, kEndTag, kCharacter };

struct HtmlToken {
  HtmlTokenKind kind = HtmlTokenKind::kCharacter;
  std::size_t begin = 0;  // byte offsets of the token in the source
  std::size_t end = 0;
  std::string_view name;    // tag name as written; empty for characters
  char32_t code_point = 0;  // characters only: the character after entity decoding
};

// Splits HTML into tags and visible characters. A '<' that does not start a well-formed tag
// and a '&' that does not start a known entity are characters, as are invalid UTF-8 bytes
// (U+FFFD each), so any input tokenizes.
std::vector<HtmlToken> tokenize_html(std::string_view html);

// Returns the visible text: tags removed, entities decoded, invalid bytes as U+FFFD.
std::string html_to_text(std::string_view html);

// The start tags open at a point of a token walk, outermost first.
class OpenTags {
 public:
  // Pushes a start tag; pops the matching start tag for an end tag (an end tag that matches
  // nothing open is ignored); ignores characters.
  void apply(const HtmlToken& token);

  // The open start tags copied from `html`, outermost first, to reopen them elsewhere.
  std::string reopen(std::string_view html) const;

  // End tags that close every open tag, innermost first.
  std::string close() const;

  bool contains(std::string_view name) const;
  bool empty() const { return tags_.empty(); }
  std::span<const HtmlToken> tags() const { return tags_; }

 private:
  std::vector<HtmlToken> tags_;
};

}  // namespace warden::text

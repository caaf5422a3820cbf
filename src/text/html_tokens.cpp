#include "text/html_tokens.h"

#include <algorithm>

#include "text/utf8.h"

namespace warden::text {
namespace {

bool is_tag_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Returns the end of a tag that starts with '<' at `at`, or npos when none starts there.
// Quoted attribute values may contain '>'.
std::size_t find_tag_end(std::string_view html, std::size_t at, std::string_view& name) {
  std::size_t i = at + 1;
  const bool end_tag = i < html.size() && html[i] == '/';
  if (end_tag) ++i;
  const std::size_t name_begin = i;
  while (i < html.size() && is_tag_name_char(html[i])) ++i;
  if (i == name_begin) return std::string_view::npos;
  name = html.substr(name_begin, i - name_begin);
  if (i < html.size() && html[i] != '>' && !is_html_space(html[i])) return std::string_view::npos;

  char quote = 0;
  for (; i < html.size(); ++i) {
    const char c = html[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      if (end_tag) return std::string_view::npos;
      quote = c;
    } else if (c == '>') {
      return i + 1;
    } else if (c == '<') {
      return std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

bool starts_with_at(std::string_view text, std::size_t at, std::string_view prefix) {
  return text.substr(at, prefix.size()) == prefix;
}

// Decodes an entity that starts with '&' at `at` the way Telegram does. It knows &lt; &gt;
// &amp; &quot;, &#N; and &#xH;, and the ';' may be missing. Returns the code point and sets
// `end`, or returns 0 when the '&' is a plain character.
char32_t decode_entity(std::string_view html, std::size_t at, std::size_t& end) {
  std::size_t i = at + 1;
  char32_t value = 0;
  if (i < html.size() && html[i] == '#') {
    ++i;
    const bool hex = i < html.size() && (html[i] == 'x' || html[i] == 'X');
    if (hex) ++i;
    const std::size_t digits_begin = i;
    while (i < html.size() && i - at < 10) {
      const char c = html[i];
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
      ++i;
    }
    if (i == digits_begin || value == 0 || value >= 0x10FFFF || i - at >= 10) return 0;
    if (value >= 0xD800 && value <= 0xDFFF) value = kReplacementCharacter;
  } else {
    static constexpr std::pair<std::string_view, char32_t> kNamed[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}};
    std::size_t name_end = i;
    while (name_end < html.size() && ((html[name_end] >= 'a' && html[name_end] <= 'z') ||
                                      (html[name_end] >= 'A' && html[name_end] <= 'Z'))) {
      ++name_end;
    }
    const std::string_view name = html.substr(i, name_end - i);
    for (const auto& [entity, code_point] : kNamed) {
      if (name == entity) value = code_point;
    }
    if (value == 0) return 0;
    i = name_end;
  }
  end = i < html.size() && html[i] == ';' ? i + 1 : i;
  return value;
}

}  // namespace

std::vector<HtmlToken> tokenize_html(std::string_view html) {
  std::vector<HtmlToken> tokens;
  tokens.reserve(html.size());
  for (std::size_t at = 0; at < html.size();) {
    HtmlToken token;
    token.begin = at;
    if (html[at] == '<') {
      std::string_view name;
      const std::size_t end = find_tag_end(html, at, name);
      if (end != std::string_view::npos) {
        token.kind =
            starts_with_at(html, at, "</") ? HtmlTokenKind::kEndTag : HtmlTokenKind::kStartTag;
        token.end = end;
        token.name = name;
        tokens.push_back(token);
        at = end;
        continue;
      }
    }
    if (html[at] == '&') {
      std::size_t end = 0;
      if (char32_t code_point = decode_entity(html, at, end); code_point != 0) {
        token.end = end;
        token.code_point = code_point;
        tokens.push_back(token);
        at = end;
        continue;
      }
    }
    const DecodedChar decoded = decode_utf8(html, at);
    token.end = at + decoded.size;
    token.code_point = decoded.code_point;
    tokens.push_back(token);
    at = token.end;
  }
  return tokens;
}

std::string html_to_text(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  for (const HtmlToken& token : tokenize_html(html)) {
    if (token.kind == HtmlTokenKind::kCharacter) append_utf8(text, token.code_point);
  }
  return text;
}

void OpenTags::apply(const HtmlToken& token) {
  if (token.kind == HtmlTokenKind::kStartTag) {
    tags_.push_back(token);
    return;
  }
  if (token.kind != HtmlTokenKind::kEndTag) return;
  const auto open = std::find_if(tags_.rbegin(), tags_.rend(),
                                 [&](const HtmlToken& tag) { return tag.name == token.name; });
  if (open != tags_.rend()) tags_.erase(std::prev(open.base()), tags_.end());
}

std::string OpenTags::reopen(std::string_view html) const {
  std::string out;
  for (const HtmlToken& tag : tags_) out.append(html.substr(tag.begin, tag.end - tag.begin));
  return out;
}

std::string OpenTags::close() const {
  std::string out;
  for (auto tag = tags_.rbegin(); tag != tags_.rend(); ++tag) {
    out.append("</").append(tag->name).append(">");
  }
  return out;
}

bool OpenTags::contains(std::string_view name) const {
  return std::any_of(tags_.begin(), tags_.end(),
                     [&](const HtmlToken& tag) { return tag.name == name; });
}

}  // namespace warden::text

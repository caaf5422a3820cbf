#include "text/html_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <vector>

#include "text/utf8.h"

namespace warden::text {
namespace {

struct Attribute {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

struct Tag {
  std::string_view name;
  std::vector<Attribute> attributes;
  bool is_end = false;
  std::size_t end = 0;  // position after '>'
};

struct OpenElement {
  std::string_view name;
  bool has_text = false;
  bool has_child = false;
};

bool is_name_char(char c) { return (c >= 'a' && c <= 'z') || c == '-'; }

std::size_t entity_length(std::string_view html, std::size_t at) {
  for (std::string_view entity : {"&amp;", "&lt;", "&gt;", "&quot;"}) {
    if (html.substr(at, entity.size()) == entity) return entity.size();
  }
  return 0;
}

std::string_view read_name(std::string_view html, std::size_t& at) {
  const std::size_t begin = at;
  while (at < html.size() && is_name_char(html[at])) ++at;
  return html.substr(begin, at - begin);
}

// Parses the tag at '<'. Attribute values must be double-quoted and escaped.
std::optional<Tag> parse_tag(std::string_view html, std::size_t at, std::string& error) {
  Tag tag;
  std::size_t i = at + 1;
  tag.is_end = i < html.size() && html[i] == '/';
  if (tag.is_end) ++i;
  tag.name = read_name(html, i);
  if (tag.name.empty()) {
    error = fmt::format("'<' at byte {} does not start a tag", at);
    return std::nullopt;
  }
  while (i < html.size() && html[i] != '>') {
    if (html[i] != ' ' || tag.is_end) {
      error = fmt::format("malformed tag <{}> at byte {}", tag.name, at);
      return std::nullopt;
    }
    ++i;
    Attribute attribute;
    attribute.name = read_name(html, i);
    if (attribute.name.empty()) {
      error = fmt::format("empty attribute name in <{}> at byte {}", tag.name, at);
      return std::nullopt;
    }
    if (i < html.size() && html[i] == '=') {
      if (i + 1 >= html.size() || html[i + 1] != '"') {
        error = fmt::format("unquoted attribute value in <{}> at byte {}", tag.name, at);
        return std::nullopt;
      }
      const std::size_t value_begin = i + 2;
      const std::size_t value_end = html.find('"', value_begin);
      if (value_end == std::string_view::npos) break;
      attribute.value = html.substr(value_begin, value_end - value_begin);
      attribute.has_value = true;
      if (attribute.value.find('<') != std::string_view::npos) {
        error = fmt::format("'<' in an attribute value of <{}> at byte {}", tag.name, at);
        return std::nullopt;
      }
      for (std::size_t k = 0; k < attribute.value.size(); ++k) {
        if (attribute.value[k] == '&' && entity_length(attribute.value, k) == 0) {
          error = fmt::format("unescaped '&' in an attribute of <{}> at byte {}", tag.name, at);
          return std::nullopt;
        }
      }
      i = value_end + 1;
    }
    tag.attributes.push_back(attribute);
  }
  if (i >= html.size()) {
    error = fmt::format("unclosed tag <{}> at byte {}", tag.name, at);
    return std::nullopt;
  }
  tag.end = i + 1;
  return tag;
}

bool is_positive_int64(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value > 0 &&
         text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Checks the tag's attributes; returns an error or "".
std::string check_attributes(const Tag& tag, const std::vector<OpenElement>& stack) {
  const auto only = [&](std::string_view name, bool needs_value) {
    return tag.attributes.size() == 1 && tag.attributes[0].name == name &&
           tag.attributes[0].has_value == needs_value;
  };
  const std::string_view name = tag.name;
  if (name == "a") {
    // An empty href is accepted: Telegram then takes the link text as the URL, and a filling
    // such as {last} in an href can be empty.
    return only("href", true) ? "" : "<a> needs one href";
  }
  if (name == "span") {
    return only("class", true) && tag.attributes[0].value == "tg-spoiler"
               ? ""
               : "<span> needs class=\"tg-spoiler\"";
  }
  if (name == "tg-emoji") {
    return only("emoji-id", true) && is_positive_int64(tag.attributes[0].value)
               ? ""
               : "<tg-emoji> needs a positive emoji-id";
  }
  if (name == "blockquote") {
    return tag.attributes.empty() || only("expandable", false) ? "" : "bad <blockquote> attribute";
  }
  if (name == "code" && !tag.attributes.empty()) {
    const bool language = only("class", true) && tag.attributes[0].value.starts_with("language-") &&
                          tag.attributes[0].value.size() > 9;
    const bool in_pre = !stack.empty() && stack.back().name == "pre";
    return language && in_pre ? "" : "<code class> needs a language and a <pre> parent";
  }
  return tag.attributes.empty() ? "" : fmt::format("<{}> takes no attributes", name);
}

std::string check_nesting(const Tag& tag, std::vector<OpenElement>& stack) {
  constexpr std::string_view kSupported[] = {"b",   "i", "u",    "s",        "code",
                                             "pre", "a", "span", "tg-emoji", "blockquote"};
  const std::string_view name = tag.name;
  if (std::find(std::begin(kSupported), std::end(kSupported), name) == std::end(kSupported)) {
    return fmt::format("unsupported tag <{}>", name);
  }
  const auto open = [&](std::string_view element) {
    return std::any_of(stack.begin(), stack.end(),
                       [&](const OpenElement& e) { return e.name == element; });
  };
  if (open("code") || open("tg-emoji")) return fmt::format("<{}> inside code or tg-emoji", name);
  if (name == "a" && open("a")) return "<a> inside <a>";
  if (name == "blockquote" && !stack.empty()) return "<blockquote> below the top level";
  if (name == "pre" && !(stack.empty() || (stack.size() == 1 && stack[0].name == "blockquote"))) {
    return "<pre> below the top level";
  }
  if (!stack.empty() && stack.back().name == "pre") {
    if (name != "code" || stack.back().has_text || stack.back().has_child) {
      return "<pre> holds something besides one <code>";
    }
  }
  if (!stack.empty()) stack.back().has_child = true;
  return check_attributes(tag, stack);
}

}  // namespace

std::optional<std::string> find_html_error(std::string_view html) {
  std::vector<OpenElement> stack;
  std::string error;
  for (std::size_t at = 0; at < html.size();) {
    const char c = html[at];
    if (c == '<') {
      std::optional<Tag> tag = parse_tag(html, at, error);
      if (!tag) return error;
      if (tag->is_end) {
        if (stack.empty() || stack.back().name != tag->name) {
          return fmt::format("</{}> at byte {} does not close the innermost element", tag->name,
                             at);
        }
        stack.pop_back();
      } else {
        error = check_nesting(*tag, stack);
        if (!error.empty()) return fmt::format("{} at byte {}", error, at);
        stack.push_back(OpenElement{tag->name});
      }
      at = tag->end;
      continue;
    }
    if (c == '>') return fmt::format("unescaped '>' at byte {}", at);
    if (!stack.empty() && stack.back().name == "pre" && stack.back().has_child) {
      return fmt::format("text beside <code> in <pre> at byte {}", at);
    }
    if (!stack.empty()) stack.back().has_text = true;
    if (c == '&') {
      const std::size_t length = entity_length(html, at);
      if (length == 0) return fmt::format("unescaped '&' at byte {}", at);
      at += length;
      continue;
    }
    const DecodedChar decoded = decode_utf8(html, at);
    if (decoded.code_point == kReplacementCharacter && decoded.size == 1) {
      return fmt::format("invalid UTF-8 at byte {}", at);
    }
    at += decoded.size;
  }
  if (!stack.empty()) return fmt::format("<{}> is never closed", stack.back().name);
  return std::nullopt;
}

}  // namespace warden::text

#include "text/markdown_syntax.h"

#include <algorithm>

namespace warden::text {

std::string unescape_markdown(std::string_view text, std::string_view escapable) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] == '\\' && i + 1 < text.size() &&
        escapable.find(text[i + 1]) != std::string_view::npos) {
      ++i;
    }
    out += text[i];
  }
  return out;
}

bool is_pre_language(std::string_view first_line) {
  if (first_line.empty()) return false;
  return std::all_of(first_line.begin(), first_line.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '+' || c == '#' || c == '.' || c == '-';
  });
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\r') continue;
    if (is_markdown_escapable(c)) out += '\\';
    out += c;
  }
  return out;
}

std::string escape_markdown_url(std::string_view url) {
  int depth = 0;
  bool balanced = true;
  for (char c : url) {
    if (c == '(') ++depth;
    if (c == ')' && --depth < 0) balanced = false;
  }
  balanced = balanced && depth == 0;

  std::string out;
  out.reserve(url.size());
  for (char c : url) {
    if (c == '\r') continue;
    if (c == '\\' || (!balanced && (c == '(' || c == ')'))) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace warden::text

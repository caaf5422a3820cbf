#include "text/brace_tokens.h"

namespace warden::text {
namespace {

bool is_token_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':';
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::optional<std::string_view> brace_token_at(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '{') return std::nullopt;
  std::size_t end = at + 1;
  while (end < text.size() && is_token_name_char(text[end])) ++end;
  if (end == at + 1 || end >= text.size() || text[end] != '}') return std::nullopt;
  return text.substr(at + 1, end - at - 1);
}

std::string remove_brace_tokens(std::string_view text,
                                const std::function<bool(std::string_view name)>& remove) {
  std::string out;
  out.reserve(text.size());
  std::size_t line_start = 0;  // in `out`
  bool line_had_removal = false;
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] == '<') {
      const std::size_t tag_end = text.find('>', at);
      if (tag_end != std::string_view::npos) {
        out.append(text.substr(at, tag_end + 1 - at));
        at = tag_end + 1;
        continue;
      }
    }
    if (auto name = brace_token_at(text, at); name && remove(*name)) {
      line_had_removal = true;
      at += name->size() + 2;
      continue;
    }
    if (text[at] == '\n') {
      if (line_had_removal && is_blank(std::string_view(out).substr(line_start))) {
        out.resize(line_start);
      } else {
        out += '\n';
      }
      line_start = out.size();
      line_had_removal = false;
      ++at;
      continue;
    }
    out += text[at++];
  }
  if (line_had_removal && is_blank(std::string_view(out).substr(line_start))) {
    out.resize(line_start);
  }
  return std::string(trim(out));
}

}  // namespace warden::text

#include "core/command.h"

#include "storage/directory.h"
#include "text/html.h"

namespace warden::core {
namespace {
bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
}  // namespace

std::optional<CommandCall> parse_command(std::string_view text, std::string_view bot_username) {
  if (text.size() < 2 || (text[0] != '/' && text[0] != '!')) return std::nullopt;
  std::size_t end = 1;
  while (end < text.size() && !is_space(text[end])) ++end;
  std::string_view token = text.substr(1, end - 1);
  std::string_view name = token;
  if (std::size_t at = token.find('@'); at != std::string_view::npos) {
    name = token.substr(0, at);
    std::string_view addressee = token.substr(at + 1);
    if (storage::to_lower_ascii(addressee) != storage::to_lower_ascii(bot_username)) {
      return std::nullopt;
    }
  }
  if (name.empty() || name.size() > 32) return std::nullopt;
  for (char c : name) {
    if (!is_name_char(c)) return std::nullopt;
  }
  CommandCall call;
  call.name = storage::to_lower_ascii(name);
  std::size_t start = end;
  while (start < text.size() && is_space(text[start])) ++start;
  std::size_t stop = text.size();
  while (stop > start && is_space(text[stop - 1])) --stop;
  call.raw_args = std::string(text.substr(start, stop - start));
  call.args = split_arguments(call.raw_args);
  call.args_offset_utf16 = text::utf16_length(text.substr(0, start));
  return call;
}

std::vector<std::string> split_arguments(std::string_view text) {
  std::vector<std::string> args;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    if (i >= text.size()) break;
    std::string arg;
    if (text[i] == '"' || text[i] == '\'') {
      char quote = text[i++];
      while (i < text.size() && text[i] != quote) {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        arg += text[i++];
      }
      ++i;  // the closing quote, if any
    } else {
      while (i < text.size() && !is_space(text[i])) arg += text[i++];
    }
    args.push_back(std::move(arg));
  }
  return args;
}

}  // namespace warden::core

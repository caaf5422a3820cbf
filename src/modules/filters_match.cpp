#include "modules/filters_match.h"

#include <optional>

#include "text/fold.h"
#include "text/html_tokens.h"
#include "text/markdown.h"

namespace warden::modules {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_quote(char c) { return c == '"' || c == '\''; }

std::string trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

// Reads a quoted phrase starting at text[at] and moves `at` past the closing quote, or to the
// end when there is none.
std::string read_quoted(std::string_view text, std::size_t& at) {
  const char quote = text[at++];
  std::string phrase;
  while (at < text.size() && text[at] != quote) {
    if (text[at] == '\\' && at + 1 < text.size()) ++at;
    phrase += text[at++];
  }
  if (at < text.size()) ++at;
  return phrase;
}

void skip_spaces(std::string_view text, std::size_t& at) {
  while (at < text.size() && is_space(text[at])) ++at;
}

// Reads "(a, b, "c d")" starting at text[at] == '('. Nothing when the list is not closed, is
// empty, or has something other than a comma after a quoted item.
std::optional<std::vector<std::string>> read_list(std::string_view text, std::size_t& at) {
  std::size_t i = at + 1;
  std::vector<std::string> items;
  while (true) {
    skip_spaces(text, i);
    if (i >= text.size()) return std::nullopt;
    std::string item;
    if (is_quote(text[i])) {
      item = read_quoted(text, i);
      skip_spaces(text, i);
    } else {
      const std::size_t start = i;
      while (i < text.size() && text[i] != ',' && text[i] != ')') ++i;
      item = trimmed(text.substr(start, i - start));
    }
    if (i >= text.size()) return std::nullopt;
    if (!item.empty()) items.push_back(std::move(item));
    if (text[i] == ')') {
      ++i;
      break;
    }
    if (text[i] != ',') return std::nullopt;
    ++i;
  }
  if (items.empty()) return std::nullopt;
  at = i;
  return items;
}

constexpr std::string_view kNoNotifToken = "{nonotif}";

// A stand-in for the n-th {nonotif} while the source is rendered. Like the token it is a word
// between braces, so the markdown around it is read the same way.
std::string no_notif_marker(std::string_view prefix, std::size_t n) {
  return "{" + std::string(prefix) + std::to_string(n) + "}";
}

}  // namespace

KeywordSpec read_keywords(std::string_view raw_args) {
  KeywordSpec spec;
  std::size_t at = 0;
  skip_spaces(raw_args, at);
  if (at >= raw_args.size()) {
    spec.end = at;
    return spec;
  }
  if (raw_args[at] == '(') {
    std::size_t after = at;
    if (auto items = read_list(raw_args, after)) {
      spec.keywords = std::move(*items);
      spec.listed = true;
      skip_spaces(raw_args, after);
      spec.end = after;
      return spec;
    }
  }
  std::string keyword;
  if (is_quote(raw_args[at])) {
    keyword = trimmed(read_quoted(raw_args, at));
  } else {
    const std::size_t start = at;
    while (at < raw_args.size() && !is_space(raw_args[at])) ++at;
    keyword = std::string(raw_args.substr(start, at - start));
  }
  if (!keyword.empty()) spec.keywords.push_back(std::move(keyword));
  skip_spaces(raw_args, at);
  spec.end = at;
  return spec;
}

const storage::Filter* first_matching_filter(const std::vector<storage::Filter>& filters,
                                             std::string_view folded_text) {
  const storage::Filter* best = nullptr;
  std::size_t best_at = std::string_view::npos;
  for (const storage::Filter& filter : filters) {
    const std::size_t at = text::find_word(folded_text, filter.keyword);
    if (at == std::string_view::npos || at > best_at) continue;
    if (at == best_at && filter.keyword.size() <= best->keyword.size()) continue;
    best = &filter;
    best_at = at;
  }
  return best;
}

bool asks_for_noformat(std::string_view folded_text, std::string_view keyword) {
  std::string pattern(keyword);
  pattern += " noformat";
  return text::find_word(folded_text, pattern) != std::string_view::npos;
}

NoNotifSource take_no_notif(std::string_view markdown) {
  NoNotifSource result;
  std::vector<std::size_t> starts;
  for (std::size_t at = markdown.find(kNoNotifToken); at != std::string_view::npos;
       at = markdown.find(kNoNotifToken, at + kNoNotifToken.size())) {
    starts.push_back(at);
  }
  result.source = std::string(markdown);
  if (starts.empty()) return result;

  // A prefix that the source does not contain, so that every marker found is one of ours.
  std::string prefix = "wardenflag";
  while (markdown.find(prefix) != std::string_view::npos) prefix += 'x';
  std::string marked;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    marked.append(markdown.substr(copied, starts[i] - copied));
    marked += no_notif_marker(prefix, i);
    copied = starts[i] + kNoNotifToken.size();
  }
  marked.append(markdown.substr(copied));

  // Which markers are visible text outside code and pre once rendered. Markers in a URL are
  // inside a tag, and markers in a button label are not in the text at all: both are kept.
  text::MarkdownOptions options;
  options.allow_buttons = true;
  const std::string html = text::markdown_to_html(marked, options).html;
  std::vector<bool> remove(starts.size(), false);
  text::OpenTags open;
  for (const text::HtmlToken& token : text::tokenize_html(html)) {
    open.apply(token);
    if (token.kind != text::HtmlTokenKind::kCharacter || token.code_point != '{') continue;
    if (open.contains("code") || open.contains("pre")) continue;
    for (std::size_t i = 0; i < starts.size(); ++i) {
      const std::string marker = no_notif_marker(prefix, i);
      if (std::string_view(html).substr(token.begin, marker.size()) == marker) {
        remove[i] = true;
        break;
      }
    }
  }

  std::string source;
  copied = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    source.append(markdown.substr(copied, starts[i] - copied));
    if (remove[i]) {
      result.no_notif = true;
    } else {
      source += kNoNotifToken;
    }
    copied = starts[i] + kNoNotifToken.size();
  }
  source.append(markdown.substr(copied));
  result.source = result.no_notif ? trimmed(source) : std::move(source);
  return result;
}

}  // namespace warden::modules

#include "text/markdown.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "text/html.h"
#include "text/html_tokens.h"
#include "text/utf8.h"

namespace warden::text {
namespace {

constexpr std::size_t kNone = std::string_view::npos;
constexpr std::size_t kNotSearched = kNone - 1;  // in the closing-position caches

// Steps that the searches for closing delimiters of one input may take in total: a base that
// covers the worst case of a 4096-character message (Telegram's limit) plus a share per byte.
// Past it, remaining delimiters stay literal, which keeps hostile input of any size fast.
constexpr std::size_t kSearchStepBase = 16'000'000;
constexpr std::size_t kSearchStepsPerByte = 32;
constexpr std::string_view kCustomEmojiPrefix = "tg://emoji?id=";

// Stands where a button was removed until the lines it left empty are removed. Input control
// characters other than \n and \r become spaces before parsing, so it never occurs in input.
constexpr char kButtonMark = '\x01';

enum Style : unsigned {
  kBold = 1,
  kItalic = 2,
  kUnderline = 4,
  kStrikethrough = 8,
  kSpoiler = 16,
  kLink = 32,
};

struct Emphasis {
  std::string_view delimiter;
  Style style;
  std::string_view open_tag;
  std::string_view close_tag;
};

constexpr Emphasis kBoldEmphasis{"*", kBold, "<b>", "</b>"};
constexpr Emphasis kItalicEmphasis{"_", kItalic, "<i>", "</i>"};
constexpr Emphasis kUnderlineEmphasis{"__", kUnderline, "<u>", "</u>"};
constexpr Emphasis kStrikethroughEmphasis{"~", kStrikethrough, "<s>", "</s>"};
constexpr Emphasis kSpoilerEmphasis{"||", kSpoiler, "<span class=\"tg-spoiler\">", "</span>"};

// Byte ranges of [text](target) in the source.
struct LinkSpan {
  std::size_t text_begin = 0;
  std::size_t text_end = 0;
  std::size_t target_begin = 0;
  std::size_t target_end = 0;
  std::size_t end = 0;  // after ')'
};

void append_escaped(std::string& out, char c) {
  switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    default:
      out += c;
  }
}

std::string_view trim_ascii_space(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  const std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

bool is_valid_link_url(std::string_view url) {
  if (url.empty()) return false;
  for (std::size_t at = 0; at < url.size();) {
    const DecodedChar decoded = decode_utf8(url, at);
    if (decoded.code_point < 0x20 || decoded.code_point == 0x7F ||
        is_whitespace(decoded.code_point)) {
      return false;
    }
    at += decoded.size;
  }
  return true;
}

// The id of a tg://emoji?id=N link: a positive 64-bit integer, which Telegram requires.
std::optional<std::string> custom_emoji_id(std::string_view url) {
  if (url.substr(0, kCustomEmojiPrefix.size()) != kCustomEmojiPrefix) return std::nullopt;
  const std::string_view id = url.substr(kCustomEmojiPrefix.size());
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
  if (error != std::errc() || end != id.data() + id.size() || value <= 0 || id[0] == '+') {
    return std::nullopt;
  }
  return std::to_string(value);
}

// Turns input control characters other than \n and \r into spaces, as Telegram does with
// message text, and makes the input valid UTF-8.
std::string clean_input(std::string_view markdown) {
  std::string text = sanitize_utf8(markdown);
  for (char& c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\n' && c != '\r' && c != '\t') c = ' ';
  }
  return text;
}

// Removes the lines that held only removed buttons, then the remaining button marks.
std::string remove_button_marks(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t line_begin = 0;
  while (line_begin <= html.size()) {
    std::size_t line_end = html.find('\n', line_begin);
    const bool last = line_end == kNone;
    if (last) line_end = html.size();
    const std::string_view line = html.substr(line_begin, line_end - line_begin);
    const bool had_button = line.find(kButtonMark) != kNone;
    const bool blank = line.find_first_not_of(" \t\r\x01") == kNone;
    if (!(had_button && blank)) {
      for (char c : line) {
        if (c != kButtonMark) out += c;
      }
      if (!last) out += '\n';
    }
    if (last) break;
    line_begin = line_end + 1;
  }
  return out;
}

class Parser {
 public:
  Parser(std::string_view source, const MarkdownOptions& options, Rendered& result, bool in_quote)
      : source_(source),
        options_(options),
        result_(result),
        in_quote_(in_quote),
        search_steps_left_(kSearchStepBase + kSearchStepsPerByte * source.size()) {}

  std::string parse_all() { return parse(0, source_.size(), 0); }

 private:
  std::string parse(std::size_t begin, std::size_t end, unsigned styles);

  std::size_t try_quote(std::size_t at, std::size_t end, std::string& out);
  std::size_t try_pre(std::size_t at, std::size_t end, unsigned styles, std::string& out);
  std::size_t try_code(std::size_t at, std::size_t end, std::string& out);
  std::size_t try_emphasis(std::size_t at, std::size_t end, unsigned styles, std::string& out);
  std::size_t try_link(std::size_t at, std::size_t end, unsigned styles, std::string& out);
  std::size_t try_custom_emoji(std::size_t at, std::size_t end, std::string& out);
  void record_button(const LinkSpan& link, std::string_view target, unsigned styles);

  bool can_open(std::size_t at, std::size_t size, std::size_t end) const;
  bool can_close(std::size_t at, std::size_t size) const;
  std::size_t find_emphasis_close(std::size_t from, std::size_t end, std::string_view delimiter);
  std::size_t skip_code(std::size_t at, std::size_t end);
  std::size_t code_close(std::size_t from);
  std::size_t pre_close(std::size_t from);
  const std::optional<LinkSpan>& link_at(std::size_t open_bracket);
  std::optional<LinkSpan> find_link(std::size_t open_bracket);
  // Counts one step of a closing-delimiter search; false once the budget is spent.
  bool take_search_step() {
    if (search_steps_left_ == 0) return false;
    --search_steps_left_;
    return true;
  }

  char32_t char_before(std::size_t at) const {
    return at == 0 ? 0 : decode_utf8_before(source_, at).code_point;
  }
  char32_t char_at(std::size_t at) const {
    return at >= source_.size() ? 0 : decode_utf8(source_, at).code_point;
  }

  std::string_view source_;
  const MarkdownOptions& options_;
  Rendered& result_;
  bool in_quote_;
  // Closing positions of code spans, pre blocks and links by start position. The searches do
  // not depend on nesting, so each runs once per start position.
  std::vector<std::size_t> code_close_cache_;
  std::vector<std::size_t> pre_close_cache_;
  std::vector<std::optional<std::optional<LinkSpan>>> link_cache_;
  std::size_t search_steps_left_;
};

std::string Parser::parse(std::size_t begin, std::size_t end, unsigned styles) {
  std::string out;
  std::size_t at = begin;
  // A separator (U+200B) is dropped right after a delimited entity, that is emphasis, code or
  // pre, and right before one. Before a delimiter character it is held back until the step
  // at that character shows whether an entity starts there.
  bool after_delimited = false;
  bool separator_pending = false;
  while (at < end) {
    if (source_.compare(at, kMarkdownSeparator.size(), kMarkdownSeparator) == 0) {
      const std::size_t after = at + kMarkdownSeparator.size();
      if (after_delimited) {
        after_delimited = false;
        at = after;
        continue;
      }
      if (after < end && kMarkdownDelimiterCharacters.find(source_[after]) != kNone) {
        separator_pending = true;
        at = after;
        continue;
      }
    }
    const char c = source_[at];
    const bool line_start = at == 0 || source_[at - 1] == '\n';
    const std::size_t step_begin = out.size();
    bool delimited = false;
    std::size_t next = kNone;
    if (styles == 0 && !in_quote_ && line_start) next = try_quote(at, end, out);
    if (next == kNone) {
      switch (c) {
        case '\\':
          if (at + 1 < end && is_markdown_escapable(source_[at + 1])) {
            append_escaped(out, source_[at + 1]);
            next = at + 2;
          }
          break;
        case '`':
          if (source_.substr(at, 3) == "```" && at + 3 <= end) {
            next = try_pre(at, end, styles, out);
            delimited = next != kNone;
            if (next == kNone) {
              out += "```";
              next = at + 3;
            }
          } else {
            next = try_code(at, end, out);
            delimited = next != kNone;
          }
          break;
        case '*':
        case '_':
        case '~':
        case '|':
          next = try_emphasis(at, end, styles, out);
          delimited = next != kNone;
          break;
        case '[':
          next = try_link(at, end, styles, out);
          break;
        case '!':
          next = try_custom_emoji(at, end, out);
          break;
        case '\r':
          next = at + 1;
          break;
        default:
          break;
      }
    }
    if (next == kNone) {
      append_escaped(out, c);
      next = at + 1;
    }
    if (separator_pending && !delimited) out.insert(step_begin, kMarkdownSeparator);
    separator_pending = false;
    after_delimited = delimited;
    at = next;
  }
  return out;
}

std::size_t Parser::try_quote(std::size_t at, std::size_t end, std::string& out) {
  std::size_t marker = source_.find_first_not_of(" \t", at);
  if (marker == kNone || marker >= end) return kNone;
  const bool expandable_start = source_.substr(marker, 3) == "**>" && marker + 3 <= end;
  if (!expandable_start && source_[marker] != '>') return kNone;

  std::string content;
  std::size_t prefix_end = marker + (expandable_start ? 3 : 1);
  std::size_t block_end = end;
  for (bool first_line = true;; first_line = false) {
    std::size_t line_end = source_.find('\n', prefix_end);
    if (line_end == kNone || line_end > end) line_end = end;
    std::string_view line = source_.substr(prefix_end, line_end - prefix_end);
    if (!line.empty() && line[0] == ' ') line.remove_prefix(1);
    if (!first_line) content += '\n';
    content.append(line);
    block_end = line_end;
    if (line_end >= end) break;
    marker = source_.find_first_not_of(" \t", line_end + 1);
    if (marker == kNone || marker >= end || source_[marker] != '>') break;
    prefix_end = marker + 1;
  }

  const bool expandable = expandable_start && content.size() >= 2 &&
                          std::string_view(content).substr(content.size() - 2) == "||";
  if (expandable) {
    content.resize(content.size() - 2);
  } else if (expandable_start) {
    content.insert(0, "**");
  }
  if (trim_ascii_space(content).empty()) return kNone;

  Parser inner(content, options_, result_, true);
  const std::string html = inner.parse_all();
  out += expandable ? "<blockquote expandable>" : "<blockquote>";
  out += html;
  out += "</blockquote>";
  return block_end;
}

std::size_t Parser::try_pre(std::size_t at, std::size_t end, unsigned styles, std::string& out) {
  if (styles != 0 || is_word_character(char_before(at))) return kNone;
  const std::size_t close = pre_close(at + 3);
  if (close == kNone || close + 3 > end) return kNone;

  std::string_view body = source_.substr(at + 3, close - at - 3);
  std::string_view language;
  if (const std::size_t newline = body.find('\n'); newline != kNone) {
    const std::string_view first_line = body.substr(0, newline);
    if (first_line.empty() || is_pre_language(first_line)) {
      language = first_line;
      body.remove_prefix(newline + 1);
    }
  }
  if (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  const std::string text = unescape_code(body);
  if (text.empty()) return close + 3;

  if (language.empty()) {
    out += "<pre>" + escape_html(text) + "</pre>";
  } else {
    out += "<pre><code class=\"language-" + escape_html(language) + "\">";
    out += escape_html(text) + "</code></pre>";
  }
  return close + 3;
}

std::size_t Parser::try_code(std::size_t at, std::size_t end, std::string& out) {
  if (!can_open(at, 1, end)) return kNone;
  const std::size_t close = code_close(at + 1);
  if (close == kNone || close >= end) return kNone;
  out += "<code>" + escape_html(unescape_code(source_.substr(at + 1, close - at - 1))) + "</code>";
  return close + 1;
}

std::size_t Parser::try_emphasis(std::size_t at, std::size_t end, unsigned styles,
                                 std::string& out) {
  const char next = at + 1 < end ? source_[at + 1] : '\0';
  // "__" is tried as underline first, then as the start of an italic.
  const Emphasis* candidates[2] = {nullptr, nullptr};
  switch (source_[at]) {
    case '*':
      candidates[0] = &kBoldEmphasis;
      break;
    case '~':
      candidates[0] = &kStrikethroughEmphasis;
      break;
    case '|':
      if (next == '|') candidates[0] = &kSpoilerEmphasis;
      break;
    case '_':
      candidates[0] = next == '_' ? &kUnderlineEmphasis : &kItalicEmphasis;
      if (next == '_') candidates[1] = &kItalicEmphasis;
      break;
  }
  for (const Emphasis* emphasis : candidates) {
    if (emphasis == nullptr) break;
    const std::size_t size = emphasis->delimiter.size();
    if ((styles & emphasis->style) != 0 || !can_open(at, size, end)) continue;
    const std::size_t close = find_emphasis_close(at + size, end, emphasis->delimiter);
    if (close == kNone) continue;
    const std::string inner = parse(at + size, close, styles | emphasis->style);
    if (!inner.empty()) {
      out += emphasis->open_tag;
      out += inner;
      out += emphasis->close_tag;
    }
    return close + size;
  }
  return kNone;
}

std::size_t Parser::try_link(std::size_t at, std::size_t end, unsigned styles, std::string& out) {
  if ((styles & kLink) != 0) return kNone;
  const std::optional<LinkSpan>& link = link_at(at);
  if (!link || link->end > end) return kNone;
  const std::string target = std::string(trim_ascii_space(unescape_markdown(
      source_.substr(link->target_begin, link->target_end - link->target_begin))));
  if (is_button_target(target)) {
    if (!options_.allow_buttons) return kNone;
    record_button(*link, target, styles);
    out += kButtonMark;
    return link->end;
  }
  if (link->text_begin == link->text_end || !is_valid_link_url(target)) return kNone;

  const std::string inner = parse(link->text_begin, link->text_end, styles | kLink);
  if (!inner.empty()) out += "<a href=\"" + escape_html(target) + "\">" + inner + "</a>";
  return link->end;
}

void Parser::record_button(const LinkSpan& link, std::string_view target, unsigned styles) {
  std::string name = html_to_text(parse(link.text_begin, link.text_end, styles | kLink));
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  name.erase(std::remove(name.begin(), name.end(), kButtonMark), name.end());
  name = std::string(trim_ascii_space(name));
  if (name.empty()) name = options_.unnamed_button_text;

  ButtonTarget button = parse_button_target(target);
  auto url = normalize_button_url(button.url);
  if (url) {
    text::add_button(result_.rows, Button{std::move(name), std::move(*url)}, button.same_row);
  } else {
    result_.problems.push_back(
        ButtonProblem{std::move(name), std::move(button.url), describe(url.error())});
  }
}

std::size_t Parser::try_custom_emoji(std::size_t at, std::size_t end, std::string& out) {
  if (at + 1 >= end || source_[at + 1] != '[') return kNone;
  const std::optional<LinkSpan>& link = link_at(at + 1);
  if (!link || link->end > end) return kNone;
  const std::string url = std::string(trim_ascii_space(unescape_markdown(
      source_.substr(link->target_begin, link->target_end - link->target_begin))));
  const std::optional<std::string> id = custom_emoji_id(url);
  const std::string text =
      unescape_markdown(source_.substr(link->text_begin, link->text_end - link->text_begin));
  if (!id || text.empty()) return kNone;
  out += "<tg-emoji emoji-id=\"" + *id + "\">" + escape_html(text) + "</tg-emoji>";
  return link->end;
}

bool Parser::can_open(std::size_t at, std::size_t size, std::size_t end) const {
  return at + size < end && !is_whitespace(char_at(at + size)) &&
         !is_word_character(char_before(at));
}

bool Parser::can_close(std::size_t at, std::size_t size) const {
  return !is_whitespace(char_before(at)) && !is_word_character(char_at(at + size));
}

std::size_t Parser::find_emphasis_close(std::size_t from, std::size_t end,
                                        std::string_view delimiter) {
  const char mark = delimiter[0];
  std::size_t at = from;
  while (at < end && take_search_step()) {
    const char c = source_[at];
    if (c == '\\') {
      at += at + 1 < end && is_markdown_escapable(source_[at + 1]) ? 2 : 1;
    } else if (c == '`') {
      at = skip_code(at, end);
    } else if (c == '[') {
      const std::optional<LinkSpan>& link = link_at(at);
      at = link && link->end <= end ? link->end : at + 1;
    } else if (c == mark) {
      std::size_t run_end = at;
      while (run_end < end && source_[run_end] == mark) ++run_end;
      const std::size_t run = run_end - at;
      // A run of exactly two '_' is an underline delimiter and never closes an italic.
      const bool other_delimiter = delimiter == "_" && run == 2;
      if (run >= delimiter.size() && !other_delimiter) {
        const std::size_t close = run_end - delimiter.size();
        if (close > from && can_close(close, delimiter.size())) return close;
      }
      at = run_end;
    } else {
      ++at;
    }
  }
  return kNone;
}

// Returns the position after the code span or ``` run that starts at `at`, as parse() would
// read it inside an emphasis (where pre blocks are literal).
std::size_t Parser::skip_code(std::size_t at, std::size_t end) {
  if (source_.substr(at, 3) == "```") return at + 3;
  if (!can_open(at, 1, end)) return at + 1;
  const std::size_t close = code_close(at + 1);
  return close != kNone && close < end ? close + 1 : at + 1;
}

std::size_t Parser::code_close(std::size_t from) {
  if (code_close_cache_.empty()) code_close_cache_.assign(source_.size() + 1, kNotSearched);
  std::size_t& cached = code_close_cache_[from];
  if (cached != kNotSearched) return cached;

  cached = kNone;
  for (std::size_t at = from; at < source_.size() && take_search_step();) {
    const char c = source_[at];
    if (c == '\\' && at + 1 < source_.size() &&
        (source_[at + 1] == '`' || source_[at + 1] == '\\')) {
      at += 2;
    } else if (c == '`') {
      std::size_t run_end = at;
      while (run_end < source_.size() && source_[run_end] == '`') ++run_end;
      const std::size_t close = run_end - 1;
      if (close > from && can_close(close, 1)) {
        cached = close;
        break;
      }
      at = run_end;
    } else {
      ++at;
    }
  }
  return cached;
}

std::size_t Parser::pre_close(std::size_t from) {
  if (pre_close_cache_.empty()) pre_close_cache_.assign(source_.size() + 1, kNotSearched);
  std::size_t& cached = pre_close_cache_[from];
  if (cached != kNotSearched) return cached;

  cached = kNone;
  for (std::size_t at = from; at + 3 <= source_.size() && take_search_step();) {
    if (source_[at] == '\\' && (source_[at + 1] == '`' || source_[at + 1] == '\\')) {
      at += 2;
    } else if (source_.substr(at, 3) == "```" && !is_word_character(char_at(at + 3))) {
      cached = at;
      break;
    } else {
      ++at;
    }
  }
  return cached;
}

const std::optional<LinkSpan>& Parser::link_at(std::size_t open_bracket) {
  if (link_cache_.empty()) link_cache_.resize(source_.size() + 1);
  auto& cached = link_cache_[open_bracket];
  if (!cached) cached = find_link(open_bracket);
  return *cached;
}

// Matches the bracket at `open_bracket` and then the parenthesis after it, counting nested
// pairs; escaped brackets and parentheses do not count.
std::optional<LinkSpan> Parser::find_link(std::size_t open_bracket) {
  const auto match = [&](std::size_t from, char open, char close) -> std::size_t {
    int depth = 0;
    for (std::size_t at = from; at < source_.size() && take_search_step(); ++at) {
      const char c = source_[at];
      if (c == '\\' && at + 1 < source_.size() && is_markdown_escapable(source_[at + 1])) {
        ++at;
      } else if (c == open) {
        ++depth;
      } else if (c == close && --depth == 0) {
        return at;
      }
    }
    return kNone;
  };
  const std::size_t close_bracket = match(open_bracket, '[', ']');
  if (close_bracket == kNone || close_bracket + 1 >= source_.size() ||
      source_[close_bracket + 1] != '(') {
    return std::nullopt;
  }
  const std::size_t close_paren = match(close_bracket + 1, '(', ')');
  if (close_paren == kNone) return std::nullopt;
  return LinkSpan{open_bracket + 1, close_bracket, close_bracket + 2, close_paren, close_paren + 1};
}

}  // namespace

Rendered markdown_to_html(std::string_view markdown, const MarkdownOptions& options) {
  const std::string source(trim_ascii_space(clean_input(markdown)));
  Rendered result;
  Parser parser(source, options, result, false);
  result.html = std::string(trim_ascii_space(remove_button_marks(parser.parse_all())));
  return result;
}

}  // namespace warden::text

#include "text/split.h"

#include <utf8proc.h>

#include <algorithm>

#include "text/html_tokens.h"
#include "text/utf8.h"

namespace warden::text {
namespace {

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

class Splitter {
 public:
  Splitter(std::string_view html, std::size_t limit)
      : html_(html), limit_(std::max<std::size_t>(limit, 2)), tokens_(tokenize_html(html)) {
    units_before_.assign(tokens_.size() + 1, 0);
    break_before_.assign(tokens_.size(), true);
    utf8proc_int32_t state = 0;
    char32_t previous = 0;
    bool first = true;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      units_before_[i + 1] = units_before_[i];
      if (!is_character(i)) continue;
      const char32_t c = tokens_[i].code_point;
      units_before_[i + 1] += utf16_units(c);
      if (!first) {
        break_before_[i] = utf8proc_grapheme_break_stateful(
            static_cast<utf8proc_int32_t>(previous), static_cast<utf8proc_int32_t>(c), &state);
      }
      previous = c;
      first = false;
    }
  }

  std::vector<std::string> run();

 private:
  bool is_character(std::size_t i) const { return tokens_[i].kind == HtmlTokenKind::kCharacter; }
  std::size_t units(std::size_t from, std::size_t to) const {
    return units_before_[to] - units_before_[from];
  }
  std::size_t choose_cut(std::size_t overflow) const;
  std::size_t character_cut(std::size_t overflow) const;
  std::size_t keep_custom_emoji_whole(std::size_t cut) const;
  OpenTags open_at(std::size_t token) const;
  void emit_part(std::size_t end);

  std::string_view html_;
  std::size_t limit_;
  std::vector<HtmlToken> tokens_;
  std::vector<std::size_t> units_before_;  // UTF-16 units of the characters before each token
  std::vector<bool> break_before_;         // a grapheme cluster boundary precedes the character
  std::vector<std::string> parts_;
  std::size_t part_begin_ = 0;
  OpenTags open_at_part_begin_;
  std::size_t last_line_break_ = kNone;  // token after the last '\n' of the current part
  std::size_t last_space_ = kNone;
};

std::vector<std::string> Splitter::run() {
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!is_character(i)) continue;
    while (units(part_begin_, i + 1) > limit_) {
      const std::size_t cut = choose_cut(i);
      emit_part(cut);
    }
    const char32_t c = tokens_[i].code_point;
    if (c == '\n') last_line_break_ = i + 1;
    if (c == ' ') last_space_ = i + 1;
  }
  emit_part(tokens_.size());
  return std::move(parts_);
}

// Picks where the part that the character at `overflow` does not fit in ends.
std::size_t Splitter::choose_cut(std::size_t overflow) const {
  std::size_t cut = kNone;
  for (std::size_t candidate : {last_line_break_, last_space_}) {
    if (candidate != kNone && candidate > part_begin_ && units(part_begin_, candidate) > 0) {
      cut = candidate;
      break;
    }
  }
  if (cut == kNone) cut = character_cut(overflow);
  cut = keep_custom_emoji_whole(cut);

  // End tags right after the cut stay in this part and start tags right before it move to the
  // next one, so that neither part has an empty element.
  while (cut < overflow && tokens_[cut].kind == HtmlTokenKind::kEndTag) ++cut;
  while (cut > part_begin_ + 1 && tokens_[cut - 1].kind == HtmlTokenKind::kStartTag &&
         units(part_begin_, cut - 1) > 0) {
    --cut;
  }
  return cut;
}

// The last grapheme cluster boundary at or before `overflow` that leaves the part non-empty,
// or `overflow` itself when the part is a single cluster.
std::size_t Splitter::character_cut(std::size_t overflow) const {
  for (std::size_t k = overflow; k > part_begin_; --k) {
    if (!is_character(k)) continue;
    if (units(part_begin_, k) == 0) break;
    if (break_before_[k]) return k;
  }
  return overflow;
}

// Moves a cut inside a <tg-emoji> element before the element when the part stays non-empty.
std::size_t Splitter::keep_custom_emoji_whole(std::size_t cut) const {
  if (!open_at(cut).contains("tg-emoji")) return cut;
  for (std::size_t k = cut; k > part_begin_; --k) {
    const HtmlToken& token = tokens_[k - 1];
    if (token.kind == HtmlTokenKind::kStartTag && token.name == "tg-emoji") {
      return units(part_begin_, k - 1) > 0 ? k - 1 : cut;
    }
  }
  return cut;
}

OpenTags Splitter::open_at(std::size_t token) const {
  OpenTags open = open_at_part_begin_;
  for (std::size_t i = part_begin_; i < token; ++i) open.apply(tokens_[i]);
  return open;
}

void Splitter::emit_part(std::size_t end) {
  OpenTags open = open_at_part_begin_;
  std::string part = open.reopen(html_);
  bool blank = true;
  for (std::size_t i = part_begin_; i < end; ++i) {
    const HtmlToken& token = tokens_[i];
    part.append(html_.substr(token.begin, token.end - token.begin));
    open.apply(token);
    if (is_character(i) && !is_whitespace(token.code_point)) blank = false;
  }
  part += open.close();
  if (!blank) parts_.push_back(std::move(part));

  part_begin_ = end;
  open_at_part_begin_ = open;
  if (last_line_break_ != kNone && last_line_break_ <= end) last_line_break_ = kNone;
  if (last_space_ != kNone && last_space_ <= end) last_space_ = kNone;
}

}  // namespace

std::size_t rendered_length(std::string_view html) {
  std::size_t length = 0;
  for (const HtmlToken& token : tokenize_html(html)) {
    if (token.kind == HtmlTokenKind::kCharacter) length += utf16_units(token.code_point);
  }
  return length;
}

std::vector<std::string> split_html(std::string_view html, std::size_t limit) {
  if (rendered_length(html) <= std::max<std::size_t>(limit, 2)) return {std::string(html)};
  return Splitter(html, limit).run();
}

}  // namespace warden::text

#include "text/placeholders.h"

#include <optional>
#include <vector>

#include "text/brace_tokens.h"
#include "text/html.h"
#include "text/html_tokens.h"
#include "text/utf8.h"

namespace warden::text {
namespace {

class Filler {
 public:
  explicit Filler(const FillingContext& context) : context_(context) {}

  // The HTML for a filling, or nullopt when `name` is not one. `link_allowed` is false where
  // an <a> element cannot go.
  std::optional<std::string> value(std::string_view name, bool link_allowed) {
    const telegram::User* user = context_.user;
    if (name == "first") return escape_html(first_name());
    if (name == "last") return escape_html(last_name());
    if (name == "fullname") {
      const std::string last = last_name();
      return escape_html(last.empty() ? first_name() : first_name() + " " + last);
    }
    if (name == "username") {
      if (user && user->username && !user->username->empty()) {
        return escape_html("@" + *user->username);
      }
      return mention(link_allowed);
    }
    if (name == "mention") return mention(link_allowed);
    if (name == "id") return std::to_string(user ? user->id : 0);
    if (name == "chatname") return escape_html(context_.chat_title);
    if (name == "count") {
      if (!count_) count_ = context_.member_count ? context_.member_count() : 0;
      return std::to_string(*count_);
    }
    return std::nullopt;
  }

  // Fills the tokens in `text`, a tag or a run of characters, appending to `out`.
  void fill(std::string_view text, bool link_allowed, std::string& out) {
    for (std::size_t at = 0; at < text.size();) {
      if (auto name = brace_token_at(text, at)) {
        if (auto filled = value(*name, link_allowed)) {
          out += *filled;
          at += name->size() + 2;
          continue;
        }
      }
      out += text[at++];
    }
  }

 private:
  std::string first_name() const {
    if (!context_.user || context_.user->first_name.empty()) return std::string(kNamelessUser);
    return context_.user->first_name;
  }
  std::string last_name() const {
    return context_.user ? context_.user->last_name.value_or("") : "";
  }
  std::string mention(bool link_allowed) const {
    if (!link_allowed || !context_.user) return escape_html(first_name());
    return mention_html(context_.user->id, first_name());
  }

  const FillingContext& context_;
  std::optional<std::int64_t> count_;
};

bool is_link_allowed(const OpenTags& open) {
  return !open.contains("a") && !open.contains("code") && !open.contains("pre") &&
         !open.contains("tg-emoji");
}

bool is_blank_character(const HtmlToken& token) {
  return token.kind == HtmlTokenKind::kCharacter && is_whitespace(token.code_point);
}

// The variant in tokens [begin, end) without surrounding whitespace, with the tags open at
// `begin` reopened and those open at `end` closed.
std::string balanced_variant(std::string_view html, const std::vector<HtmlToken>& tokens,
                             std::size_t begin, std::size_t end) {
  OpenTags open;
  for (std::size_t i = 0; i < begin; ++i) open.apply(tokens[i]);
  while (begin < end && is_blank_character(tokens[begin])) open.apply(tokens[begin++]);
  while (end > begin && is_blank_character(tokens[end - 1])) --end;

  bool blank = true;
  std::string variant = open.reopen(html);
  for (std::size_t i = begin; i < end; ++i) {
    variant.append(html.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    open.apply(tokens[i]);
    if (tokens[i].kind == HtmlTokenKind::kCharacter && !is_blank_character(tokens[i])) {
      blank = false;
    }
  }
  if (blank) return {};
  return variant + open.close();
}

}  // namespace

std::string fill_placeholders(std::string_view html, const FillingContext& context) {
  Filler filler(context);
  std::string out;
  out.reserve(html.size());
  OpenTags open;
  const std::vector<HtmlToken> tokens = tokenize_html(html);
  std::size_t run_begin = 0;  // the start of the characters since the last tag
  for (const HtmlToken& token : tokens) {
    if (token.kind == HtmlTokenKind::kCharacter) continue;
    filler.fill(html.substr(run_begin, token.begin - run_begin), is_link_allowed(open), out);
    filler.fill(html.substr(token.begin, token.end - token.begin), false, out);
    open.apply(token);
    run_begin = token.end;
  }
  filler.fill(html.substr(run_begin), is_link_allowed(open), out);
  return out;
}

FlaggedContent extract_note_flags(std::string_view content) {
  FlaggedContent result;
  NoteFlags& flags = result.flags;
  const std::pair<std::string_view, bool*> flag_fields[] = {
      {"private", &flags.private_only},     {"noprivate", &flags.group_only},
      {"admin", &flags.admin_only},         {"preview", &flags.web_preview},
      {"nopreview", &flags.no_web_preview}, {"protect", &flags.is_protected},
      {"nonotif", &flags.no_notif},
  };
  result.text = remove_brace_tokens(content, [&](std::string_view name) {
    for (const auto& [flag, field] : flag_fields) {
      if (name == flag) {
        *field = true;
        return true;
      }
    }
    return false;
  });
  return result;
}

std::string choose_random_variant(std::string_view html, const RandomIndex& random) {
  const std::vector<HtmlToken> tokens = tokenize_html(html);
  const auto is_percent = [&](std::size_t i) {
    return i < tokens.size() && tokens[i].kind == HtmlTokenKind::kCharacter &&
           tokens[i].code_point == '%';
  };

  std::vector<std::string> variants;
  std::size_t begin = 0;
  for (std::size_t i = 0; i <= tokens.size(); ++i) {
    const bool separator = is_percent(i) && is_percent(i + 1) && is_percent(i + 2);
    if (!separator && i < tokens.size()) continue;
    std::string variant = balanced_variant(html, tokens, begin, i);
    if (!variant.empty()) variants.push_back(std::move(variant));
    if (i == tokens.size()) break;
    begin = i + 3;
    i += 2;
  }
  if (variants.empty()) return {};
  if (variants.size() == 1) return variants.front();
  return variants[random(variants.size()) % variants.size()];
}

}  // namespace warden::text
